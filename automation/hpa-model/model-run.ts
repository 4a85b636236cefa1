/**
 * One model run: the simulated cluster and the HPA controller stepped through
 * a demand series. `runEverySecond` is the sync loop as written: every second
 * scrapes (or hands on a lagging metric), syncs on its ticks, then serves one
 * second of load. `run` reaches the very same state faster:
 *
 * - it does that work only at the seconds where something other than serving
 *   load can happen (a scrape, a sync, a metric arriving, a pod becoming
 *   Ready) and serves the seconds between in one go, adding each second's
 *   share in the same order, so every sum is the same to the last bit;
 * - under constant demand, once the whole state repeats itself one period
 *   later (steady-state.ts), it jumps over the periods that would repeat it;
 * - runs that differ only in what the model has not read yet (how fast new
 *   pods start, when a config change was taken) are one run until they part:
 *   at the sync that first reads a change, or that first creates pods, the
 *   run splits into one per outcome (`forks`), each going on from there.
 */
import { HpaController, type Decision } from "./controller";
import type { DemandSeries } from "./demand-series";
import type { ModelOptions } from "./options";
import type { PodView } from "./replica-calculator";
import {
  copyPod,
  countReady,
  deliver,
  initialPods,
  nextReady,
  podView,
  resizePods,
  scrape,
  serveStretch,
  type SimPod,
} from "./simulated-cluster";
import type { ScheduledSpec } from "./spec";
import { repeatOf, RepeatWatch, windowsNeverWiden } from "./steady-state";

/** What a run tells its reader. */
export interface RunRecorder {
  /** The Ready count at second `t`, once at the start and then at each change. */
  ready(t: number, ready: number): void;
  /** One sync: its decision, the Ready count after it and the demand at that second. */
  sync(t: number, decision: Decision, ready: number, demand: number): void;
  /** Seconds [from, to) repeat the `period` seconds before `from`, over and over. */
  repeated(from: number, to: number, period: number): void;
  /**
   * The run splits: `share` of the runs this recorder stands for go on in a
   * run of their own, recorded by the recorder returned, from the counts as they are.
   */
  split(share: number): RunRecorder;
}

/**
 * One way what a run has not read yet may turn out: how fast new pods start
 * (options.podStartSeconds and podReadySeconds, read when pods are created)
 * and when each config change was taken (read at a sync).
 */
export interface Variant {
  o: ModelOptions;
  specs: readonly ScheduledSpec[];
}

/** Where a split run takes up its second: at reading the spec, or at resizing to the decision. */
type Stage = "read" | "resize";

/** The first tick at or after 0 of ticks every `period` seconds at `offset` (mod period). */
export function firstTick(period: number, offset: number): number {
  return ((offset % period) + period) % period;
}

/** The state of one run, advanced second by second or event to event. */
export class ModelRun {
  /** The next second to model. */
  t: number;
  replicas: number;
  pods: SimPod[];
  /** Ready pods after the last second modeled. */
  ready: number;
  readonly controller: HpaController;
  /** Index into the specs of the next change not yet read. */
  nextSpec: number;
  /** The last second the Ready or desired count changed. */
  lastChangeAt: number;
  /** The next scrape's second. */
  nextScrape: number;
  /** The next sync's second. */
  nextSync: number;
  /** What every variant shares; the first variant's options and specs stand for all. */
  readonly o: ModelOptions;
  readonly specs: readonly ScheduledSpec[];
  /** Runs split off this one where its variants parted, each to be run on in turn. */
  readonly forks: ModelRun[] = [];
  /** The syncs of the last period, to find the run repeating itself. */
  private readonly watch: RepeatWatch;
  private readonly views: PodView[] = [];
  /** For each spec of the schedule, whether no later one widens the stabilization window. */
  private readonly narrowing: boolean[];
  /** A split run's second in progress. */
  private resume?: { stage: Stage; decision?: Decision };

