/** Builders of synthetic scale-test data for the pure-core specs. */
import type { DemandSummary, Expectations, LoadSummary, Sample } from "../../automation/shared/results";

/** A sample with quiet defaults; override what the case is about. */
export function sample(t: number, fields: Partial<Sample> = {}): Sample {
  return {
    t,
    cpuUtilization: 50,
    memoryUtilization: 30,
    desiredReplicas: 2,
    currentReplicas: 2,
    readyReplicas: 2,
    podPhases: { Running: 2 },
    pendingReasons: [],
    events: [],
    reqPerSec: 80,
    p99Ms: 40,
    errors: 0,
    targetRate: 80,
    podCpuMillicores: 200,
    ...fields,
  };
}

/** Rows of [t, ready, desired, cpu] with current = desired. */
export function series(rows: Array<[number, number, number, number | null]>): Sample[] {
  return rows.map(([t, ready, desired, cpu]) =>
    sample(t, { readyReplicas: ready, desiredReplicas: desired, currentReplicas: desired, cpuUtilization: cpu }),
  );
}

/** The backend defaults: 2..10 replicas, expect 4 within 130 s, no failures allowed. */
export function expectations(fields: Partial<Expectations> = {}): Expectations {
  return {
    target: "backend",
    minReplicas: 2,
    maxReplicas: 10,
    scaleUpReplicas: 4,
    scaleUpWithinSeconds: 130,
    maxFailedRequests: 0,
    cpuTargetUtilization: 70,
    derivation: ["N = 4.", "T = 130 s."],
    ...fields,
  };
}

/** A clean 150 s load run. */
export function loadSummary(fields: Partial<LoadSummary> = {}): LoadSummary {
  return {
    url: "http://127.0.0.1:30500/api/menu/search?q=chicken",
    due: 12000,
    queued: 0,
    dropped: 0,
    requests: 12000,
    reqPerSec: 80,
    p50Ms: 12,
    p99Ms: 48,
    maxMs: 120,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    failed: 0,
    durationSeconds: 150,
    connections: 10,
    ...fields,
  };
}

/** Scaled from 2 to 4 ready replicas 60 s into the load. */
export const scaledAt60s = (): Sample[] =>
  series([
    [0, 2, 2, 40],
    [60, 4, 4, 90],
  ]);

/** The HPA never reported CPU: metrics were missing throughout. */
export const withoutMetrics = (): Sample[] =>
  series([
    [0, 2, 2, null],
    [150, 2, 2, null],
  ]);

/** What a run that produced its demand reports: 710m aimed, 700m produced, 468m needed for N. */
export function demandSummary(fields: Partial<DemandSummary> = {}): DemandSummary {
  return {
    targetMillicores: 710,
    neededMillicores: 468,
    producedMillicores: 700,
    costMs: 5,
    probeMs: 6.5,
    reqPerSec: 140,
    capPerSecond: 1000,
    capBinding: false,
    wantedReqPerSec: 142,
    plateauFromSeconds: 20,
    baselinePerPodMillicores: 1,
    calibration: { seconds: 32, requests: 990, failed: 0, costMs: 5.2, scalesAtMillicores: 312 },
    generator: { maxCpuPercent: 30, maxEventLoopP99Ms: 12, saturated: false, behind: [], generators: [] },
    derivation: ["Demand = 710m CPU."],
    ...fields,
  };
}
