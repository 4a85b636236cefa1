/**
 * A resolved scenario in the HPA model's terms: the CPU demand second by
 * second and the config changes with the window in which the cluster may
 * take each. A demand phase is its demand. A closed loop of N clients is
 * N cores' worth: each keeps one request in flight, which burns at most one
 * core, and the pods' CPU limits cap what they can take (the model caps each
 * pod). A fixed rate needs a request's CPU cost to become a demand. Before a
 * run measures when the cluster took a change, it is taken within
 * PLANNED_CHANGE_SECONDS of its phase's start (a `pulumi up`). Pure.
 */
import type { EnvelopeChange, HpaChange, LoadProfile } from "../hpa-model";
import type { ResolvedScenario } from "./resolve";
import { demandAt } from "./resolve";

/** What one client of a closed loop can burn at most: one request in flight on one core. */
export const CLIENT_MILLICORES = 1000;
/** Before it is measured, a config change reaches the HPA within this long after its phase starts. */
export const PLANNED_CHANGE_SECONDS = 60;

/** The scenario's demand at each second, millicores; `costMs` turns a rate phase into CPU. */
export function modelDemand(s: ResolvedScenario, costMs?: number): LoadProfile {
  return (t) => {
    const phase = s.phases.find((p) => t >= p.fromSeconds && t < p.toSeconds);
    if (!phase) return 0;
    const l = phase.load;
    if (l.kind === "concurrency") return l.clients * CLIENT_MILLICORES;
    if (l.kind === "rate") return l.perSecond * (costMs ?? 0);
    return demandAt(s, t) ?? 0;
  };
}

/** The phases that give a rate: a plan needs a request's cost for them. */
export function ratePhases(s: ResolvedScenario): string[] {
  return s.phases.filter((p) => p.load.kind === "rate").map((p) => p.name);
}

/** The config changes for one simulated timeline: each in force from its phase's start. */
export function timelineChanges(s: ResolvedScenario): HpaChange[] {
  return s.phases
    .filter((p) => p.config.length > 0)
    .map((p) => ({ atSeconds: p.fromSeconds, autoscaling: p.workload.autoscaling }));
}

/**
 * The config changes for the envelope: each taken within `windows` (as a
 * run measured them, by order) or, unmeasured, within PLANNED_CHANGE_SECONDS
 * of its phase's start.
 */
export function envelopeChanges(
  s: ResolvedScenario,
  windows: Array<{ fromSeconds: number; toSeconds: number } | undefined> = [],
): EnvelopeChange[] {
  return s.phases
    .filter((p) => p.config.length > 0)
    .map((p, i) => ({
      fromSeconds: windows[i]?.fromSeconds ?? p.fromSeconds,
      toSeconds: windows[i]?.toSeconds ?? p.fromSeconds + PLANNED_CHANGE_SECONDS,
      autoscaling: p.workload.autoscaling,
    }));
}
