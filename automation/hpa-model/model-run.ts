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
 *   later (steady-state.ts), it jumps over the periods that would repeat it.
 */
import { HpaController, type Decision } from "./controller";
import type { DemandSeries } from "./demand-series";
import type { ModelOptions } from "./options";
import type { PodView } from "./replica-calculator";
import { countReady, deliver, initialPods, podView, resizePods, scrape, type SimPod } from "./simulated-cluster";
import type { ScheduledSpec } from "./spec";
import { repeatPeriod, repeats, shiftRun, snapshot, type Snapshot } from "./steady-state";

/** What a run tells its reader. */
export interface RunRecorder {
  /** The Ready count at second `t`, once at the start and then at each change. */
  ready(t: number, ready: number): void;
  /** One sync: its decision, the Ready count after it and the demand at that second. */
  sync(t: number, decision: Decision, ready: number, demand: number): void;
  /** Seconds [from, to) repeat the `period` seconds before `from`, over and over. */
  repeated(from: number, to: number, period: number): void;
}

/** The first tick at or after 0 of ticks every `period` seconds at `offset` (mod period). */
export function firstTick(period: number, offset: number): number {
  return ((offset % period) + period) % period;
}

/** The state of one run, advanced second by second or event to event. */
export class ModelRun {
  /** The next second to model. */
  t = 0;
  replicas: number;
  pods: SimPod[];
  /** Ready pods after the last second modeled. */
  ready: number;
  readonly controller: HpaController;
  /** Index into `specs` of the next change not yet read. */
  nextSpec = 1;
  /** The last second the Ready or desired count changed. */
  lastChangeAt = 0;
  /** The next scrape's second. */
  nextScrape: number;
  /** The next sync's second. */
  nextSync: number;
  private steady?: Snapshot;
  private readonly views: PodView[] = [];

  constructor(
    readonly o: ModelOptions,
    readonly specs: readonly ScheduledSpec[],
    readonly demand: DemandSeries,
    /** Each pod's CPU limit, millicores. */
    readonly limit: number,
    private readonly recorder: RunRecorder,
    /** Whether each sync's decision says what happened in words (a band needs only the counts). */
    explain = true,
  ) {
    this.controller = new HpaController(specs[0].spec, o, explain);
    this.replicas = o.initialReplicas ?? specs[0].spec.minReplicas;
    this.pods = initialPods(this.replicas, o);
    this.ready = this.replicas;
    this.nextScrape = firstTick(o.metricResolutionSeconds, o.scrapeOffsetSeconds);
    this.nextSync = firstTick(o.syncPeriodSeconds, o.syncOffsetSeconds);
    recorder.ready(0, this.ready);
  }

  /** Seconds up to `last`, each in full: the reference the fast path is held to. */
  runEverySecond(last: number): void {
    for (; this.t <= last; this.t++) {
      this.model(this.t, false);
      this.serve(this.t, this.t + 1);
    }
  }

  /** Seconds up to `last`, to the same state as runEverySecond, skipping what cannot change anything. */
  run(last: number): void {
    while (this.t <= last) {
      if (this.t === this.nextSync) this.jumpIfRepeating(last);
      const t = this.t;
      if (t > last) break;
      this.model(t, true);
      const next = Math.min(this.nextEvent(t), last + 1);
      this.serve(t, next);
      this.t = next;
    }
  }

