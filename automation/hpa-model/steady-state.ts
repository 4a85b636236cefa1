/**
 * When a run may jump ahead: under constant demand a run settles into a state
 * that repeats itself every period (the same pods with the same samples, the
 * same proposals, only later). If the state at t is the one at t - period with
 * every live time moved by the period, then so is the state at t + period, and
 * so on, as long as the demand and the spec stay the same: nothing the model
 * does depends on the clock itself, only on how far apart two times are, and
 * the times that stopped moving (a pod's creation, an old recommendation left in
 * its slot) are past every rule that reads them.
 *
 * Live and settled times, one by one:
 * - pods: their creation, start and readiness must be past every rule that
 *   looks at them (Ready and out of the CPU initialization period, or Pending
 *   for lack of room); their last scrape, sample and sample on its way move;
 * - recommendations: one made within the period moves; an older one must be
 *   in the same slot, unchanged, and outside both windows already; the slots
 *   are reused in turn, so the period spans a whole round of them;
 * - scale events: none within the period (the desired count did not change),
 *   and every one kept is past every policy's period.
 */
import type { ModelOptions } from "./options";
import type { PodMetric } from "./replica-calculator";
import type { SimPod } from "./simulated-cluster";
import type { HpaSpec } from "./spec";
import type { Recommendation } from "./stabilization";
import type { ScaleEvent } from "./rate-limits";
import type { HpaController } from "./controller";

/** The parts of a run the steady state reads and moves. */
export interface RunState {
  t: number;
  replicas: number;
  pods: SimPod[];
  readonly controller: HpaController;
  readonly o: ModelOptions;
}

/** A run's state at the start of second `t`, copied. */
export interface Snapshot {
  t: number;
  spec: HpaSpec;
  replicas: number;
  pods: SimPod[];
  recommendations: Recommendation[] | undefined;
  up: ScaleEvent[];
  down: ScaleEvent[];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number) => (a / gcd(a, b)) * b;

/** The longest stabilization window the spec's syncs look back over. */
function longestWindow(spec: HpaSpec, o: ModelOptions): number {
  const b = spec.behavior;
  return b
    ? Math.max(b.scaleUp.stabilizationWindowSeconds, b.scaleDown.stabilizationWindowSeconds)
    : o.downscaleStabilizationSeconds;
}

/**
 * How far apart two states must be to repeat: whole scrape and sync periods,
 * and a whole round of the recommendation slots, each reused once its proposal
 * has left the longest window (floor(window / sync) + 1 syncs).
 */
export function repeatPeriod(spec: HpaSpec, o: ModelOptions): number {
  const known = periods.get(spec);
  if (known !== undefined && known.o === o) return known.period;
  const sync = o.syncPeriodSeconds;
  const round = (Math.floor(longestWindow(spec, o) / sync) + 1) * sync;
  const period = lcm(lcm(sync, o.metricResolutionSeconds), round);
  periods.set(spec, { o, period });
  return period;
}

/** Each spec's period for the options it was last asked with: a run asks at every sync. */
const periods = new WeakMap<HpaSpec, { o: ModelOptions; period: number }>();

/** The run's state now, copied so the run may go on (samples are never changed in place: kept as they are). */
export function snapshot(run: RunState): Snapshot {
  const { recommendations, events } = run.controller;
  return {
    t: run.t,
    spec: run.controller.spec,
    replicas: run.replicas,
    pods: run.pods.map((p) => ({ ...p })),
    recommendations: recommendations.entries?.map((r) => ({ ...r })),
    up: events.events.up.map((e) => ({ ...e })),
    down: events.events.down.map((e) => ({ ...e })),
  };
}

/** Past every rule that reads its times from `now` on: Ready and initialized, or never to run. */
function settled(pod: SimPod, now: number, o: ModelOptions): boolean {
  if (pod.runningAt === Infinity) return true;
  return pod.readyAt <= now && pod.createdAt + o.cpuInitializationPeriodSeconds <= now;
}

