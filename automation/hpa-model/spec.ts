/**
 * The HPA the autoscaler component declares for a workload, in model terms:
 * its bounds, its Resource metrics and its behavior with the API server's
 * defaults filled in.
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
