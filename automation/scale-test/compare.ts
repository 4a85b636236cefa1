/**
 * Observed against predicted: after a run, estimate the CPU demand the run
 * actually put on the target, run the HPA model with that demand, and set the
 * model's desired replicas beside each observed sample. This measures the
 * model's dynamics on a real cluster apart from how well the expectation
 * guessed the demand. Pure.
 */
import { cpuMillicores } from "../../components/quantity";
import { simulate, type ModelOptions, type TimelinePoint } from "../hpa-model";
import type { ModelWorkload } from "../hpa-model/spec";
import { step } from "../hpa-model/load-profile";
import type { ComparedSample, Comparison, Sample } from "./types";

export interface CompareInput {
  workload: ModelWorkload;
  series: Sample[];
  /** How long the load ran; after it the model's demand is zero, as the cluster's was. */
  loadSeconds: number;
  /** The stack's model knobs, e.g. its metricResolutionSeconds. */
  model?: Partial<ModelOptions>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Total CPU demand during the load, millicores: the median over the samples of
 * CPU % × request × ready pods. It starts at the first reading above zero,
 * because until metrics-server's window covers the load the HPA keeps
 * reporting the idle reading, and it skips samples without CPU and after the
 * load. The median shrugs off the transitions where new Ready pods do not yet
 * count in the HPA's average. Undefined when no sample qualifies.
 */
export function observedDemand(series: Sample[], requestMillicores: number, loadSeconds: number): number | undefined {
  const during = series.filter((s) => s.t >= 0 && s.t <= loadSeconds);
  const first = during.findIndex((s) => (s.cpuUtilization ?? 0) > 0);
  if (first < 0) return undefined;
  const demands = during
    .slice(first)
    .flatMap((s) =>
      s.cpuUtilization === null ? [] : [(s.cpuUtilization / 100) * requestMillicores * s.readyReplicas],
    );
  return Math.round(median(demands));
}

/** The model's desired replicas at `t`: those of its last sync at or before `t`. */
function desiredAt(timeline: TimelinePoint[], t: number): number {
  let desired = timeline[0].desiredReplicas;
  for (const point of timeline) {
    if (point.t > t) break;
    desired = point.desiredReplicas;
  }
  return desired;
}

/**
 * Observed desired replicas against the model's, sample by sample, and the
 * first scale-up of each. The observed first scale-up is the first sample that
 * shows it, so it can be up to one sample interval late. Undefined when the
 * run gave no CPU reading to estimate the demand from.
 */
export function compareWithModel(input: CompareInput): Comparison | undefined {
  const request = cpuMillicores(input.workload.resources.requests.cpu);
  const series = input.series.filter((s) => s.t >= 0);
  if (request === undefined || series.length === 0) return undefined;
  const demand = observedDemand(series, request, input.loadSeconds);
  if (demand === undefined) return undefined;
  const initialReplicas = series[0].currentReplicas ?? series[0].readyReplicas;
  const duration = Math.ceil(series[series.length - 1].t);
  const profile = step(demand, 0, input.loadSeconds);
  const { timeline } = simulate(input.workload, profile, duration, { ...input.model, initialReplicas });
  const samples: ComparedSample[] = series.map((s) => {
    const predictedDesired = desiredAt(timeline, s.t);
    const diff = s.desiredReplicas === null ? null : s.desiredReplicas - predictedDesired;
    return { t: s.t, observedDesired: s.desiredReplicas, predictedDesired, diff };
  });
  const diffs = samples.flatMap((s) => (s.diff === null ? [] : [Math.abs(s.diff)]));
  const observedStart = series[0].desiredReplicas ?? initialReplicas;
  const observedUp = samples.find((s) => s.observedDesired !== null && s.observedDesired > observedStart)?.t ?? null;
  const predictedUp = timeline.find((p) => p.desiredReplicas > initialReplicas)?.t ?? null;
  return {
    demandMillicores: demand,
    samples,
    maxAbsDiff: diffs.length === 0 ? 0 : Math.max(...diffs),
    withinOne: diffs.length === 0 ? 0 : diffs.filter((d) => d <= 1).length / diffs.length,
    firstScaleUp: {
      observedSeconds: observedUp,
      predictedSeconds: predictedUp,
      diffSeconds:
        observedUp === null || predictedUp === null ? null : Math.round((observedUp - predictedUp) * 10) / 10,
    },
  };
}
