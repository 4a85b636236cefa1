/**
 * The load generator: HTTP load at an arrival rate (requests due evenly at
 * the rate, any rate >= 0, changeable while it runs, the connections a cap;
 * dispatcher.ts), and windows of results that merge exactly (counts and
 * latency histograms). Load from this machine runs on autocannon's HTTP
 * client (local.ts) and may only target this machine; load from inside the cluster runs the same program in the
 * pods of an Indexed Job (cluster.ts, pod.ts) and may only target the
 * stack's own Service (target-guard.ts). Both are a LoadRun (load-run.ts).
 * This file is the folder's only door.
 */
export { clusterLoadGenerator } from "./cluster";
export type { JobTiming } from "./cluster";
export type { LoadCluster } from "./cluster-api";
export { LOADGEN_IMAGE, LOADGEN_RESOURCES } from "./cluster-job";
export { kubeLoadCluster } from "./cluster-kube";
export type { KubeHandle } from "./cluster-kube";
export { judgeGenerators, LOCAL_GENERATOR, owedShares, QUEUED_SHARE } from "./health";
export type { GeneratorReport, GeneratorVerdict } from "./health";
export { DISPATCH_TIMING } from "./dispatcher";
export { localLoadGenerator, startLocalLoad } from "./local";
export type { LocalLoadOptions } from "./local";
export type { GeneratorHealth, GeneratorShare, LoadGenerator, LoadOrigin, LoadRun } from "./load-run";
export { probeLatencyMs } from "./probe";
export { SIMULATED_REQUEST_COST_MS, simulatedLoadGenerator, USAGE_CPU_ANNOTATION } from "./simulated";
export type { SimulatedPods } from "./simulated";
export { kubeSimulatedPods } from "./simulated-kube";
export { assertLocalTarget, isLoopback, localAddresses, serviceHost } from "./target-guard";
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
