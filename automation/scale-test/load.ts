/**
 * The load runner: autocannon driven through its programmatic API, returning
 * a plain summary. Importable by the scale test, the benchmark and the tests;
 * it prints nothing. While running, `window()` reports the rate, p99 latency
 * and failures since the previous call, which the observer folds into its
 * samples.
 */
import autocannon from "autocannon";
import { assertLocalTarget } from "./target-guard";
import type { LoadSummary } from "./types";

export interface LoadOptions {
  /** Full URL including the path, e.g. http://127.0.0.1:30500/api/menu/search?q=curry. */
  url: string;
  connections: number;
  durationSeconds: number;
  /** Cap on requests per second over all connections; undefined means as fast as possible. */
  rate?: number;
  /**
   * Requests per connection before it reconnects. kube-proxy balances per
   * connection, so without reconnects keep-alive pins all load to the pods that
   * existed when the test started and new replicas never receive any.
   */
  reconnectRate?: number;
  /** Seconds before a request counts as timed out. */
  timeoutSeconds?: number;
  /** autocannon worker threads (benchmarks only: windows are not reported with workers). */
  workers?: number;
  /** Further hosts allowed besides loopback and this host's own addresses (e.g. a Service IP). */
  allowedHosts?: string[];
}

/** Figures for the interval since the previous `window()` call. */
export interface LoadWindow {
  reqPerSec: number;
  p99Ms: number | null;
  /** Failed requests since load started (errors, timeouts and non-2xx). */
  failedTotal: number;
}

export interface LoadRun {
  /** Resolves with the summary when the duration is over or `stop()` was called. */
  done: Promise<LoadSummary>;
  /** Ends the load early; `done` still resolves with what was measured. */
  stop(): void;
  window(): LoadWindow;
}

/** Maps autocannon's result to our summary. autocannon counts timeouts among errors; we split them. */
export function summarize(result: autocannon.Result, connections: number): LoadSummary {
  const timeouts = result.timeouts;
  const errors = Math.max(0, result.errors - timeouts);
  const duration = result.duration > 0 ? result.duration : 0;
  return {
    url: result.url,
    requests: result.requests.total,
    reqPerSec: duration > 0 ? result.requests.total / duration : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors,
    timeouts,
    non2xx: result.non2xx,
    failed: errors + timeouts + result.non2xx,
    durationSeconds: duration,
    connections,
  };
}

/** Bounds memory when nobody calls window() (e.g. a benchmark); a 5 s window at the rates we cap to stays far below. */
const MAX_WINDOW_LATENCIES = 200_000;

/** The q-quantile (0..1) of unsorted values; null when empty. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Starts load against a local target (see target-guard.ts) and returns a handle on the run. */
export function startLoad(options: LoadOptions): LoadRun {
  assertLocalTarget(options.url, options.allowedHosts);
  let latencies: number[] = [];
  let responses = 0;
  let failedTotal = 0;
  let windowStart = Date.now();
  let instance: autocannon.Instance | undefined;
  const done = new Promise<LoadSummary>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        overallRate: options.rate,
        reconnectRate: options.reconnectRate,
        timeout: options.timeoutSeconds ?? 10,
        workers: options.workers,
      },
      (err, result) => (err ? reject(err) : resolve(summarize(result, options.connections))),
    );
  });
  if (!instance) throw new Error("autocannon did not start");
  instance.on("response", (_client, statusCode: number, _bytes: number, responseTime: number) => {
    responses++;
    if (latencies.length < MAX_WINDOW_LATENCIES) latencies.push(responseTime);
    if (statusCode < 200 || statusCode > 299) failedTotal++;
  });
  instance.on("reqError", () => failedTotal++);
  const running = instance;
  return {
    done,
    stop: () => running.stop(),
    window: () => {
      const now = Date.now();
      const seconds = Math.max(0.001, (now - windowStart) / 1000);
      const result = { reqPerSec: responses / seconds, p99Ms: quantile(latencies, 0.99), failedTotal };
      latencies = [];
      responses = 0;
      windowStart = now;
      return result;
    },
  };
}