  /**
   * Everything but serving load at second `t`: scrape or hand on metrics, read
   * a new spec and sync. `lazy` hands lagging metrics on only when they can
   * matter, at a sync or before a scrape replaces them, as the second-by-second
   * loop would have by then; so their arrival is no event of its own.
   */
  private model(t: number, lazy: boolean): void {
    const o = this.o;
    const lagging = o.metricLagSeconds > 0;
    if (t === this.nextScrape) {
      if (lazy && lagging) deliver(this.pods, t - 1);
      scrape(this.pods, t, o);
      this.nextScrape += o.metricResolutionSeconds;
    } else if (lagging && !lazy) deliver(this.pods, t);
    let synced: Decision | undefined;
    if (t === this.nextSync) {
      if (lazy && lagging) deliver(this.pods, t);
      this.nextSync += o.syncPeriodSeconds;
      const specs = this.specs;
      while (this.nextSpec < specs.length && specs[this.nextSpec].from <= t) {
        this.controller.spec = specs[this.nextSpec++].spec;
      }
      synced = this.controller.reconcile(t, this.replicas, this.podViews(t));
      this.pods = resizePods(this.pods, this.replicas, synced.desiredReplicas, t, o);
      if (synced.desiredReplicas !== this.replicas) this.lastChangeAt = t;
      this.replicas = synced.desiredReplicas;
    }
    const ready = countReady(this.pods, t);
    if (ready !== this.ready) {
      this.ready = ready;
      this.lastChangeAt = t;
      this.recorder.ready(t, ready);
    }
    if (synced) this.recorder.sync(t, synced, ready, this.demand.values[t]);
  }

  /** The pods as the controller lists them at `t`, in views reused from sync to sync. */
  private podViews(t: number): PodView[] {
    const views = this.views;
    const pods = this.pods;
    while (views.length < pods.length) views.push({} as PodView);
    if (views.length > pods.length) views.length = pods.length;
    for (let i = 0; i < pods.length; i++) podView(pods[i], t, views[i]);
    return views;
  }

  /**
   * Seconds [from, to) of load through the Service, the Ready pods and their
   * count the same throughout: each Ready pod adds each second's share in
   * turn. Pods that start the stretch with the same CPU end it with the same.
   */
  private serve(from: number, to: number): void {
    if (this.ready === 0) return;
    const values = this.demand.values;
    let before = NaN;
    let after = NaN;
    for (const pod of this.pods) {
      if (from < pod.readyAt) continue;
      if (pod.cpuSinceScrape === before) {
        pod.cpuSinceScrape = after;
        continue;
      }
      before = pod.cpuSinceScrape;
      let cpu = before;
      for (let t = from; t < to; t++) cpu += Math.min(values[t] / this.ready, this.limit);
      after = cpu;
      pod.cpuSinceScrape = cpu;
    }
  }

  /** The first second after `t` at which something besides serving load happens: a scrape, a sync, a pod Ready. */
  private nextEvent(t: number): number {
    let next = Math.min(this.nextScrape, this.nextSync);
    for (const pod of this.pods) if (pod.readyAt > t && pod.readyAt < next) next = pod.readyAt;
    return next;
  }

  /**
   * At a sync tick: if the state repeats the one a period ago under the same
   * demand, jump over every period the demand and the spec stay the same
   * for; else keep a snapshot once a period to compare with the next.
   */
  private jumpIfRepeating(last: number): void {
    const t = this.t;
    const period = repeatPeriod(this.controller.spec, this.o);
    const change = this.nextSpec < this.specs.length ? Math.ceil(this.specs[this.nextSpec].from) : Infinity;
    const steady = this.steady;
    if (steady && steady.t === t - period && this.lastChangeAt < steady.t && repeats(this, steady, period)) {
      const end = Math.min(this.demand.steadyUntil[steady.t], change, last + 1);
      const seconds = Math.floor((end - t) / period) * period;
      if (seconds > 0) {
        shiftRun(this, period, seconds);
        this.nextScrape += seconds;
        this.nextSync += seconds;
        this.recorder.repeated(t, t + seconds, period);
        this.t = t + seconds;
        this.steady = undefined;
        return;
      }
    }
    if (steady && steady.t > t - period) return;
    // A jump needs a period to compare and one to skip, all at one demand and one spec.
    const worth = Math.min(this.demand.steadyUntil[t], change, last + 1) >= t + 2 * period;
    this.steady = worth ? snapshot(this) : undefined;
  }
}
