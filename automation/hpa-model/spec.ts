/**
 * The HPA the autoscaler component declares for a workload, in model terms:
 * its bounds, its Resource metrics and its behavior with the API server's
 * defaults filled in; and the specs it carries over a run when the stack's
 * autoscaling config changes under load.
 */
import type { Resources, ScalingRules } from "../../components/config";
import { cpuMillicores, memoryBytes } from "../../components/quantity";
import type { ResourceMetricSpec } from "./replica-calculator";

/**
 * What the model needs of a workload. A `WorkloadConfig` fits as is; scaleUp
 * and scaleDown may be partial or absent, as on a hand-written HPA, to model
 * the API defaults (partial) and the controller's behavior-less path (both absent).
 */
export interface ModelWorkload {
  resources: Resources;
  autoscaling: {
    minReplicas: number;
    maxReplicas: number;
    cpuUtilization?: number;
    memoryUtilization?: number;
    scaleUp?: Partial<ScalingRules>;
    scaleDown?: Partial<ScalingRules>;
  };
}

/** Both directions of behavior with every field filled. */
export interface ResolvedBehavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

/** What the controller acts on: the HPA spec in model terms. */
export interface HpaSpec {
  minReplicas: number;
  maxReplicas: number;
  metrics: ResourceMetricSpec[];
  /** Absent: the controller's behavior-less path (legacy limits, flag window). */
  behavior?: ResolvedBehavior;
}

/**
 * Fills unset behavior fields the way the API server does on create
 * (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules); the scale-down
 * window, left unset by the API, comes from the controller flag.
 * Both directions absent means no behavior at all, which the controller
 * treats differently from an all-default one.
 */
export function resolveBehavior(
  scaleUp: Partial<ScalingRules> | undefined,
  scaleDown: Partial<ScalingRules> | undefined,
  downscaleStabilizationSeconds: number,
): ResolvedBehavior | undefined {
  if (!scaleUp && !scaleDown) return undefined;
  const up: ScalingRules = {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ],
  };
  const down: ScalingRules = {
    stabilizationWindowSeconds: downscaleStabilizationSeconds,
    selectPolicy: "Max",
    policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
  };
  const fill = (base: ScalingRules, given: Partial<ScalingRules> = {}): ScalingRules => ({
    stabilizationWindowSeconds: given.stabilizationWindowSeconds ?? base.stabilizationWindowSeconds,
    selectPolicy: given.selectPolicy ?? base.selectPolicy,
    policies: given.policies ?? base.policies,
  });
  return { scaleUp: fill(up, scaleUp), scaleDown: fill(down, scaleDown) };
}

/** The HPA the autoscaler component declares for a workload. */
export function hpaSpecFor(workload: ModelWorkload, downscaleStabilizationSeconds: number): HpaSpec {
  const a = workload.autoscaling;
  const metrics: ResourceMetricSpec[] = [];
  const requests = workload.resources.requests;
  if (a.cpuUtilization !== undefined) {
    metrics.push({
      resource: "cpu",
      targetUtilization: a.cpuUtilization,
      requestPerPod: parsed(cpuMillicores, requests.cpu),
    });
  }
  if (a.memoryUtilization !== undefined) {
    const request = parsed(memoryBytes, requests.memory);
    metrics.push({ resource: "memory", targetUtilization: a.memoryUtilization, requestPerPod: request });
  }
  return {
    minReplicas: a.minReplicas,
    maxReplicas: a.maxReplicas,
    metrics,
    behavior: resolveBehavior(a.scaleUp, a.scaleDown, downscaleStabilizationSeconds),
  };
}

function parsed(parse: (text: string) => number | undefined, text: string): number {
  const value = parse(text);
  if (value === undefined || value <= 0) throw new Error(`cannot model a resource request of ${JSON.stringify(text)}`);
  return value;
}

/**
 * A new autoscaling config for the HPA from `atSeconds` on: the stack updated
 * under load (a flash sale's higher maxReplicas, minReplicas raised to
 * pre-scale a rush and put back). The controller reads the HPA object at every
 * sync, so the first sync at or after `atSeconds` acts on it.
 */
export interface HpaChange {
  /** Seconds since load start from which the HPA object carries the new spec. */
  atSeconds: number;
  autoscaling: ModelWorkload["autoscaling"];
  /**
   * Out of scope, so only accepted unchanged (a whole workload config may be
   * passed as is): new requests or limits change the pod template, and the
   * Deployment rolls every pod, which the model does not simulate.
   */
  resources?: Resources;
}

/** The HPA spec in force from second `from` on. */
export interface ScheduledSpec {
  from: number;
  spec: HpaSpec;
}

/** One change, checked: a finite time, bounds in order, the workload's own requests and limits. */
function checkChange(workload: ModelWorkload, change: HpaChange): void {
  const at = change.atSeconds;
  if (!Number.isFinite(at)) throw new Error(`HPA config change: atSeconds (${at}) must be a finite number of seconds`);
  const where = `HPA config change at ${at} s`;
  const { minReplicas, maxReplicas } = change.autoscaling;
  for (const [key, value] of Object.entries({ minReplicas, maxReplicas })) {
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${where}: ${key} (${value}) must be a whole number >= 0`);
  }
  if (minReplicas > maxReplicas) {
    throw new Error(`${where}: minReplicas (${minReplicas}) must be <= maxReplicas (${maxReplicas})`);
  }
  const given = change.resources;
  if (!given) return;
  for (const kind of ["requests", "limits"] as const) {
    for (const [resource, parse] of [
      ["cpu", cpuMillicores],
      ["memory", memoryBytes],
    ] as const) {
      const before = workload.resources[kind][resource];
      const after = given[kind][resource];
      if (parse(after) !== parse(before)) {
        throw new Error(
          `${where}: resources.${kind}.${resource} cannot change from ${before} to ${after} mid-run: new requests or limits roll every pod, which the model does not simulate`,
        );
      }
    }
  }
}

/**
 * The specs the HPA carries over a run: the workload's from the start, then
 * each change from its second on, in time order (changes at the same second
 * in the order given, so the last one is what the controller reads).
 */
export function specSchedule(
  workload: ModelWorkload,
  changes: readonly HpaChange[],
  downscaleStabilizationSeconds: number,
): ScheduledSpec[] {
  for (const change of changes) checkChange(workload, change);
  const later = [...changes]
    .sort((a, b) => a.atSeconds - b.atSeconds)
    .map((c) => ({
      from: c.atSeconds,
      spec: hpaSpecFor({ resources: workload.resources, autoscaling: c.autoscaling }, downscaleStabilizationSeconds),
    }));
  return [{ from: -Infinity, spec: hpaSpecFor(workload, downscaleStabilizationSeconds) }, ...later];
}
