/**
 * The judgement of a driven run: the envelope the HPA model draws for the
 * demand the load really produced (completed requests × what a request cost
 * in each metrics window), the timing the cluster really showed and the room
 * it had; the expectations read off it; and the verdict. A run that produced
 * no measurable demand, or an HPA without a CPU target, falls back to the
 * e2e budget (budget-expectations.ts).
 */
import { DEFAULT_MODEL_OPTIONS, envelope } from "../hpa-model";
import type { DemandSummary, Expectations, Room, SyncExplanation, Verdict } from "../shared/results";
import type { EnvelopeChange, HpaChange, Measured } from "../hpa-model";
import { budgetExpectations, type BudgetInput } from "./budget-expectations";
import { measuredTiming } from "./cluster-timing";
import { costOverTime, costSpread } from "./cost";
import type { LoadOrigin } from "../load";
import type { Driven } from "./drive";
import { envelopeExpectations } from "./expectations";
import type { Prepared } from "./prepare";
import { maxSampleGapSeconds, type ScaleTestTimings } from "./timings";
import { judge } from "./verdict";
import { memoryPerPod } from "./memory";
import { explainSyncs } from "./syncs";
import { memoryBytes } from "../../components/quantity";

export interface JudgeInput {
  budget: BudgetInput;
  prepared: Prepared;
  driven: Driven;
  room: Room;
  /**
   * How fast the cluster started the target's pods before the run, when it
   * showed it: only for the e2e budget's start-up. The envelope takes the
   * run's own new pods (a pod that turned Ready again later reads slow, and
   * would widen the band's slow side without bound).
   */
  podReadySeconds?: { min: number; max: number };
  /** Draws the envelope; the HPA model's unless a test stands in for a cluster no model describes. */
  envelopeOf: typeof envelope;
  timings: ScaleTestTimings;
}

/** What the cluster's timing measured during the run, in the envelope's terms. */
export function measuredOf(input: JudgeInput): Measured {
  const { driven, prepared: p } = input;
  return {
    ...measuredTiming(driven.timing.log, {
      t0Ms: driven.timing.t0Ms,
      resolutionSeconds: p.metricResolutionSeconds,
      syncPeriodSeconds: DEFAULT_MODEL_OPTIONS.syncPeriodSeconds,
      readySeconds: driven.timing.podReadySeconds,
    }),
    demandSpread: costSpread(driven.costWindows),
  };
}

/**
 * What the model takes from this cluster rather than its defaults: metrics-server's resolution,
 * the pods that fit, and the working set per pod the HPA reported (its memory metric sets how far
 * an idle HPA may come down), and how a pod's CPU metric is read (at the scrape for simulated pods).
 */
export function modelOf(input: JudgeInput) {
  const { prepared: p, driven } = input;
  const memory = memoryPerPod(driven.series, memoryBytes(p.config.resources.requests.memory));
  return {
    metricResolutionSeconds: p.metricResolutionSeconds,
    schedulablePods: input.room.pods,
    ...(memory === undefined ? {} : { memoryBytesPerPod: memory.bytes }),
    cpuAtScrape: cpuOf(input).atScrape,
  };
}

/**
 * How the model reads a pod's CPU metric for load from `origin`: simulated pods (kwok) report their
 * usage at the scrape, a kubelet the average over the window; with the derivation's line.
 */
export function cpuReading(
  origin: LoadOrigin | undefined,
  resolutionSeconds: number,
): { atScrape: boolean; line: string } {
  return origin?.from === "simulated"
    ? {
        atScrape: true,
        line: `  CPU metric: the pods are simulated (kwok), whose counter grows at each scrape by the usage then, so a pod's rate is its share of the demand at the scrape; the model reads it so, not as the average over the ${resolutionSeconds} s window.`,
      }
    : {
        atScrape: false,
        line: `  CPU metric: a pod's rate is its average over the ${resolutionSeconds} s between two scrapes, as a kubelet's counter gives it.`,
      };
}

export const cpuOf = (input: JudgeInput) =>
  cpuReading(input.driven.load.origin, input.prepared.metricResolutionSeconds);

/**
 * How far a sample's Ready count may trail the band, s: the longest resize the
 * run measured, to the whole second above; with the derivation's line.
 */
