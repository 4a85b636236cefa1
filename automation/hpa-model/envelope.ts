/**
 * The envelope: for a demand series and a declared HPA, the lowest and
 * highest ready and desired replica counts a healthy cluster can show at each
 * second. The model pins down what a real cluster leaves open (uncertainties.ts
 * names every source and its range, change-windows.ts when each config change
 * was taken); the envelope runs the model over every combination of those and
 * keeps the extremes (band.ts). Pure: no I/O, no clock.
 *
 * Thousands of runs over a day of load stay fast because each run skips what
 * cannot change anything (model-run.ts) to the very state the second-by-second
 * loop reaches; exhaustiveEnvelope() is that loop over every combination and
 * every second of each change's window, the reference the specs hold it to.
 */
import { cpuMillicores } from "../../components/quantity";
import { BandSweep, type Band, type EnvelopePoint } from "./band";
import {
  changeTimings,
  changeUncertainties,
  checkChangeWindows,
  everyChangeTiming,
  timedChanges,
  type EnvelopeChange,
} from "./change-windows";
import { scaledDemand, type DemandSeries } from "./demand-series";
import type { LoadProfile } from "./load-profile";
import { lagClasses } from "./metric-lag";
import { ModelRun, type Variant } from "./model-run";
import { checkedModelOptions, DEFAULT_MODEL_OPTIONS, type ModelOptions } from "./options";
import { simulateEverySecond } from "./simulation";
import { specSchedule, type ModelWorkload } from "./spec";
import { mod, uncertainties, type Measured, type Uncertainty } from "./uncertainties";

export interface EnvelopeInput {
  workload: ModelWorkload;
  /** Total CPU demand at each second of the run (negative before load start), millicores. */
  demand: LoadProfile;
  /** First second of the run to model (e.g. the start of a calibration before load start, as a negative time). */
  fromSeconds: number;
  /** Last second of the run to model. */
  toSeconds: number;
  /** Replicas at `fromSeconds`. */
  initialReplicas: number;
  model?: Partial<ModelOptions>;
  measured?: Measured;
  /** Changes of the HPA's autoscaling config during the run, in the order the cluster took them. */
  changes?: EnvelopeChange[];
}

export interface Envelope extends Band {
  /** One point per second from fromSeconds to toSeconds. */
  points: EnvelopePoint[];
  /** The sources of spread and the values tried. */
  sources: Uncertainty[];
  /** How many model runs the band spans. */
  runs: number;
}

/**
 * One combination of the sources' values but the metric lag and the pods'
 * start-up: the model's options for each lag and start-up tried (they differ
 * only there), and the demand scale.
 */
interface Combination {
  /** By lag, then by start-up. */
  options: ModelOptions[][];
  lags: number[];
  scale: number;
  /** The sync phase in run time. */
  syncPhase: number;
}

/** Where a run's model time starts in run time, and its last model second. */
function span(input: EnvelopeInput): { shift: number; last: number } {
  const shift = Math.floor(input.fromSeconds);
  return { shift, last: Math.ceil(input.toSeconds) - shift };
}

/** Every combination of the sources' values, as model options. Run time t is model time t - shift. */
function combinations(input: EnvelopeInput, base: ModelOptions, sources: Uncertainty[], shift: number): Combination[] {
  // Stryker disable next-line MethodExpression: the destructuring takes the first five either way
  const [scrapes, syncs, lags, readies, scales] = sources.slice(0, 5).map((s) => s.values);
  const out: Combination[] = [];
  for (const scrape of scrapes)
    for (const sync of syncs)
      for (const scale of scales) {
        const options = lags.map((lag) =>
          readies.map((ready) =>
            checkedModelOptions({
              ...base,
              initialReplicas: input.initialReplicas,
              scrapeOffsetSeconds: mod(scrape - shift, base.metricResolutionSeconds),
              syncOffsetSeconds: mod(sync - shift, base.syncPeriodSeconds),
              metricLagSeconds: lag,
              // The container starts no later than it is Ready.
              podStartSeconds: Math.min(ready, base.podStartSeconds),
              podReadySeconds: ready,
            }),
          ),
        );
        out.push({ options, lags, scale, syncPhase: sync });
      }
  return out;
}

/**
 * The envelope for a run: the model under every combination of the
 * uncertainties, and for each config change every sync that may first read
 * it; at each second the extremes over the runs.
 */
