/**
 * The load generator: HTTP load whose rate can change while it runs, and
 * windows of results that merge exactly (counts and latency histograms).
 * Load from this machine runs autocannon (local.ts); every load is refused
 * unless it targets this machine (target-guard.ts).
 */
export { startLocalLoad, reconnectEvery, splitRate } from "./local";
export type { GeneratorHealth, LoadRun, LocalLoadOptions } from "./local";
export { probeLatencyMs } from "./probe";
export { assertLocalTarget } from "./target-guard";
export {
  decodeWindow,
  emptyWindow,
  encodeWindow,
  failed,
  mergeWindows,
  p99Ms,
  ratePerSecond,
  summarize,
} from "./window";
export type { EncodedWindow, LoadSummary, LoadWindow } from "./window";
