/**
 * The load plan's timing, before any load: how long to load and how long to
 * watch the way down, from the envelope of the planned demand with what the
 * cluster showed so far (its room, how fast it started the target's pods).
 * The run is judged later by the envelope of the demand it produced; this
 * only decides how long to look. Pure.
 */
import type { WorkloadConfig } from "../../components/config";
import { envelope, type Measured } from "../hpa-model";
import { budgetExpectations, type BudgetInput } from "./budget-expectations";
import type { DemandPlan } from "./demand";
import { envelopeExpectations } from "./expectations";
import type { ScaleTestTimings } from "./timings";

export interface ScheduleInput {
  budget: BudgetInput;
  workload: WorkloadConfig;
  plan?: DemandPlan;
  /** --duration, when given. */
  durationSeconds?: number;
  initialReplicas: number;
  metricResolutionSeconds: number;
  /** Target pods the cluster has room for. */
  roomPods: number;
  /** How fast this cluster started the target's pods, when it showed it. */
  podReadySeconds?: { min: number; max: number };
}

export interface Schedule {
  loadSeconds: number;
  /** How long to watch after load for the way back to minReplicas; undefined when not asked. */
  downSeconds?: number;
  derivation: string[];
}

/** How long to load and to watch afterwards (see the file comment). */
export function schedule(input: ScheduleInput, t: ScaleTestTimings): Schedule {
  const { plan, budget } = input;
  if (!plan) {
    const fallback = budgetExpectations(budget, input.podReadySeconds);
    return {
      loadSeconds: input.durationSeconds ?? fallback.scaleUpWithinSeconds + t.holdSeconds,
      downSeconds: fallback.scaleDownWithinSeconds,
      derivation: fallback.derivation,
    };
  }
  const model = { metricResolutionSeconds: input.metricResolutionSeconds, schedulablePods: input.roomPods };
  const measured: Measured = input.podReadySeconds ? { podReadySeconds: input.podReadySeconds } : {};
  const horizon = Math.max(t.planHorizonSeconds, input.durationSeconds ?? 0);
  const bandOf = (demand: (t: number) => number, toSeconds: number) =>
    envelope({
      workload: input.workload,
      demand,
      fromSeconds: 0,
      toSeconds,
      initialReplicas: input.initialReplicas,
      model,
      measured,
    });
  const down = budget.verifyScaleDown ? t.scaleDownHorizonSeconds : 0;
  const planned = envelopeExpectations({
    ...budget,
    loadSeconds: horizon,
    demandHow: plan.derivation[0],
    envelope: bandOf((s) => (s < 0 ? 0 : plan.targetMillicores), horizon + down),
    observationSlackSeconds: t.observationSlackSeconds,
  });
  const loadSeconds = input.durationSeconds ?? Math.min(horizon, planned.scaleUpWithinSeconds + t.holdSeconds);
  const downSeconds = budget.verifyScaleDown
    ? envelopeExpectations({
        ...budget,
        loadSeconds,
        demandHow: "",
        envelope: bandOf((s) => (s < 0 || s >= loadSeconds ? 0 : plan.targetMillicores), loadSeconds + down),
        observationSlackSeconds: t.observationSlackSeconds,
      }).scaleDownWithinSeconds
    : undefined;
  return {
    loadSeconds,
    downSeconds,
    derivation: [
      ...plan.derivation,
      `Planned: N within ${planned.scaleUpWithinSeconds} s at the latest (the envelope with nothing measured yet), so load for ${loadSeconds} s.`,
    ],
  };
}