export function envelope(input: EnvelopeInput): Envelope {
  const base = { ...DEFAULT_MODEL_OPTIONS, ...input.model };
  const changes = input.changes ?? [];
  checkChangeWindows(changes);
  const { shift, last } = span(input);
  const sources = uncertainties(base, input.measured);
  const combos = combinations(input, base, sources, shift);
  const limit = cpuMillicores(input.workload.resources.limits.cpu) ?? Infinity;
  const samples = new Float64Array(Math.max(last, 0) + 1);
  // Stryker disable next-line EqualityOperator: one step more asks the (pure) profile once more and writes past the typed array's end: dropped
  for (let t = 0; t < samples.length; t++) samples[t] = input.demand(t + shift);
  const demands = new Map<number, DemandSeries>();
  const band = new BandSweep(shift, last);
  const tried: number[][] = [];
  let runs = 0;
  for (const { options, lags, scale, syncPhase } of combos) {
    let demand = demands.get(scale);
    // Stryker disable next-line ConditionalExpression: scaling the samples again gives the same series; the map only saves the work
    if (!demand) demands.set(scale, (demand = scaledDemand(samples, scale)));
    const o = options[0][0];
    const ticks = { start: shift, phase: syncPhase, period: base.syncPeriodSeconds };
    const timings = changeTimings(changes, ticks);
    const specs = timings.map((timing) =>
      specSchedule(input.workload, timedChanges(changes, timing, shift), base.downscaleStabilizationSeconds),
    );
    tried.push(...timings);
    // Stryker disable next-line ObjectLiteral: without scrape ticks lagClasses() groups no lags, and each lag's own runs draw the same band
    const scrapeTicks = { first: o.scrapeOffsetSeconds, period: o.metricResolutionSeconds };
    const syncTicks = { first: o.syncOffsetSeconds, period: o.syncPeriodSeconds };
    for (const alike of lagClasses(lags, scrapeTicks, syncTicks)) {
      // Lags no sync tells apart (metric-lag.ts): the first one's runs stand for all of theirs.
      const startUps = options[lags.indexOf(alike[0])];
      const variants: Variant[] = [];
      for (let k = 0; k < alike.length; k++)
        for (const o of startUps) for (const schedule of specs) variants.push({ o, specs: schedule });
      // One run for all until they part (model-run.ts), then one per way they parted.
      const todo = [
        // Stryker disable next-line BooleanLiteral: the band reads a decision's counts, never its words
        new ModelRun(variants, demand, limit, band.recorder(input.initialReplicas, variants.length), false),
      ];
      for (let run = todo.pop(); run; run = todo.pop()) {
        run.run(last);
        todo.push(...run.forks);
      }
      runs += variants.length;
    }
  }
  return { points: band.points(), sources: [...sources, ...changeUncertainties(changes, tried)], runs };
}

/**
 * The envelope the plain way: simulateEverySecond() for every combination and
 * every whole second of each change's window, the band folded second by
 * second. Slow; the reference envelope() must equal point for point.
 */
export function exhaustiveEnvelope(input: EnvelopeInput): Envelope {
  const base = { ...DEFAULT_MODEL_OPTIONS, ...input.model };
  const changes = input.changes ?? [];
  checkChangeWindows(changes);
  const { shift, last } = span(input);
  const sources = uncertainties(base, input.measured);
  const points: EnvelopePoint[] = Array.from({ length: last + 1 }, (_, i) => ({
    t: shift + i,
    minReady: Infinity,
    maxReady: -Infinity,
    minDesired: Infinity,
    maxDesired: -Infinity,
  }));
  const timings = everyChangeTiming(changes);
  for (const { options: byLag, scale } of combinations(input, base, sources, shift)) {
    for (const [options, timing] of byLag.flat().flatMap((o) => timings.map((t) => [o, t] as const))) {
      const profile = (t: number) => input.demand(t + shift) * scale;
      const sim = simulateEverySecond(input.workload, profile, last, options, timedChanges(changes, timing, shift));
      let ready = sim.readyChanges[0].readyReplicas;
      let desired = input.initialReplicas;
      let c = 0;
      let s = 0;
      for (let i = 0; i <= last; i++) {
        while (c < sim.readyChanges.length && sim.readyChanges[c].t <= i) ready = sim.readyChanges[c++].readyReplicas;
        while (s < sim.timeline.length && sim.timeline[s].t <= i) desired = sim.timeline[s++].desiredReplicas;
        const p = points[i];
        p.minReady = Math.min(p.minReady, ready);
        p.maxReady = Math.max(p.maxReady, ready);
        p.minDesired = Math.min(p.minDesired, desired);
        p.maxDesired = Math.max(p.maxDesired, desired);
      }
    }
  }
  const perCombination = sources[2].values.length * sources[3].values.length * timings.length;
  const runs = combinations(input, base, sources, shift).length * perCombination;
  return { points, sources: [...sources, ...changeUncertainties(changes, timings)], runs };
}

export { bandAround, bandAt, timeToReady } from "./band";
export type { EnvelopePoint } from "./band";
export type { EnvelopeChange } from "./change-windows";
export { uncertainties, UNMEASURED } from "./uncertainties";
export type { Measured, Uncertainty } from "./uncertainties";
