/**
 * The scale test's default expectation, from the HPA model: turn the load into
 * a CPU demand, simulate the controller (hpa-model.ts) and take N and T from
 * the prediction. Where the model cannot answer (autoscaling off, demand
 * unknown, the load never reaches N) it falls back to the e2e-budget default
 * of expectations.ts and says why in `derivation`. Pure.
 */
import { predictScaleUp, type ScaleUpPrediction } from "../hpa-model";
import type { ModelWorkload } from "../hpa-model/spec";
import {
  defaultExpectations,
  defaultScaleUpReplicas,
  HPA_REACTION_SECONDS,
  type ExpectationInput,
  type ExpectationModel,
} from "./fallback-expectations";
import { TARGET_DEFAULTS } from "./options";
import type { Expectations, Target } from "./types";

/**
 * CPU time one request costs each target at its default path, in CPU
 * milliseconds. Backend: a real kind run at the default rate cap settled at a
 * median 976m (CPU % × 200m request × ready pods, t ≥ 100 s) while serving
 * 74 req/s, i.e. 13 ms per search. The frontend is not calibrated yet.
 */
export const REQUEST_CPU_MS: Readonly<Partial<Record<Target, number>>> = { backend: 13 };

/** A demand with the sentence saying where it came from, or the reason there is none. */
type Demand = { millicores: number; how: string } | { reason: string };

/** --demand when given, else the rate cap × the per-request cost of the target's default path. */
export function estimateDemand(input: ExpectationInput): Demand {
  if (input.demandMillicores !== undefined) {
    return { millicores: input.demandMillicores, how: `Demand = ${input.demandMillicores}m CPU (--demand).` };
  }
  const cost = REQUEST_CPU_MS[input.target];
  const path = input.path ?? TARGET_DEFAULTS[input.target].path;
  if (input.rate === undefined) return { reason: "the load has no rate cap, so its CPU demand is unknown" };
  if (cost === undefined || path !== TARGET_DEFAULTS[input.target].path) {
    return { reason: `no per-request CPU cost is calibrated for ${input.target} ${path}` };
  }
  const millicores = Math.round(input.rate * cost);
  return {
    millicores,
    how: `Demand = ${input.rate} req/s (rate cap) × ${cost} ms CPU per request (${input.target} ${path}, calibrated on a real run) = ${millicores}m CPU.`,
  };
}

/** The default model's answer, with the reason the HPA model could not give one leading the derivation. */
function fallBack(input: ExpectationInput, reason: string): Expectations {
  const e = defaultExpectations(input);
  return { ...e, derivation: [`HPA model not used: ${reason}. Using the e2e-budget default.`, ...e.derivation] };
}

/** Runs the model; an Error (never reaches N, unmodelable request) becomes a reason. */
function predict(
  workload: ModelWorkload,
  demand: number,
  replicas: number | undefined,
  input: ExpectationInput,
): ScaleUpPrediction | string {
  const model =
    input.metricResolutionSeconds === undefined ? {} : { metricResolutionSeconds: input.metricResolutionSeconds };
  try {
    return predictScaleUp(workload, demand, { replicas, model });
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * N and T from the HPA model. N is --expect-replicas, or min(max, min + 2)
 * capped at the replicas the model settles at under this demand. T is the
 * modeled time to N Ready plus predictScaleUp's slack (sync and scrape phase,
 * pod start on a busy node), but never below Kubernetes' e2e budget of
 * 100 s for one HPA reaction: upstream's own tests allow a healthy cluster
 * that long, so a tighter deadline would fail clusters that are fine. Above
 * that floor the model lengthens T where policies or windows slow the reaction.
 */
export const modelExpectations: ExpectationModel = (input) => {
  const hpa = input.autoscaling;
  if (!hpa.enabled) return fallBack(input, "autoscaling is disabled");
  if (!input.resources) return fallBack(input, "the workload's resources are unknown");
  if (hpa.cpuUtilization === undefined)
    return fallBack(input, "the HPA has no CPU target, so CPU demand does not drive it");
  const demand = estimateDemand(input);
  if ("reason" in demand) return fallBack(input, `${demand.reason} (pass --demand MILLICORES)`);
  const workload: ModelWorkload = { resources: input.resources, autoscaling: hpa };
  const settled = predict(workload, demand.millicores, undefined, input);
  if (typeof settled === "string") return fallBack(input, settled);
  if (settled.expectedReplicas <= hpa.minReplicas) {
    return fallBack(
      input,
      `under ${demand.millicores}m the model stays at minReplicas ${hpa.minReplicas}, so this load would not scale ${input.target}`,
    );
  }
  const n = input.expectReplicas ?? Math.min(defaultScaleUpReplicas(hpa), settled.expectedReplicas);
  const toN = predict(workload, demand.millicores, n, input);
  if (typeof toN === "string") return fallBack(input, toN);
  const derivedT = Math.max(HPA_REACTION_SECONDS, toN.withinSeconds);
  const base = defaultExpectations(input);
  return {
    ...base,
    scaleUpReplicas: n,
    scaleUpWithinSeconds: input.withinSeconds ?? derivedT,
    demandMillicores: demand.millicores,
    derivation: [
      demand.how,
      nSentence(input, n, settled.expectedReplicas, demand.millicores),
      tSentence(input, toN, derivedT),
      // After the default's N and T sentences: its scale-down window, when asked for (the model's scale-up only is used).
      ...base.derivation.slice(2),
    ],
  };
};

/** How N was chosen, naming the model's settled count it was capped at. */
function nSentence(input: ExpectationInput, n: number, settled: number, demand: number): string {
  const hpa = input.autoscaling;
  if (input.expectReplicas !== undefined) return `N = ${n} ready replicas (--expect-replicas).`;
  const byDefault = defaultScaleUpReplicas(hpa);
  const rule = `min(maxReplicas ${hpa.maxReplicas}, minReplicas ${hpa.minReplicas} + 2) = ${byDefault}`;
  return n < byDefault
    ? `N = ${n} ready replicas: ${rule}, capped at the ${settled} the HPA model settles at under ${demand}m.`
    : `N = ${rule} ready replicas; the HPA model settles at ${settled} under ${demand}m.`;
}

/** How T was chosen: the e2e floor against the modeled time plus slack, or --within beside the model's time. */
function tSentence(input: ExpectationInput, p: ScaleUpPrediction, derivedT: number): string {
  if (input.withinSeconds !== undefined) {
    return `T = ${input.withinSeconds} s (--within); the HPA model has ${p.expectedReplicas} Ready at ${p.predictedSeconds} s.`;
  }
  return (
    `T = max(${HPA_REACTION_SECONDS} s e2e reaction budget, ${p.predictedSeconds} s modeled + ${p.slackSeconds} s slack) = ${derivedT} s;` +
    ` the slack covers the HPA sync and metrics scrape phases the model fixes but a cluster does not, and pod start on a busy node.`
  );
}
