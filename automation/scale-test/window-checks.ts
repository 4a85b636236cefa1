/**
 * The checks read off a series' counts at two moments rather than its band at
 * every sample: N Ready replicas first seen inside the envelope's window for
 * them (up to one bounded interval of doubt), and a scenario that ends quiet
 * seen at its floor at the end. Pure.
 */
import type { Check, Expectations, Sample } from "../shared/results";
import { plural, secs } from "../shared/text";

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
  // The sample shows it up to one interval after it happened: no earlier than the sample before, nor past the widest gap.
  const doubt = e.maxSampleGapSeconds ?? Infinity;
  const since = i > 0 ? Math.max(during[i - 1].t, reached.t - doubt) : reached.t;
  const window = `${secs(earliest)}–${secs(latest)}`;
  const slack = e.envelopeSlackSeconds ?? 0;
  if (since > latest + slack + (e.readyLagSeconds ?? 0)) {
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

/**
 * A scenario that ends quiet ends at minReplicas: the last sample shows the
 * floor in force then, when the envelope forces it by the end (its band is
 * that floor alone). Undefined when the scenario does not end there.
 */
export function checkEndsAtMin(series: Sample[], e: Expectations): Check | undefined {
  const min = e.scenario?.endsAtMinReplicas;
  if (min === undefined) return undefined;
  const last = series.at(-1);
  if (!last) {
    return {
      name: "ends-at-min",
      passed: false,
      message: `No sample was taken, so the end at ${plural(min, "replica")} was not seen.`,
    };
  }
  const at = Math.max(last.currentReplicas ?? last.readyReplicas, last.readyReplicas);
  if (at <= min) {
    return {
      name: "ends-at-min",
      passed: true,
      message: `Ended at ${plural(min, "replica")}, the floor, at ${secs(last.t)}.`,
    };
  }
  return {
    name: "ends-at-min",
    passed: false,
    message: `Ended at ${plural(at, "replica")} at ${secs(last.t)}, where the envelope has the floor of ${min} by then.`,
  };
}
