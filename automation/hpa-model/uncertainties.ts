/**
 * The envelope's sources of spread: what a real cluster leaves open (when
 * metrics-server samples, when the HPA syncs, how late a metric arrives, how
 * fast a pod becomes Ready, how exactly the demand was measured), each with
 * the values the envelope tries, from what the run measured or the defaults.
 */
import type { ModelOptions } from "./options";

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
  /**
   * The longest a resize took the cluster (the HPA's rescale to the Deployment's status showing the
   * pods), s, over `count` resizes: not a source of spread the model tries, but how far a sample's
   * Ready count may trail it (the model creates and deletes pods at once).
   */
  resizeSeconds?: { count: number; max: number };
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

/** A measured time to a tenth of a second: the observer polls every second, so finer digits are noise. */
const tenth = (v: number) => Math.round(v * 10) / 10;

/** A measured value is trusted to this many seconds either way (the observer's polling granularity). */
const MEASURED_SLACK_SECONDS = 1;

export const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let v = Math.ceil(from); v <= Math.floor(to); v += step) out.push(v);
  return out;
};
export const mod = (value: number, period: number) => ((Math.round(value) % period) + period) % period;

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
          : `samples were first served ${tenth(lag.min)}..${tenth(lag.max)} s after their timestamp (polled every second, so up to 1 s less)`,
      // Stryker disable next-line ConditionalExpression: unmeasured, the range starts at 0, and the slack below it stops at 0 too
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