  constructor(
    /** The ways this run's open parameters may turn out; all share the rest of the options. */
    private readonly variants: readonly Variant[],
    readonly demand: DemandSeries,
    /** Each pod's CPU limit, millicores. */
    readonly limit: number,
    private readonly recorder: RunRecorder,
    /** Whether each sync's decision says what happened in words (a band needs only the counts). */
    explain = true,
    /** The run this one splits off, mid-second at `resume`. */
    parent?: ModelRun,
    resume?: { stage: Stage; decision?: Decision },
  ) {
    const { o, specs } = variants[0];
    this.o = o;
    this.specs = specs;
    this.t = parent?.t ?? 0;
    this.controller = parent?.controller.copy() ?? new HpaController(specs[0].spec, o, explain);
    this.replicas = parent?.replicas ?? o.initialReplicas ?? specs[0].spec.minReplicas;
    this.pods = parent?.pods.map(copyPod) ?? initialPods(this.replicas, o);
    this.ready = parent?.ready ?? this.replicas;
    this.nextSpec = parent?.nextSpec ?? 1;
    this.lastChangeAt = parent?.lastChangeAt ?? 0;
    this.nextScrape = parent?.nextScrape ?? firstTick(o.metricResolutionSeconds, o.scrapeOffsetSeconds);
    this.nextSync = parent?.nextSync ?? firstTick(o.syncPeriodSeconds, o.syncOffsetSeconds);
    this.watch = new RepeatWatch(parent?.watch);
    this.narrowing =
      parent?.narrowing ??
      windowsNeverWiden(
        specs.map((s) => s.spec),
        o,
      );
    this.resume = resume;
    if (!parent) recorder.ready(0, this.ready);
  }

  /** Seconds up to `last`, each in full: the reference the fast path is held to. One variant only. */
  runEverySecond(last: number): void {
    for (; this.t <= last; this.t++) {
      this.second(this.t, false);
      serveStretch(this.pods, this.t, this.t + 1, this.ready, this.demand.values, this.limit);
    }
  }

  /** Seconds up to `last`, to the same state as runEverySecond, skipping what cannot change anything. */
  run(last: number): void {
    if (this.resume) {
      const { stage, decision } = this.resume;
      this.resume = undefined;
      // Stryker disable next-line BooleanLiteral: with a stage given, second() skips the scrape and the deliveries, the only readers of lazy
      if (!this.second(this.t, true, stage, decision)) return;
      this.advance(last);
    }
    while (this.t <= last) {
      if (this.t === this.nextSync) this.jumpIfRepeating(last);
      if (this.t > last) break;
      if (!this.second(this.t, true)) return;
      this.advance(last);
    }
  }

