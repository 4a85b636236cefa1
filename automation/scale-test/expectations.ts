/**
 * The scale test's expectation, from the HPA model: simulate the controller
 * (../hpa-model) under the run's CPU demand and take N and T from the
 * prediction. The run asks for it twice: before load with the demand it aims
 * at, and after with the demand it produced. Where the model cannot answer
 * (autoscaling off, no CPU target, the load never reaches N) it falls back to
 * the e2e budget of fallback-expectations.ts and says why in `derivation`. Pure.
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
import type { Expectations } from "./types";

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
  if (input.demandMillicores === undefined) return fallBack(input, "the run has no CPU demand to model");
  const demand = {
    millicores: input.demandMillicores,
    how: input.demandHow ?? `Demand = ${input.demandMillicores}m CPU.`,
  };
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
