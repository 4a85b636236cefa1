/**
 * When a run may jump ahead: under constant demand a run settles into a state
 * that repeats itself every period (the same pods with the same samples, the
 * same proposals, only later). If the state at t is the one at t - period with
 * every live time moved by the period, then so is the state at t + period, and
 * so on, as long as the demand and the spec stay the same: nothing the model
 * does depends on the clock itself, only on how far apart two times are, and
 * the times that stopped moving (a pod's creation, an old recommendation left
 * behind) are past every rule that reads them.
 *
 * Live and settled times, one by one:
 * - pods: their creation, start and readiness must be past every rule that
 *   looks at them (Ready and out of the CPU initialization period, or Pending
 *   for lack of room); their last scrape, sample and sample on its way move;
 * - recommendations: those still within the longest window move. One that has
 *   left it matters again only if a later spec widens the window before its
 *   slot is reused; when none does, the proposals within the window are the
 *   whole story, and the period is the scrape and sync period. When one does,
 *   the slots are compared one by one: one made within the period moves, an
 *   older one must be unchanged and out of both windows, and as the slots are
 *   reused in turn the period spans a whole round of them;
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
  nextScrape: number;
  nextSync: number;
  /** The last second the Ready or desired count changed. */
  lastChangeAt: number;
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

/** How two states a period apart are compared, and what moves when the run jumps. */
export interface Repeat {
  period: number;
  /** Recommendations slot by slot (a later spec may widen the window), or only those within the window. */
  bySlot: boolean;
  /** The longest window: a recommendation made before now - window has left both. */
  window: number;
}

/**
 * How far apart two states must be to repeat: whole scrape and sync periods;
 * slot by slot, also a whole round of the recommendation slots, each reused
 * once its proposal has left the longest window (floor(window / sync) + 1 syncs).
 */
export function repeatOf(spec: HpaSpec, o: ModelOptions, bySlot: boolean): Repeat {
  const known = periods.get(spec);
  if (known !== undefined && known.o === o && known.repeat.bySlot === bySlot) return known.repeat;
  const sync = o.syncPeriodSeconds;
  const window = longestWindow(spec, o);
  const base = lcm(sync, o.metricResolutionSeconds);
  const period = bySlot ? lcm(base, (Math.floor(window / sync) + 1) * sync) : base;
  const repeat = { period, bySlot, window };
  periods.set(spec, { o, repeat });
  return repeat;
}

/** Whether no later spec widens the window of the one before it, for each spec of a schedule onwards. */
export function windowsNeverWiden(specs: readonly HpaSpec[], o: ModelOptions): boolean[] {
  const out = specs.map(() => true);
  for (let i = specs.length - 2; i >= 0; i--) {
    out[i] = out[i + 1] && longestWindow(specs[i + 1], o) <= longestWindow(specs[i], o);
  }
  return out;
}

/** Each spec's repeat for the options it was last asked with: a run asks at every sync. */
const periods = new WeakMap<HpaSpec, { o: ModelOptions; repeat: Repeat }>();

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

/**
 * Whether a snapshot now can be repeated a period on: all pods settled and,
 * when only the window's proposals count and the period is one sync, the
 * window holding one proposal (each must equal the one a sync later).
 */
export function mayRepeat(run: RunState, repeat: Repeat): boolean {
  if (!allSettled(run.pods, run.t, run.o)) return false;
  if (repeat.bySlot || repeat.period !== run.o.syncPeriodSeconds) return true;
  // Stryker disable next-line ArrayDeclaration: before the first sync; a list of one passes as none does, having no two to differ
  const recs = run.controller.recommendations.entries ?? [];
  let replicas: number | undefined;
  for (const rec of recs) {
    if (rec.t < run.t - repeat.window) continue;
    if (replicas !== undefined && rec.replicas !== replicas) return false;
    replicas = rec.replicas;
  }
  return true;
}

