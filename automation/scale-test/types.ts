/**
 * Plain data shared by the scale test's pure core (expectations, timeline
 * verdict, report) and its adapters (load, observe). No behaviour here, so the
 * core can be tested on synthetic values without a cluster.
 */

/** Which FeastFlow workload the scale test drives. */
export type Target = "backend" | "frontend";

/** One observation, taken every few seconds while the test runs. */
export interface Sample {
  /** Seconds since load started (negative before it starts). */
  t: number;
  /** HPA's current average CPU utilization, % of the request; null while metrics are unavailable. */
  cpuUtilization: number | null;
  /** HPA's current average memory utilization, % of the request; null when unset or unavailable. */
  memoryUtilization: number | null;
  /** HPA status.desiredReplicas; null when there is no HPA or it has no status yet. */
  desiredReplicas: number | null;
  /** HPA status.currentReplicas (falls back to the Deployment's replicas). */
  currentReplicas: number | null;
  /** Deployment status.readyReplicas. */
  readyReplicas: number;
  /** Count of the target's pods per phase, e.g. { Running: 3, Pending: 1 }. */
  podPhases: Record<string, number>;
  /** Why Pending pods are not scheduled, e.g. "0/1 nodes are available: 1 Insufficient cpu." */
  pendingReasons: string[];
  /** HPA events (e.g. SuccessfulRescale messages) first seen since the previous sample. */
  events: string[];
  /** Completed requests per second over the interval since the previous sample. */
  reqPerSec: number;
  /** 99th percentile latency over that interval, ms; null when no request completed. */
  p99Ms: number | null;
  /** Failed requests (errors + timeouts + non-2xx) since load started, cumulative. */
  errors: number;
}

/** What the load runner hands back when it finishes. */
export interface LoadSummary {
  url: string;
  /** Completed requests (any status). */
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors other than timeouts (refused, reset, ...). */
  errors: number;
  timeouts: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  /** errors + timeouts + non2xx: the number the error budget is checked against. */
  failed: number;
  durationSeconds: number;
  connections: number;
}

/** What a passing run must show; built by expectations.ts, checked by timeline.ts. */
export interface Expectations {
  target: Target;
  minReplicas: number;
  maxReplicas: number;
  /** Scale-up must reach at least this many ready replicas... */
  scaleUpReplicas: number;
  /** ...within this many seconds of load start. */
  scaleUpWithinSeconds: number;
  /** Largest acceptable count of failed requests (errors + timeouts + non-2xx). */
  maxFailedRequests: number;
  /** HPA CPU target, % of the request; used to tell "load too low" apart from other failures. */
  cpuTargetUtilization?: number;
  /** When set, replicas must come back to minReplicas within this many seconds after load stops. */
  scaleDownWithinSeconds?: number;
  /** The CPU demand (millicores) the expectation assumed, when a model turned the load into one. */
  demandMillicores?: number;
  /** How the numbers were derived, one sentence each, for the report. */
  derivation: string[];
}

/** One assertion of the verdict, with a sentence saying what was seen. */
export interface Check {
  name: "scale-up" | "max-replicas" | "failed-requests" | "scale-down";
  passed: boolean;
  message: string;
}

/** The scale test's outcome: passed only when every check passed. */
export interface Verdict {
  passed: boolean;
  checks: Check[];
  /** Likely causes of a failed check, in words (metrics missing, pods Pending, load too low, ...). */
  explanations: string[];
}

/** One observed sample beside what the HPA model predicts at the same moment. */
export interface ComparedSample {
  t: number;
  /** HPA status.desiredReplicas; null when the HPA had no status. */
  observedDesired: number | null;
  predictedDesired: number;
  /** observed − predicted; null when nothing was observed. */
  diff: number | null;
}

/** How far a run's desired replicas were from the model's, under the demand the run showed. */
export interface Comparison {
  /** The constant CPU demand the model was run with, estimated from the run, millicores. */
  demandMillicores: number;
  samples: ComparedSample[];
  /** Largest |observed − predicted| over the samples with an observation. */
  maxAbsDiff: number;
  /** Share (0..1) of those samples where |observed − predicted| ≤ 1. */
  withinOne: number;
  /** When desiredReplicas first rose above its starting value; null where it never did. */
  firstScaleUp: { observedSeconds: number | null; predictedSeconds: number | null; diffSeconds: number | null };
}
