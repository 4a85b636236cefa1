/**
 * Checks an observed series against the HPA model's envelope, on both sides:
 * every sample's ready and desired replicas lie inside the band (not later or
 * lower than the slowest healthy cluster, not earlier or higher than the
 * policies allow), and no gap between samples hides what happened (N's
 * window and the floor at the end: window-checks.ts). Each sample's judgement
 * is kept (the table and the chart show the same one); a failure names the
 * first sample outside, or the gap, and which side it left by. Pure.
 */
import { bandAround, type EnvelopePoint } from "../hpa-model";
import type { Band, Check, Expectations, PhaseMark, Sample, SampleJudgement, SyncExplanation } from "../shared/results";
import { plural, secs } from "../shared/text";

/** Which sides of the band a check judges: both, or only the upper one (which holds whatever the load did). */
export type Sides = "both" | "upper";

const range = (lo: number, hi: number) => (lo === hi ? `${lo}` : `${lo}–${hi}`);

/** Where one sample stands against the band around its time. */
function judgeOne(s: Sample, points: EnvelopePoint[], slack: number, readyLag: number): SampleJudgement {
  const band: Band | undefined = bandAround(points, s.t, slack, readyLag);
  if (!band) return { t: s.t };
  const desired = s.desiredReplicas;
  const outside: SampleJudgement["outside"] =
    s.readyReplicas < band.minReady
      ? { count: "ready", side: "below" }
      : s.readyReplicas > band.maxReady
        ? { count: "ready", side: "above" }
        : desired === null
          ? undefined
          : desired < band.minDesired
            ? { count: "desired", side: "below" }
            : desired > band.maxDesired
              ? { count: "desired", side: "above" }
              : undefined;
  return outside ? { t: s.t, band, outside } : { t: s.t, band };
}

/** Every sample of the series judged against the envelope, in order; samples before load start get no band. */
export function judgeSamples(series: Sample[], e: Expectations): SampleJudgement[] {
  // Stryker disable next-line ArrayDeclaration: a point without a time lies near no sample, as no point does
  const points = e.envelope ?? [];
  return series.map((s) =>
    s.t < 0 ? { t: s.t } : judgeOne(s, points, e.envelopeSlackSeconds ?? 0, e.readyLagSeconds ?? 0),
  );
}

/** "At 35 s", or "At 35 s, in phase sale," when the run drove a scenario. */
function when(t: number, phases: PhaseMark[] | undefined): string {
  const phase = phases?.find((p) => t >= p.fromSeconds && t < p.toSeconds)?.name;
  return phase === undefined ? `At ${secs(t)}` : `At ${secs(t)}, in phase ${phase},`;
}

/**
 * What the declared config would have asked for at the last sync at or before
 * a sample outside the band, where the replay asked for more (the sample was
 * low) or fewer (high) than the cluster did; empty otherwise.
 */
// Stryker disable next-line ArrayDeclaration: a default entry without a time is at or before no sample, as an empty list has none
function declaredSentence(t: number, side: "below" | "above", syncs: SyncExplanation[] = []): string {
  const sync = syncs.filter((x) => x.t <= t).pop();
  const asked = sync?.cluster.desiredReplicas ?? null;
  const would = sync?.replay?.desired ?? null;
  if (!sync || asked === null || would === null) return "";
  if (side === "below" ? would <= asked : would >= asked) return "";
  // Stryker disable next-line OptionalChaining: past the null check on the replay's desired count, the replay is always there
  const bound = sync.replay?.bound ? `: ${sync.replay.bound}` : "";
  return ` At ${secs(sync.t)} the HPA asked for ${asked}; a healthy HPA with the declared policies would have asked for ${would} from the same reading${bound}.`;
}

/** A sample with its judgement. */
type Judged = { s: Sample; j: SampleJudgement };

/** The sentence for a sample outside the band; `earlier`, the judged samples before it. */
function outsideSentence(
  s: Sample,
  j: Required<SampleJudgement>,
  earlier: Judged[],
  phases?: PhaseMark[],
  syncs?: SyncExplanation[],
): string {
  return outsideBand(s, j, earlier, phases) + declaredSentence(s.t, j.outside.side, syncs);
}

/**
 * What the HPA did wrong to leave the band: below after it had asked for more
 * it came down too soon (Ready pods lost while it held its count are no
 * scale-down); above a count it had and the band then allowed, it stayed up
 * too long; otherwise it went up too late or too soon.
 */
