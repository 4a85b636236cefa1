/**
 * Checks an observed series against the HPA model's envelope, on both sides:
 * every sample's ready and desired replicas lie inside the band (not later or
 * lower than the slowest healthy cluster, not earlier or higher than the
 * policies allow), and N is reached inside its window. A failure names the
 * first sample outside and which side it left by. Pure.
 */
import { bandAround, type EnvelopePoint } from "../hpa-model";
import { plural, secs } from "../shared/text";
import type { Check, Expectations, Sample } from "../shared/results";

/** A sample outside the band, in one sentence; undefined when inside. */
function outside(s: Sample, points: EnvelopePoint[], slack: number): string | undefined {
  const band = bandAround(points, s.t, slack);
  if (!band) return undefined;
  const range = (lo: number, hi: number) => (lo === hi ? `${lo}` : `${lo}–${hi}`);
  if (s.readyReplicas < band.minReady) {
    return `At ${secs(s.t)} ${plural(s.readyReplicas, "replica")} ${s.readyReplicas === 1 ? "was" : "were"} ready, below the envelope (${range(band.minReady, band.maxReady)}): the HPA scaled later or slower than its declared config allows.`;
  }
  if (s.readyReplicas > band.maxReady) {
    return `At ${secs(s.t)} ${plural(s.readyReplicas, "replica")} ${s.readyReplicas === 1 ? "was" : "were"} ready, above the envelope (${range(band.minReady, band.maxReady)}): the HPA scaled earlier, faster or higher than its declared config allows.`;
  }
  const desired = s.desiredReplicas;
  if (desired !== null && desired < band.minDesired) {
    return `At ${secs(s.t)} the HPA asked for ${plural(desired, "replica")}, below the envelope (${range(band.minDesired, band.maxDesired)}): it scaled later or slower than its declared config allows.`;
  }
  if (desired !== null && desired > band.maxDesired) {
    return `At ${secs(s.t)} the HPA asked for ${plural(desired, "replica")}, above the envelope (${range(band.minDesired, band.maxDesired)}): it scaled earlier, faster or higher than its declared config allows.`;
  }
  return undefined;
}

/** Every sample within the envelope's time span lies inside the band. */
export function checkEnvelope(series: Sample[], e: Expectations): Check {
  const points = e.envelope ?? [];
  const first = points[0]?.t ?? 0;
  const last = points[points.length - 1]?.t ?? -1;
  const judged = series.filter((s) => s.t >= Math.max(0, first) && s.t <= last);
  for (const s of judged) {
    const why = outside(s, points, e.envelopeSlackSeconds ?? 0);
    if (why) return { name: "envelope", passed: false, message: why };
  }
  return {
    name: "envelope",
    passed: judged.length > 0,
    message:
      judged.length > 0
        ? judged.length === 1
          ? `The one sample, at ${secs(judged[0].t)}, lay inside the envelope.`
          : `All ${judged.length} samples from 0 s to ${secs(judged[judged.length - 1].t)} lay inside the envelope.`
        : "No sample fell within the envelope's time span, so the timeline was not seen.",
  };
}

/** N Ready replicas first seen inside the envelope's window for them. */
export function checkWindow(series: Sample[], e: Expectations): Check {
  const n = plural(e.scaleUpReplicas, "ready replica");
  const earliest = e.scaleUpEarliestSeconds ?? 0;
  const latest = e.scaleUpWithinSeconds;
  const during = series.filter((s) => s.t >= 0);
  const i = during.findIndex((s) => s.readyReplicas >= e.scaleUpReplicas);
  if (i < 0) {
    const seen = during.length > 0 ? secs(during[during.length - 1].t) : "0 s";
    return {
      name: "scale-up",
      passed: false,
      message: `Never reached ${n} in ${seen} of observation; the envelope has them by ${secs(latest)}.`,
    };
  }
  const reached = during[i];
  // The sample shows it up to one interval after it happened.
  const since = i > 0 ? during[i - 1].t : reached.t;
  const window = `${secs(earliest)}–${secs(latest)}`;
  const slack = e.envelopeSlackSeconds ?? 0;
  if (since > latest + slack) {
    return {
      name: "scale-up",
      passed: false,
      message: `Reached ${n} only ${secs(reached.t)} after load started, later than the envelope's window of ${window}.`,
    };
  }
  if (reached.t < earliest - slack) {
    return {
      name: "scale-up",
      passed: false,
      message: `Reached ${n} already ${secs(reached.t)} after load started, earlier than the envelope's window of ${window} allows.`,
    };
  }
  // Seen after the window's end: it came between the sample before and this one, which may be inside.
  const when = reached.t > latest ? `between ${secs(since)} and ${secs(reached.t)}` : secs(reached.t);
  return {
    name: "scale-up",
    passed: true,
    message: `Reached ${n} ${when} after load started, inside the envelope's window of ${window}.`,
  };
}
