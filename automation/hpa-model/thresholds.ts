/**
 * Demand thresholds read off the replica calculator itself: the least total
 * CPU demand at which the HPA, seeing it spread over some Ready pods, asks
 * for more of them. The scale test sizes its load with these, and calls a
 * run that stayed below them too light to judge.
 */
import { DEFAULT_MODEL_OPTIONS } from "./options";
import { resourceReplicas, type PodView, type ResourceMetricSpec } from "./replica-calculator";
import { hpaSpecFor, type ModelWorkload } from "./spec";

/** The workload's CPU metric as the controller sees it; undefined without a CPU target. */
function cpuMetric(workload: ModelWorkload): ResourceMetricSpec | undefined {
  return hpaSpecFor(workload, DEFAULT_MODEL_OPTIONS.downscaleStabilizationSeconds).metrics.find(
    (m) => m.resource === "cpu",
  );
}

/** When the calculator looks: long past the pods' start (0 s) and their CPU initialization period. */
const STEADY_NOW = 10 * DEFAULT_MODEL_OPTIONS.cpuInitializationPeriodSeconds;

/** `pods` Ready pods long past their CPU initialization, sharing `demand` millicores evenly. */
function steadyPods(pods: number, demand: number): PodView[] {
  const share = demand / pods;
  return Array.from({ length: pods }, () => ({
    startTime: 0,
    phase: "Running" as const,
    ready: true,
    readyTransitionTime: 0,
    metric: { cpuMillicores: share, memoryBytes: 0, timestamp: STEADY_NOW, windowSeconds: 15 },
  }));
}

/**
 * The least whole-millicore total demand at which `pods` steady Ready pods
 * make the CPU metric propose at least `replicas`. Found by bisection over
 * the calculator, so tolerance, truncation and rounding are upstream's.
 * Undefined when the workload has no CPU target or `replicas` <= `pods`.
 */
export function leastDemandToReach(workload: ModelWorkload, pods: number, replicas: number): number | undefined {
  const metric = cpuMetric(workload);
  if (!metric || replicas <= pods) return undefined;
  const reaches = (demand: number) => {
    const p = resourceReplicas(pods, metric, steadyPods(pods, demand), STEADY_NOW, DEFAULT_MODEL_OPTIONS);
    // Stryker disable next-line StringLiteral: steady Ready pods long past their initialization always give a proposal, never an error
    return !("error" in p) && p.replicas >= replicas;
  };
  let low = 0;
  // Stryker disable next-line MethodExpression: from a first guess of 1 the doubling and bisection find the same least whole demand
  let high = Math.max(1, metric.requestPerPod * replicas * 10);
  while (!reaches(high)) high *= 2;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (reaches(mid)) high = mid;
    else low = mid;
  }
  return high;
}