function whyOutside(s: Sample, j: Required<SampleJudgement>, earlier: Judged[]): string {
  const { side, count } = j.outside;
  const asked = (x: Sample) => x.desiredReplicas ?? x.readyReplicas;
  const of = (x: Sample) => (count === "ready" ? x.readyReplicas : asked(x));
  const top = (b: Band | undefined) => (b === undefined ? -1 : count === "ready" ? b.maxReady : b.maxDesired);
  if (side === "below") {
    return earlier.some((x) => asked(x.s) > asked(s))
      ? "scaled down earlier, faster or further than its declared config allows"
      : "scaled later or slower than its declared config allows";
  }
  return earlier.some((x) => of(x.s) >= of(s) && top(x.j.band) >= of(s))
    ? "scaled down later or slower than its declared config allows"
    : "scaled earlier, faster or higher than its declared config allows";
}

/**
 * When the ready count falls below the band with the pods the band asks for Running
 * and asked for, the HPA did its part: some were not Ready (failing their
 * readiness probe, on a node out of CPU, or restarting). Empty otherwise.
 */
function notReadyRunning(s: Sample, band: Band): string {
  const running = s.podPhases.Running ?? 0;
  const asked = s.desiredReplicas ?? 0;
  // Below the band, ready < minReady: with minReady <= running some Running pod is not Ready.
  if (running < band.minReady || asked < band.minReady) return "";
  const k = running - s.readyReplicas;
  return `${k} of the ${running} Running pods ${k === 1 ? "was" : "were"} not Ready though the HPA asked for ${asked} (readiness probes failing, on a node short of CPU, or restarts), not a scaling the HPA's config decides`;
}

/** Where the sample lay, which side it left by, and what the HPA did to get there. */
function outsideBand(s: Sample, j: Required<SampleJudgement>, earlier: Judged[], phases?: PhaseMark[]): string {
  const { band, outside } = j;
  const why = whyOutside(s, j, earlier);
  if (outside.count === "ready") {
    const n = s.readyReplicas;
    const at = `${when(s.t, phases)} ${plural(n, "replica")} ${n === 1 ? "was" : "were"} ready, ${outside.side} the envelope (${range(band.minReady, band.maxReady)})`;
    const unready = outside.side === "below" ? notReadyRunning(s, band) : "";
    return unready ? `${at}: ${unready}.` : `${at}: the HPA ${why}.`;
  }
  return `${when(s.t, phases)} the HPA asked for ${plural(s.desiredReplicas ?? 0, "replica")}, ${outside.side} the envelope (${range(band.minDesired, band.maxDesired)}): it ${why}.`;
}

/** The first problem among the judged samples, in time: a sample outside on a judged side, or too wide a gap. */
function firstProblem(
  judged: Array<{ s: Sample; j: SampleJudgement }>,
  e: Expectations,
  sides: Sides,
  syncs?: SyncExplanation[],
) {
  const gap = e.maxSampleGapSeconds;
  for (let i = 0; i < judged.length; i++) {
    const { s, j } = judged[i];
    const before = judged[i - 1]?.s;
    // Stryker disable next-line ConditionalExpression: without a bound, no difference is greater than undefined
    if (gap !== undefined && before && s.t - before.t > gap) {
      return `Between ${secs(before.t)} and ${secs(s.t)} no sample was taken, a ${secs(s.t - before.t)} gap, wider than the ${secs(gap)} the check can see across (reads failed or hung): what the HPA did in it cannot be judged.`;
    }
    if (j.outside && j.band && (sides === "both" || j.outside.side === "above")) {
      return outsideSentence(s, j as Required<SampleJudgement>, judged.slice(0, i), e.phases, syncs);
    }
  }
  return undefined;
}

/**
 * Every sample within the envelope's time span lies inside the band (on the
 * sides asked), and no two are further apart than the expectations allow.
 * With the syncs replayed, a sample outside also says what the declared
 * config would have asked for at the sync before it.
 */
export function checkEnvelope(
  series: Sample[],
  e: Expectations,
  sides: Sides = "both",
  syncs?: SyncExplanation[],
): Check {
  const first = e.envelope?.[0]?.t ?? 0;
  const last = e.envelope?.at(-1)?.t ?? -1;
  const judgements = judgeSamples(series, e);
  const judged = series
    .map((s, i) => ({ s, j: judgements[i] }))
    .filter(({ s }) => s.t >= Math.max(0, first) && s.t <= last);
  const problem = firstProblem(judged, e, sides, syncs);
  if (problem) return { name: "envelope", passed: false, message: problem };
  const side = sides === "upper" ? ", on its upper side" : "";
  const samples = judged.map(({ s }) => s);
  return {
    name: "envelope",
    passed: samples.length > 0,
    message:
      samples.length > 0
        ? samples.length === 1
          ? `The one sample, at ${secs(samples[0].t)}, lay inside the envelope${side}.`
          : `All ${samples.length} samples from 0 s to ${secs(samples[samples.length - 1].t)} lay inside the envelope${side}.`
        : "No sample fell within the envelope's time span, so the timeline was not seen.",
  };
}
