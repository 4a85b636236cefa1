/**
 * The envelope: for a demand series and a declared HPA, the lowest and
 * highest ready and desired replica counts a healthy cluster can show at each
 * second. The model pins down what a real cluster leaves open (when
 * metrics-server samples, when the HPA syncs, how late a metric arrives, how
 * fast a pod becomes Ready, how exactly the demand was measured); the envelope
 * runs the model over every combination of those, each within its range, and
 * keeps the extremes. Every source and its range is named by uncertainties().
 * Pure: no I/O, no clock.
 */
import type { LoadProfile } from "./load-profile";
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from "./options";
import { simulate } from "./simulation";
import type { ModelWorkload } from "./spec";

/** One source of spread and the values the envelope tries for it. */
export interface Uncertainty {
  name: string;
  /** Why a real cluster spreads here, and where the range comes from. */
  why: string;
  values: number[];
  unit: "s" | "×";
}

/** What the run measured; each unmeasured source spans its whole default range. */
export interface Measured {
  /** When metrics-server samples, as seconds after load start modulo its resolution. */
  scrapePhaseSeconds?: number;
  /** When the HPA syncs, as seconds after load start modulo its period. */
  syncPhaseSeconds?: number;
  /** Shortest and longest seen delay between a sample's timestamp and the metrics API serving it, s. */
  metricLagSeconds?: { min: number; max: number };
  /** Fastest and slowest pod start-to-Ready seen in the run, s. */
  podReadySeconds?: { min: number; max: number };
  /** Relative spread of the run's measured request cost (e.g. 0.06 for ±6 %); taken within DEMAND_SPREAD. */
  demandSpread?: number;
}

/** The defaults where nothing was measured. */
export const UNMEASURED = {
  /** A kubelet refreshes container stats about every 10 s (cAdvisor housekeeping) before metrics-server asks. */
  maxMetricLagSeconds: 10,
  /** A locally present image: a second or two to start, then the readiness probe's first success. */
  podReadySeconds: { min: 3, max: 20 },
};

/**
 * How far the envelope lets the demand the HPA saw differ from the demand
 * counted: at least the CPU accounting noise between what the load drove and
 * what the kubelet saw (`min`, also the spread where nothing was measured),
 * at most `max` of a run's measured spread, past which the band would say little.
 */
export const DEMAND_SPREAD = { min: 0.05, max: 0.25 } as const;

/** A measured value is trusted to this many seconds either way (the observer's polling granularity). */
const MEASURED_SLACK_SECONDS = 1;

const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let v = Math.ceil(from); v <= Math.floor(to); v += step) out.push(v);
  return out;
};
const mod = (value: number, period: number) => ((Math.round(value) % period) + period) % period;

/** Lags to try: the ends and the middle of the range; a measured range also reaches 1 s below its low end. */
function lagValues(lag: { min: number; max: number }, measured: boolean): number[] {
  const low = Math.max(0, Math.floor(lag.min) - (measured ? MEASURED_SLACK_SECONDS : 0));
  const high = Math.max(low, Math.ceil(lag.max));
  return [...new Set([low, Math.round((low + high) / 2), high])];
}

/** The sources of spread for a run, each with the values to try, from what was measured or the defaults. */
export function uncertainties(
  options: Pick<ModelOptions, "metricResolutionSeconds" | "syncPeriodSeconds">,
  measured: Measured = {},
): Uncertainty[] {
  const res = options.metricResolutionSeconds;
  const sync = options.syncPeriodSeconds;
  // A phase measured at v ± slack falls in the whole seconds floor(v - slack) .. floor(v + slack).
  const around = (value: number, period: number) => [
    ...new Set(
      range(Math.floor(value - MEASURED_SLACK_SECONDS), Math.floor(value + MEASURED_SLACK_SECONDS)).map((v) =>
        mod(v, period),
      ),
    ),
  ];
  const lag = measured.metricLagSeconds ?? { min: 0, max: UNMEASURED.maxMetricLagSeconds };
  const ready = measured.podReadySeconds ?? UNMEASURED.podReadySeconds;
  const spread = Math.min(DEMAND_SPREAD.max, Math.max(measured.demandSpread ?? DEMAND_SPREAD.min, DEMAND_SPREAD.min));
  return [
    {
      name: "scrape phase",
      why:
        measured.scrapePhaseSeconds === undefined
          ? `metrics-server samples once per ${res} s at a phase nobody chose: any of 0..${res - 1} s`
          : `metrics-server's samples were seen at ${mod(measured.scrapePhaseSeconds, res)} s into each ${res} s period, ±${MEASURED_SLACK_SECONDS} s`,
      values: measured.scrapePhaseSeconds === undefined ? range(0, res - 1) : around(measured.scrapePhaseSeconds, res),
      unit: "s",
    },
    {
      name: "sync phase",
      why:
        measured.syncPhaseSeconds === undefined
          ? `the HPA controller syncs every ${sync} s at a phase nobody chose: any of 0..${sync - 1} s`
          : `the HPA's status was seen to change at ${mod(measured.syncPhaseSeconds, sync)} s into each ${sync} s period, ±${MEASURED_SLACK_SECONDS} s`,
      values: measured.syncPhaseSeconds === undefined ? range(0, sync - 1) : around(measured.syncPhaseSeconds, sync),
      unit: "s",
    },
    {
      name: "metric lag",
      why:
        measured.metricLagSeconds === undefined
          ? `a sample reaches the HPA 0..${lag.max} s after it is taken (the kubelet's stats housekeeping)`
          : `samples were first served ${lag.min}..${lag.max} s after their timestamp (polled every second, so up to 1 s less)`,
      values: lagValues(lag, measured.metricLagSeconds !== undefined),
      unit: "s",
    },
    {
      name: "pod start-to-Ready",
      why:
        measured.podReadySeconds === undefined
          ? `a new pod is Ready ${ready.min}..${ready.max} s after it is created (image present, readiness probe)`
          : `new pods in this run were Ready ${ready.min}..${ready.max} s after they were created`,
      values: [...new Set([Math.floor(ready.min), Math.ceil(ready.max)])],
      unit: "s",
    },
    {
      name: "demand",
      why:
        spread > DEMAND_SPREAD.min
          ? `a request's cost ranged ±${Math.round(spread * 100)} % between this run's metrics windows, so the CPU the HPA saw may differ from the demand counted by as much`
          : `the CPU the kubelet sees differs from the demand the load drove by up to ±${Math.round(spread * 100)} %`,
      values: [1 - spread, 1, 1 + spread].map((v) => Math.round(v * 1000) / 1000),
      unit: "×",
    },
  ];
}

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
}

