/**
 * What the HPA controller sees of the pods, and the replica calculator that
 * turns it into a proposal, following kubernetes
 * `pkg/controller/podautoscaler/replica_calculator.go`: the utilization is the
 * integer percent of summed usage over summed requests; tolerance 0.1;
 * desired = ceil(readyPods × utilization / target); pending, unready and
 * metric-less pods are counted as the controller counts them.
 */
import type { ModelOptions } from "./options";

/** One pod's sample from the metrics API. */
export interface PodMetric {
  cpuMillicores: number;
  memoryBytes: number;
  /** End of the sampling window. */
  timestamp: number;
  windowSeconds: number;
}

/** One pod as the controller's pod lister shows it. */
export interface PodView {
  /** status.startTime. */
  startTime: number;
  phase: "Pending" | "Running";
  ready: boolean;
  /** lastTransitionTime of the Ready condition. */
  readyTransitionTime: number;
  metric?: PodMetric;
}

/** A Resource metric with an averageUtilization target. */
export interface ResourceMetricSpec {
  resource: "cpu" | "memory";
  targetUtilization: number;
  /** Request of one pod: millicores for cpu, bytes for memory. */
  requestPerPod: number;
}

/** The controller flags the calculator depends on. */
export type CalculatorOptions = Pick<
  ModelOptions,
  "tolerance" | "cpuInitializationPeriodSeconds" | "initialReadinessDelaySeconds"
>;

/** A metric's replica proposal and the utilization it reports in the HPA status, or why it has none. */
export type Proposal = { replicas: number; utilization: number } | { error: string };

/** The pods sorted the way groupPods sorts them: the usable samples' sum and count, and counts of the rest. */
interface PodGroups {
  /** Summed usage of the pods whose sample counts, in pod order. */
  readyUsage: number;
  /** How many pods' samples count. */
  ready: number;
  /** Pending pods, and for CPU the pods whose sample is not trusted yet. */
  unready: number;
  /** Running pods without a sample. */
  missing: number;
}

export function isWithinTolerance(ratio: number, tolerance: number): boolean {
  return 1 - tolerance <= ratio && ratio <= 1 + tolerance;
}

/** Integer percent of summed usage over summed requests, as GetResourceUtilizationRatio truncates it. */
function utilizationPercent(total: number, pods: number, requestPerPod: number): number {
  return Math.floor((total * 100) / (requestPerPod * pods));
}

/**
 * A CPU sample from a pod still in its initialization period counts only if
 * the pod is Ready and the sample's whole window lies after it became Ready;
 * later, only a pod that was never Ready is distrusted (groupPods).
 */
export function isUnreadyForCpu(pod: PodView, metric: PodMetric, now: number, o: CalculatorOptions): boolean {
  if (pod.startTime + o.cpuInitializationPeriodSeconds > now) {
    return !pod.ready || metric.timestamp < pod.readyTransitionTime + metric.windowSeconds;
  }
  return !pod.ready && pod.startTime + o.initialReadinessDelaySeconds > pod.readyTransitionTime;
}

/** groupPods: which samples count, and how many pods are pending, unready or without a sample. */
function groupPods(
  pods: PodView[],
  resource: ResourceMetricSpec["resource"],
  now: number,
  o: CalculatorOptions,
): PodGroups {
  const groups: PodGroups = { readyUsage: 0, ready: 0, unready: 0, missing: 0 };
  for (const pod of pods) {
    if (pod.phase === "Pending") groups.unready++;
    else if (!pod.metric) groups.missing++;
    else if (resource === "cpu" && isUnreadyForCpu(pod, pod.metric, now, o)) groups.unready++;
    else {
      groups.readyUsage += resource === "cpu" ? pod.metric.cpuMillicores : pod.metric.memoryBytes;
      groups.ready++;
    }
  }
  return groups;
}

/**
 * The second pass over the pods left out: pods without metrics count as 0 %
 * on a scale-up and as 100 % (or the target, if higher) on a scale-down;
 * unready pods count as 0 % on a scale-up only. The result stands only if it
 * leaves the tolerance and does not reverse the first pass's direction.
 */
function replicasWithLeftOutPods(
  currentReplicas: number,
  metric: ResourceMetricSpec,
  { readyUsage, ready, unready, missing }: PodGroups,
  ratio: number,
  tolerance: number,
): number {
  let total = readyUsage;
  let counted = ready;
  if (ratio < 1) {
    const fallback = Math.floor((metric.requestPerPod * Math.max(100, metric.targetUtilization)) / 100);
    for (let i = 0; i < missing; i++) total += fallback; // one by one, as upstream sums them
    counted += missing;
  } else if (ratio > 1) {
    counted += missing; // at 0
  }
  if (unready > 0 && ratio > 1) counted += unready; // at 0

  const newRatio = utilizationPercent(total, counted, metric.requestPerPod) / metric.targetUtilization;
  if (isWithinTolerance(newRatio, tolerance) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) {
    return currentReplicas;
  }
  const replicas = Math.ceil(newRatio * counted);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) {
    return currentReplicas;
  }
  return replicas;
}

/**
 * GetResourceReplicas: the replica count one utilization metric asks for.
 * Pending and (for CPU) unready pods are left out, then counted as 0 % only
 * when that cannot reverse a scale-up; pods without metrics count as 0 % on a
 * scale-up and as 100 % (or the target, if higher) on a scale-down.
 */
export function resourceReplicas(
  currentReplicas: number,
  metric: ResourceMetricSpec,
  pods: PodView[],
  now: number,
  o: CalculatorOptions,
): Proposal {
  if (pods.length === 0) return { error: "no pods returned by selector" };
  let sampled = false;
  for (const pod of pods) if (pod.metric) sampled = true;
  if (!sampled) return { error: `no metrics returned from resource metrics API` };
  const groups = groupPods(pods, metric.resource, now, o);
  const { ready, unready, missing } = groups;
  if (ready === 0) return { error: "did not receive metrics for targeted pods (pods might be unready)" };

  const utilization = utilizationPercent(groups.readyUsage, ready, metric.requestPerPod);
  const ratio = utilization / metric.targetUtilization;
  const scaleUpWithUnready = unready > 0 && ratio > 1;
  if (!scaleUpWithUnready && missing === 0) {
    if (isWithinTolerance(ratio, o.tolerance)) return { replicas: currentReplicas, utilization };
    return { replicas: Math.ceil(ratio * ready), utilization };
  }
  return { replicas: replicasWithLeftOutPods(currentReplicas, metric, groups, ratio, o.tolerance), utilization };
}