export function readyLag(measured: Measured): { seconds?: number; line: string } {
  const r = measured.resizeSeconds;
  if (!r) return { line: "  resizes: none seen done, so a sample's Ready count is judged at its own time." };
  const seconds = Math.ceil(r.max);
  return {
    seconds: seconds > 0 ? seconds : undefined,
    line:
      `  resizes: the ReplicaSet created or deleted a resize's pods, and said so, up to ${r.max.toFixed(1)} s after the HPA's rescale ` +
      `(${r.count} ${r.count === 1 ? "resize" : "resizes"} seen done); the model does it at once, so a sample's Ready count is judged against the band up to ${seconds} s before it.`,
  };
}

/** The derivation's line for the working set the model took. */
export function memoryLine(input: JudgeInput): string {
  const request = input.prepared.config.resources.requests.memory;
  const memory = memoryPerPod(input.driven.series, memoryBytes(request));
  return memory === undefined
    ? `  memory: the HPA reported no memory metric; the model takes ${Math.round(DEFAULT_MODEL_OPTIONS.memoryBytesPerPod / 2 ** 20)}Mi per pod.`
    : `  memory: the HPA reported up to ${memory.percent} % of the ${request} request per pod (whole percents, rounded down), so the model takes ${(memory.bytes / 2 ** 20).toFixed(1)}Mi per pod.`;
}

/**
 * Each HPA sync the watch saw, beside the band the expectations judge by and
 * the declared HPA's own decision (with a scenario's changes from when the
 * cluster took them).
 */
export function syncsOf(input: JudgeInput, e: Expectations, taken: EnvelopeChange[] = []): SyncExplanation[] {
  const { timing, series } = input.driven;
  // The first sync after a change's window opens reads the new spec.
  const changes: HpaChange[] = taken.map((c) => ({ atSeconds: c.fromSeconds, autoscaling: c.autoscaling }));
  return explainSyncs({
    statuses: timing.log.hpaStatuses,
    t0Ms: timing.t0Ms,
    band: e.envelope,
    slackSeconds: e.envelopeSlackSeconds ?? 0,
    series,
    replicas: { min: e.minReplicas, max: e.maxReplicas },
    replay: {
      declared: { workload: input.prepared.config, changes },
      podsWithinSeconds: input.timings.sampleIntervalMs / 1000,
      metricWindowSeconds: input.prepared.metricResolutionSeconds,
    },
  });
}

/** The envelope's expectations for a run that produced a demand. */
function byEnvelope(input: JudgeInput, demand: DemandSummary): { expectations: Expectations; measured: Measured } {
  const { driven, prepared: p } = input;
  const measured = measuredOf(input);
  const { rates, ratesFromSeconds } = driven;
  const costAt = costOverTime(driven.costWindows, demand.costMs);
  const demandAt = (t: number) => (rates[Math.floor(t) - ratesFromSeconds] ?? 0) * costAt(t);
  const last = driven.series[driven.series.length - 1]?.t ?? driven.load.durationSeconds;
  const env = input.envelopeOf({
    workload: p.config,
    demand: demandAt,
    fromSeconds: ratesFromSeconds,
    toSeconds: Math.ceil(last),
    initialReplicas: p.readyReplicas,
    model: modelOf(input),
    measured,
  });
  const lag = readyLag(measured);
  const expectations = envelopeExpectations({
    ...input.budget,
    ...(lag.seconds === undefined ? {} : { readyLagSeconds: lag.seconds }),
    envelope: env,
    loadSeconds: driven.load.durationSeconds,
    observationSlackSeconds: input.timings.observationSlackSeconds,
    maxSampleGapSeconds: maxSampleGapSeconds(input.timings),
    demandHow:
      `Demand: as produced, second by second: completed requests × what a request cost in that metrics window ` +
      `(${driven.costWindows.length} windows read, median ${demand.costMs.toFixed(2)} ms); ` +
      `${demand.producedMillicores}m on the plateau against ${demand.targetMillicores}m aimed at.`,
  });
  expectations.derivation.push(lag.line, memoryLine(input), cpuOf(input).line);
  return { expectations: { ...expectations, demandMillicores: demand.producedMillicores ?? undefined }, measured };
}

/** The expectations, the timing they used, and the verdict of a driven run. */
export function judgeRun(input: JudgeInput): {
  expectations: Expectations;
  measured?: Measured;
  verdict: Verdict;
  syncs: SyncExplanation[];
} {
  const { demand, series, load } = input.driven;
  const judged =
    demand && demand.producedMillicores !== null
      ? byEnvelope(input, demand)
      : { expectations: budgetExpectations(input.budget, input.podReadySeconds), measured: undefined };
  const syncs = syncsOf(input, judged.expectations);
  return { ...judged, verdict: judge(series, load, judged.expectations, demand, syncs), syncs };
}
