/**
 * The sync loop: the HPA controller run second by second against the
 * simulated cluster under a load profile.
 */
import { cpuMillicores } from "../../components/quantity";
import type { LoadProfile } from "./load-profile";
import type { Decision } from "./controller";
import { sampleDemand } from "./demand-series";
import { ModelRun, type RunRecorder } from "./model-run";
import { checkedModelOptions, type ModelOptions } from "./options";
import { specSchedule, type HpaChange, type HpaSpec, type ModelWorkload } from "./spec";

/** The model's state at one HPA sync. */
export interface TimelinePoint {
  /** Seconds since load start. */
  t: number;
  demandMillicores: number;
  /** CPU utilization the HPA reported at this sync (percent of request), null when it had no CPU metric. */
  cpuUtilization: number | null;
  memoryUtilization: number | null;
  /** Deployment spec.replicas after this sync. */
  desiredReplicas: number;
  readyReplicas: number;
  action: string;
}

/** A change of the Ready pod count, at the second it happened. */
export interface ReadyChange {
  t: number;
  readyReplicas: number;
}

export interface Simulation {
  /** One point per HPA sync. */
  timeline: TimelinePoint[];
  /** Every change of the Ready count, also between syncs. */
  readyChanges: ReadyChange[];
  spec: HpaSpec;
  options: ModelOptions;
}

function timelinePoint(t: number, demand: number, synced: Decision, readyReplicas: number): TimelinePoint {
  const { cpuUtilization, memoryUtilization, desiredReplicas, action } = synced;
  return { t, demandMillicores: demand, cpuUtilization, memoryUtilization, desiredReplicas, readyReplicas, action };
}

/** Collects a run's syncs and Ready changes into a Simulation's timeline. */
class TimelineRecorder implements RunRecorder {
  readonly timeline: TimelinePoint[] = [];
  readonly readyChanges: ReadyChange[] = [];

  ready(t: number, readyReplicas: number): void {
    this.readyChanges.push({ t, readyReplicas });
  }

  sync(t: number, decision: Decision, ready: number, demand: number): void {
    this.timeline.push(timelinePoint(t, demand, decision, ready));
  }

  // Stryker disable next-line BlockStatement: ModelRun splits only where its variants part, and a simulation has one
  split(): RunRecorder {
    // Stryker disable next-line StringLiteral: never thrown, as above
    throw new Error("a simulation is one run: it never splits");
  }

  /** The syncs of the period before `from`, again at each later period up to `to`. */
  repeated(from: number, to: number, period: number): void {
    const timeline = this.timeline;
    let first = timeline.length;
    while (first > 0 && timeline[first - 1].t >= from - period) first--;
    const end = timeline.length;
    for (let shift = period; from - period + shift < to; shift += period) {
      for (let i = first; i < end; i++) timeline.push({ ...timeline[i], t: timeline[i].t + shift });
    }
  }
}

/**
 * Runs the controller against a load profile for `durationSeconds`, second by
 * second: scrapes, then the sync, then one second of load spread over the
 * Ready pods (the Service only routes to Ready endpoints), each capped at its
 * CPU limit. `changes` update the HPA's autoscaling config under load; each
 * sync reads the spec in force at its second. Seconds where nothing but load
 * happens, and periods that repeat under constant demand, are skipped
 * (model-run.ts) to the same result.
 */
export function simulate(
  workload: ModelWorkload,
  profile: LoadProfile,
  durationSeconds: number,
  options: Partial<ModelOptions> = {},
  changes: readonly HpaChange[] = [],
): Simulation {
  return simulation(workload, profile, durationSeconds, options, changes, (run, last) => run.run(last));
}

/** simulate(), modeling every second in full: the reference the fast path is held to. */
export function simulateEverySecond(
  workload: ModelWorkload,
  profile: LoadProfile,
  durationSeconds: number,
  options: Partial<ModelOptions> = {},
  changes: readonly HpaChange[] = [],
): Simulation {
  return simulation(workload, profile, durationSeconds, options, changes, (run, last) => run.runEverySecond(last));
}

function simulation(
  workload: ModelWorkload,
  profile: LoadProfile,
  durationSeconds: number,
  options: Partial<ModelOptions>,
  changes: readonly HpaChange[],
  drive: (run: ModelRun, last: number) => void,
): Simulation {
  const o = checkedModelOptions(options);
  const specs = specSchedule(workload, changes, o.downscaleStabilizationSeconds);
  const limit = cpuMillicores(workload.resources.limits.cpu) ?? Infinity;
  const last = Math.floor(durationSeconds);
  const recorder = new TimelineRecorder();
  drive(new ModelRun([{ o, specs }], sampleDemand(profile, Math.max(last, 0)), limit, recorder), last);
  return { timeline: recorder.timeline, readyChanges: recorder.readyChanges, spec: specs[0].spec, options: o };
}
