/**
 * What the planner models, in the HPA model's terms: a scenario fitted to
 * the stack (its demand second by second, its config changes with the
 * window each may be taken in), or a constant demand.
 */
import { constant, type EnvelopeChange, type HpaChange, type LoadProfile } from "../hpa-model";
import { envelopeChanges, modelDemand, ratePhases, resolveScenario, timelineChanges } from "../scenario";
import { UsageError } from "../shared/errors";
import type { PhaseMark } from "../shared/results";
import type { PlanOptions } from "./args";

/** What the planner models: the demand, its length, the config changes, and words for the heading. */
export interface PlannedLoad {
  demand: LoadProfile;
  seconds: number;
  label: string;
  phases: PhaseMark[];
  /** Each change in force from its phase's start, for the timeline; and with its window, for the band. */
  timeline: HpaChange[];
  changes: EnvelopeChange[];
}

/** The scenario (fitted to the stack's raw config) or the constant demand, in the model's terms. */
export function planLoad(plan: PlanOptions, raw: Record<string, unknown>): PlannedLoad {
  if (plan.demand) {
    const { millicores, seconds } = plan.demand;
    return {
      demand: constant(millicores),
      seconds,
      label: `constant ${millicores}m`,
      phases: [],
      timeline: [],
      changes: [],
    };
  }
  const scenario = plan.scenario!;
  const resolved = resolveScenario(scenario, raw);
  const rates = ratePhases(resolved);
  if (rates.length > 0 && plan.requestCostMs === undefined) {
    throw new UsageError(
      `Scenario ${scenario.source} gives a rate in phase ${rates.join(", ")}; pass --request-cost MS, the CPU a request costs, so the plan can turn it into demand.`,
    );
  }
  return {
    demand: modelDemand(resolved, plan.requestCostMs),
    seconds: resolved.totalSeconds,
    label: scenario.description ? `scenario ${scenario.name}: ${scenario.description}` : `scenario ${scenario.name}`,
    phases: resolved.phases.map(({ name, fromSeconds, toSeconds }) => ({ name, fromSeconds, toSeconds })),
    timeline: timelineChanges(resolved),
    changes: envelopeChanges(resolved),
  };
}
