/**
 * The chart's rows, in long form as Vega-Lite likes them, taken from a run's
 * plain results. The band and the out-of-band marks come from the verdict's
 * per-sample judgement (verdict.samples): the chart draws the band each
 * sample was judged against and marks the samples the verdict found outside,
 * so it cannot disagree with the verdict. Pure.
 */
import type { Expectations, Sample, SampleJudgement, Verdict } from "../shared/results";

/**
 * Replicas are whole numbers, so a band allowing low..high is drawn over
 * low − ½ .. high + ½: every allowed count sits in its band, and a band of
 * one value is a stripe one replica tall instead of a line of no height.
 */
export const BAND_PAD = 0.5;

export type Count = "ready" | "desired";

/** One step of a band: from t (to the next row's t) the count may be low..high. */
export interface BandRow {
  t: number;
  count: Count;
  low: number;
  high: number;
  /** The drawn edges: low − ½ and high + ½. */
  y: number;
  y2: number;
  allowed: string;
}

/** An observed count at one sample. */
export interface ReplicaRow {
  t: number;
  series: "ready" | "desired" | "current";
  replicas: number;
}

/** A sample the verdict judged outside its band: where to put the mark, and what it says. */
export interface OutsideRow {
  t: number;
  replicas: number;
  count: Count;
  side: "below" | "above";
  allowed: string;
  label: string;
}

const range = (low: number, high: number): string => (low === high ? `${low}` : `${low}–${high}`);

function bandRow(t: number, count: Count, low: number, high: number): BandRow {
  return { t, count, low, high, y: low - BAND_PAD, y2: high + BAND_PAD, allowed: range(low, high) };
}

/**
 * The band as steps: from the verdict's judgements when it made them (the
 * band each sample was judged against, held until the next sample, the last
 * one held one more interval so it has a width), else from the envelope
 * itself (an older result, or one judged without a per-sample record).
 */
export function bandRows(series: Sample[], e: Expectations, verdict?: Pick<Verdict, "samples">): BandRow[] {
  const judged = verdict?.samples;
  const steps: Array<{ t: number; b: { minReady: number; maxReady: number; minDesired: number; maxDesired: number } }> =
    judged
      ? judged.flatMap((j) => (j.band ? [{ t: j.t, b: j.band }] : []))
      : (e.envelope ?? []).filter((p) => p.t >= 0).map((p) => ({ t: p.t, b: p }));
  if (judged && steps.length > 0) {
    const last = steps[steps.length - 1];
    const before = steps.length > 1 ? steps[steps.length - 2].t : last.t - 1;
    steps.push({ t: last.t + (last.t - before), b: last.b });
  }
  return steps.flatMap(({ t, b }) => [
    bandRow(t, "ready", b.minReady, b.maxReady),
    bandRow(t, "desired", b.minDesired, b.maxDesired),
  ]);
}

/** Desired, current and ready per sample, where known. */
export function replicaRows(series: Sample[]): ReplicaRow[] {
  return series.flatMap((s) => [
    ...(s.desiredReplicas === null ? [] : [{ t: s.t, series: "desired" as const, replicas: s.desiredReplicas }]),
    ...(s.currentReplicas === null ? [] : [{ t: s.t, series: "current" as const, replicas: s.currentReplicas }]),
    { t: s.t, series: "ready" as const, replicas: s.readyReplicas },
  ]);
}

/**
 * One row per sample the verdict judged outside, at the count that left the
 * band. `judged[i]` is the judgement of `series[i]`; a judgement whose time
 * does not match its sample's is skipped rather than misplaced.
 */
export function outsideRows(series: Sample[], judged: SampleJudgement[] = []): OutsideRow[] {
  return judged.flatMap((j, i) => {
    const s = series[i];
    if (!j.outside || !s || s.t !== j.t) return [];
    const { count, side } = j.outside;
    const replicas = count === "ready" ? s.readyReplicas : s.desiredReplicas;
    if (replicas === null) return [];
    const allowed = j.band
      ? count === "ready"
        ? range(j.band.minReady, j.band.maxReady)
        : range(j.band.minDesired, j.band.maxDesired)
      : "?";
    return [{ t: s.t, replicas, count, side, allowed, label: `${count} ${replicas} ${side} ${allowed}` }];
  });
}