const sameMetric = (a: Readonly<PodMetric> | undefined, b: Readonly<PodMetric> | undefined, shift: number) =>
  a === undefined || b === undefined
    ? a === b
    : a.cpuMillicores === b.cpuMillicores &&
      a.memoryBytes === b.memoryBytes &&
      a.windowSeconds === b.windowSeconds &&
      a.timestamp === b.timestamp + shift;

function samePod(now: SimPod, then: SimPod, shift: number): boolean {
  return (
    now.createdAt === then.createdAt &&
    now.runningAt === then.runningAt &&
    now.readyAt === then.readyAt &&
    now.cpuSinceScrape === then.cpuSinceScrape &&
    (now.lastScrapeAt === undefined
      ? then.lastScrapeAt === undefined
      : now.lastScrapeAt === then.lastScrapeAt! + shift) &&
    sameMetric(now.metric, then.metric, shift) &&
    (now.pending === undefined
      ? then.pending === undefined
      : then.pending !== undefined &&
        now.pending.at === then.pending.at + shift &&
        sameMetric(now.pending.metric, then.pending.metric, shift))
  );
}

/** Each slot either made within the period and a period later than before, or untouched and out of both windows. */
function sameRecommendations(run: RunState, then: Snapshot, period: number): boolean {
  const now = run.controller.recommendations.entries;
  if (now === undefined || then.recommendations === undefined) return now === then.recommendations;
  if (now.length !== then.recommendations.length) return false;
  const outside = then.t - longestWindow(then.spec, run.o);
  return now.every((rec, i) => {
    const before = then.recommendations![i];
    if (rec.replicas !== before.replicas) return false;
    return rec.t >= then.t ? rec.t === before.t + period : rec.t === before.t && rec.t < outside;
  });
}

/** The same events as then, each past every policy's period. */
function sameEvents(run: RunState, then: Snapshot): boolean {
  const { up, down } = run.controller.events.events;
  const behavior = then.spec.behavior;
  const periods = behavior ? [...behavior.scaleUp.policies, ...behavior.scaleDown.policies] : [];
  const past = then.t - Math.max(0, ...periods.map((p) => p.periodSeconds));
  const same = (now: readonly ScaleEvent[], before: ScaleEvent[]) =>
    now.length === before.length &&
    now.every((e, i) => e.t === before[i].t && e.change === before[i].change && (!behavior || e.t <= past));
  return same(up, then.up) && same(down, then.down);
}

/** Whether the run's state now is `then` one period later (see the file's comment for what that asks). */
export function repeats(run: RunState, then: Snapshot, period: number): boolean {
  if (run.t !== then.t + period || run.controller.spec !== then.spec || run.replicas !== then.replicas) return false;
  if (run.pods.length !== then.pods.length) return false;
  for (let i = 0; i < run.pods.length; i++) {
    if (!settled(then.pods[i], then.t, run.o) || !samePod(run.pods[i], then.pods[i], period)) return false;
  }
  return sameRecommendations(run, then, period) && sameEvents(run, then);
}

/** Moves the run's live times `seconds` on (a whole number of periods): where it would be then. */
export function shiftRun(run: RunState, period: number, seconds: number): void {
  // Pods share samples: one moved copy for each.
  const moved = new Map<object, object>();
  const move = <T extends object>(old: T, next: () => T): T => {
    if (!moved.has(old)) moved.set(old, next());
    return moved.get(old) as T;
  };
  for (const pod of run.pods) {
    if (pod.lastScrapeAt !== undefined) pod.lastScrapeAt += seconds;
    const later = (m: Readonly<PodMetric>) =>
      move(m, () => ({
        cpuMillicores: m.cpuMillicores,
        memoryBytes: m.memoryBytes,
        timestamp: m.timestamp + seconds,
        windowSeconds: m.windowSeconds,
      }));
    if (pod.metric) pod.metric = later(pod.metric);
    const pending = pod.pending;
    if (pending) pod.pending = move(pending, () => ({ metric: later(pending.metric), at: pending.at + seconds }));
  }
  run.controller.recommendations.shiftSince(run.t - period, seconds);
}