  /**
   * Everything but serving load at second `t`: scrape or hand on metrics, read
   * a new spec and sync. `lazy` hands lagging metrics on only when they can
   * matter, at a sync or before a scrape replaces them, as the second-by-second
   * loop would have by then; so their arrival is no event of its own. A split
   * run takes the second up at `stage`. False when the run split here: its
   * forks go on instead.
   */
  private second(t: number, lazy: boolean, stage?: Stage, decision?: Decision): boolean {
    const o = this.o;
    // Stryker disable next-line ConditionalExpression: a split run resumes past its second's scrape and sync tick (nextScrape and nextSync moved on before it split)
    if (stage === undefined) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: taken as lagging at lag 0 too it only delivers more often, and scrape() hands a lag-0 sample on at once
      const lagging = o.metricLagSeconds > 0;
      if (t === this.nextScrape) {
        // Stryker disable next-line ConditionalExpression,LogicalOperator: delivering always, second by second or without lag, finds nothing left: all was handed on by t - 1
        if (lazy && lagging) deliver(this.pods, t - 1);
        scrape(this.pods, t, o, o.cpuAtScrape ? this.shareAt(t - 1) : undefined);
        this.nextScrape += o.metricResolutionSeconds;
      } else if (lagging && !lazy) deliver(this.pods, t);
      if (t === this.nextSync) {
        // Stryker disable next-line ConditionalExpression,LogicalOperator: delivering always, second by second or without lag, finds nothing left: all was handed on this second
        if (lazy && lagging) deliver(this.pods, t);
        this.nextSync += o.syncPeriodSeconds;
        stage = "read";
      }
    }
    if (stage === "read") {
      if (!this.readSpecs(t)) return false;
      decision = this.controller.reconcile(t, this.replicas, this.podViews(t));
      stage = "resize";
    }
    // Stryker disable next-line ConditionalExpression,LogicalOperator: decision is set exactly when the stage is resize
    if (stage === "resize" && decision) {
      if (decision.desiredReplicas > this.replicas && !this.splitBy(startUp, "resize", decision)) return false;
      this.pods = resizePods(this.pods, this.replicas, decision.desiredReplicas, t, o);
      if (decision.desiredReplicas !== this.replicas) this.lastChangeAt = t;
      this.replicas = decision.desiredReplicas;
    }
    const ready = countReady(this.pods, t);
    if (ready !== this.ready) {
      this.ready = ready;
      this.lastChangeAt = t;
      this.recorder.ready(t, ready);
    }
    if (decision) this.recorder.sync(t, decision, ready, this.demand.values[t]);
    return true;
  }

  /** What each Ready pod burnt in second `t`, millicores (before the load, its share of the preload). */
  private shareAt(t: number): number {
    // Stryker disable next-line ConditionalExpression: with no pod Ready in the second before, scrape() reads no pod's share
    if (this.ready === 0) return 0;
    const demand = t < 0 ? this.o.preloadMillicores : (this.demand.values[t] ?? 0);
    return Math.min(demand / this.ready, this.limit);
  }

  /** Hands the controller every spec in force at `t`; false if the variants part here (the run split). */
  private readSpecs(t: number): boolean {
    if (!this.splitBy((v) => readUpTo(v.specs, this.nextSpec, t), "read")) return false;
    const specs = this.specs;
    while (this.nextSpec < specs.length && specs[this.nextSpec].from <= t) {
      this.controller.spec = specs[this.nextSpec++].spec;
    }
    return true;
  }

  /**
   * If the variants differ in `key`, ends this run and splits it into one run
   * per group of alike variants, each taking the second up at `stage` (in
   * `forks`); true when they do not differ.
   */
  private splitBy(key: (v: Variant) => number, stage: Stage, decision?: Decision): boolean {
    const variants = this.variants;
    // Stryker disable next-line ConditionalExpression: a single variant makes a single group, found alike below
    if (variants.length === 1) return true;
    const groups = new Map<number, Variant[]>();
    for (const v of variants) {
      const k = key(v);
      const group = groups.get(k);
      if (group) group.push(v);
      else groups.set(k, [v]);
    }
    if (groups.size === 1) return true;
    for (const group of groups.values()) {
      const recorder = this.recorder.split(group.length);
      // Stryker disable next-line BooleanLiteral: a split run copies its parent's controller, explain flag and all; the flag is read only for a new controller
      this.forks.push(new ModelRun(group, this.demand, this.limit, recorder, false, this, { stage, decision }));
    }
    return false;
  }

  /** The pods as the controller lists them at `t`, in views reused from sync to sync. */
  private podViews(t: number): PodView[] {
    const views = this.views;
    const pods = this.pods;
    // Stryker disable next-line EqualityOperator: a view too many is cut off on the next line
    while (views.length < pods.length) views.push({} as PodView);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: setting the length the list already has changes nothing
    if (views.length > pods.length) views.length = pods.length;
    for (let i = 0; i < pods.length; i++) podView(pods[i], t, views[i]);
    return views;
  }

  /** Serves load up to the next event (or past `last`) and moves there. */
  private advance(last: number): void {
    const next = Math.min(this.nextScrape, this.nextSync, nextReady(this.pods, this.t), last + 1);
    serveStretch(this.pods, this.t, next, this.ready, this.demand.values, this.limit);
    this.t = next;
  }

  /** At a sync tick: jumps over the periods that repeat (steady-state.ts), up to the next change of demand or spec. */
  private jumpIfRepeating(last: number): void {
    const from = this.t;
    const repeat = repeatOf(this.controller.spec, this.o, !this.narrowing[this.nextSpec - 1]);
    let change = Infinity;
    for (const v of this.variants)
      if (this.nextSpec < v.specs.length) change = Math.min(change, v.specs[this.nextSpec].from);
    const seconds = this.watch.jump(this, repeat, this.demand.steadyUntil, Math.min(Math.ceil(change), last + 1));
    if (seconds > 0) this.recorder.repeated(from, from + seconds, repeat.period);
  }
}

/** How fast a variant's new pods start. */
// Stryker disable next-line ArithmeticOperator: minus, or over 1e6, keeps start-ups in whole seconds (under 1e6 s) apart one to one too
const startUp = (v: Variant) => v.o.podStartSeconds * 1e6 + v.o.podReadySeconds;

/** The index of the first spec from `next` on not yet in force at `t`. */
function readUpTo(specs: readonly ScheduledSpec[], next: number, t: number): number {
  let i = next;
  while (i < specs.length && specs[i].from <= t) i++;
  return i;
}