/** Every pod past every rule that reads its times, from `now` on. */
export function allSettled(pods: readonly SimPod[], now: number, o: ModelOptions): boolean {
  for (const pod of pods) if (!settled(pod, now, o)) return false;
  return true;
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

/**
 * Slot by slot: each either made within the period and a period later than
 * before, or untouched and out of both windows. Otherwise: the same proposals
 * within the window, each as long ago.
 */
function sameRecommendations(run: RunState, then: Snapshot, repeat: Repeat): boolean {
  const now = run.controller.recommendations.entries;
  const before = then.recommendations;
  if (now === undefined || before === undefined) return now === before;
  if (!repeat.bySlot) return sameWithin(now, run.t, before, then.t, repeat.window);
  if (now.length !== before.length) return false;
  const outside = then.t - repeat.window;
  return now.every((rec, i) => {
    if (rec.replicas !== before[i].replicas) return false;
    return rec.t >= then.t ? rec.t === before[i].t + repeat.period : rec.t === before[i].t && rec.t < outside;
  });
}

/** The same proposals made within `window` before `at` and `thenAt`, each as long ago (a multiset: a few dozen). */
function sameWithin(
  now: readonly Readonly<Recommendation>[],
  at: number,
  before: readonly Readonly<Recommendation>[],
  thenAt: number,
  window: number,
): boolean {
  matched.length = 0;
  let count = 0;
  for (const rec of now) {
    if (rec.t < at - window) continue;
    count++;
    let found = -1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a later match is alike (same age, same count), so which of them is marked does not matter
    for (let j = 0; j < before.length && found < 0; j++) {
      const b = before[j];
      if (!matched[j] && b.t - thenAt === rec.t - at && b.replicas === rec.replicas) found = j;
    }
    if (found < 0) return false;
    matched[found] = true;
  }
  for (const b of before) if (b.t >= thenAt - window) count--;
  return count === 0;
}
// Stryker disable next-line ArrayDeclaration: emptied at the start of every sameWithin call, before it is read
const matched: boolean[] = [];

/** The same events as then, each past every policy's period. */
function sameEvents(run: RunState, then: Snapshot): boolean {
  const { up, down } = run.controller.events.events;
  const behavior = then.spec.behavior;
  // Stryker disable next-line ArrayDeclaration: without behavior `past` is never read (the check below passes on !behavior)
  const periods = behavior ? [...behavior.scaleUp.policies, ...behavior.scaleDown.policies] : [];
  const past = then.t - Math.max(0, ...periods.map((p) => p.periodSeconds));
  const same = (now: readonly ScaleEvent[], before: ScaleEvent[]) =>
    now.length === before.length &&
    now.every((e, i) => e.t === before[i].t && e.change === before[i].change && (!behavior || e.t <= past));
  return same(up, then.up) && same(down, then.down);
}

/** Whether the run's state now is `then` one period later (see the file's comment for what that asks). */
export function repeats(run: RunState, then: Snapshot, repeat: Repeat): boolean {
  const period = repeat.period;
  if (run.t !== then.t + period || run.controller.spec !== then.spec || run.replicas !== then.replicas) return false;
  if (run.pods.length !== then.pods.length) return false;
  for (let i = 0; i < run.pods.length; i++) {
    if (!settled(then.pods[i], then.t, run.o) || !samePod(run.pods[i], then.pods[i], period)) return false;
  }
  return sameRecommendations(run, then, repeat) && sameEvents(run, then);
}

/** Moves the run `seconds` on (a whole number of periods): where it would be then. */
export function shiftRun(run: RunState, repeat: Repeat, seconds: number): void {
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
  // Slot by slot, those made within the last period; otherwise all within the window (the rest are gone for good).
  const since = run.t - (repeat.bySlot ? repeat.period : repeat.window);
  run.controller.recommendations.shiftSince(since, seconds);
  run.nextScrape += seconds;
  run.nextSync += seconds;
  run.t += seconds;
}

/** Watches a run's syncs, a snapshot each, for the state that repeats the one a period before. */
export class RepeatWatch {
  /** The last period's snapshots, oldest first. */
  private readonly kept: Snapshot[];

  /** Goes on from `from`'s snapshots (a run that splits). */
  constructor(from?: RepeatWatch) {
    this.kept = from ? [...from.kept] : [];
  }

  /**
   * At the start of a sync tick: if the run repeats the state a period ago,
   * moves it over every period it would repeat, up to the first second at
   * which the demand changes (`steadyUntil`) or `end`, and says how far; else
   * keeps a snapshot for the sync a period on and says 0.
   */
  jump(run: RunState, repeat: Repeat, steadyUntil: Int32Array, end: number): number {
    const { t } = run;
    const period = repeat.period;
    const kept = this.kept;
    while (kept.length > 0 && kept[0].t < t - period) kept.shift();
    const then = kept[0];
    // Stryker disable next-line ConditionalExpression: repeats() asks run.t === then.t + period itself
    if (then && then.t === t - period && run.lastChangeAt < then.t && repeats(run, then, repeat)) {
      const seconds = Math.floor((Math.min(steadyUntil[then.t], end) - t) / period) * period;
      if (seconds > 0) {
        shiftRun(run, repeat, seconds);
        kept.length = 0;
        return seconds;
      }
    }
    // A jump needs a period to compare and one to skip, all at one demand and one spec.
    if (Math.min(steadyUntil[t], end) >= t + 2 * period && mayRepeat(run, repeat)) kept.push(snapshot(run));
    return 0;
  }
}