/** The band at one second of the run. */
export interface EnvelopePoint {
  t: number;
  minReady: number;
  maxReady: number;
  minDesired: number;
  maxDesired: number;
}

export interface Envelope {
  /** One point per second from fromSeconds to toSeconds. */
  points: EnvelopePoint[];
  /** The sources of spread and the values tried. */
  sources: Uncertainty[];
  /** How many model runs the band spans. */
  runs: number;
}

/** Every combination of the sources' values. */
function combinations(sources: Uncertainty[]): number[][] {
  return sources.reduce<number[][]>((acc, s) => acc.flatMap((combo) => s.values.map((v) => [...combo, v])), [[]]);
}

/**
 * The envelope for a run: the model under every combination of the
 * uncertainties; at each second the extremes over the runs. Run time t maps to
 * model time t - fromSeconds, since the model starts at zero.
 */
export function envelope(input: EnvelopeInput): Envelope {
  const base = { ...DEFAULT_MODEL_OPTIONS, ...input.model };
  const sources = uncertainties(base, input.measured);
  const shift = Math.floor(input.fromSeconds);
  const length = Math.ceil(input.toSeconds) - shift;
  const points: EnvelopePoint[] = Array.from({ length: length + 1 }, (_, i) => ({
    t: shift + i,
    minReady: Infinity,
    maxReady: -Infinity,
    minDesired: Infinity,
    maxDesired: -Infinity,
  }));
  const combos = combinations(sources);
  for (const [scrape, sync, lag, ready, scale] of combos) {
    const ready0 = Math.min(ready, base.podStartSeconds);
    const sim = simulate(input.workload, (t) => input.demand(t + shift) * scale, length, {
      ...base,
      initialReplicas: input.initialReplicas,
      scrapeOffsetSeconds: mod(scrape - shift, base.metricResolutionSeconds),
      syncOffsetSeconds: mod(sync - shift, base.syncPeriodSeconds),
      metricLagSeconds: lag,
      podStartSeconds: ready0,
      podReadySeconds: ready,
    });
    let readyNow = sim.readyChanges[0].readyReplicas;
    let desiredNow = input.initialReplicas;
    let c = 0;
    let s = 0;
    for (let i = 0; i <= length; i++) {
      while (c < sim.readyChanges.length && sim.readyChanges[c].t <= i) readyNow = sim.readyChanges[c++].readyReplicas;
      while (s < sim.timeline.length && sim.timeline[s].t <= i) desiredNow = sim.timeline[s++].desiredReplicas;
      const p = points[i];
      p.minReady = Math.min(p.minReady, readyNow);
      p.maxReady = Math.max(p.maxReady, readyNow);
      p.minDesired = Math.min(p.minDesired, desiredNow);
      p.maxDesired = Math.max(p.maxDesired, desiredNow);
    }
  }
  return { points, sources, runs: combos.length };
}

/** When the band first allows, and when it first forces, at least `n` Ready replicas; null where it never does. */
export function timeToReady(env: Envelope, n: number): { earliest: number | null; latest: number | null } {
  return {
    earliest: env.points.find((p) => p.maxReady >= n)?.t ?? null,
    latest: env.points.find((p) => p.minReady >= n)?.t ?? null,
  };
}

/**
 * The band's widest bounds over [t - slack, t + slack]: what an observation
 * made around `t` may show. Undefined outside the band's time span.
 */
export function bandAround(points: EnvelopePoint[], t: number, slack: number) {
  const near = points.filter((p) => p.t >= t - slack && p.t <= t + slack);
  if (near.length === 0) return undefined;
  return {
    minReady: Math.min(...near.map((p) => p.minReady)),
    maxReady: Math.max(...near.map((p) => p.maxReady)),
    minDesired: Math.min(...near.map((p) => p.minDesired)),
    maxDesired: Math.max(...near.map((p) => p.maxDesired)),
  };
}

/** The band at run time `t` (clamped to its ends). */
export function bandAt(env: Envelope, t: number): EnvelopePoint {
  const first = env.points[0].t;
  const i = Math.min(env.points.length - 1, Math.max(0, Math.round(t) - first));
  return env.points[i];
}
