/**
 * Load profiles for the HPA model: the total CPU demand (millicores) that the
 * traffic puts on a workload, as a function of seconds since load start.
 * Demand is what the pods would burn if they had room; the model splits it over
 * ready pods and caps each at its CPU limit, so profiles stay independent of
 * the replica count and can be summed or chained freely.
 */

/** Total CPU demand in millicores at `t` seconds after load start. */
export type LoadProfile = (t: number) => number;

/** The same demand all the time. */
export function constant(millicores: number): LoadProfile {
  return () => millicores;
}

/** `before` until `atSeconds`, then `after` (a load generator switched on or off). */
export function step(before: number, after: number, atSeconds: number): LoadProfile {
  return (t) => (t < atSeconds ? before : after);
}

/** Linear change from `from` to `to` between `startSeconds` and `endSeconds`, flat on either side. */
export function ramp(from: number, to: number, startSeconds: number, endSeconds: number): LoadProfile {
  const span = endSeconds - startSeconds;
  return (t) => {
    // Stryker disable next-line EqualityOperator: at startSeconds the formula gives from + 0, which is from
    if (t <= startSeconds) return from;
    if (t >= endSeconds || span <= 0) return to;
    return from + ((to - from) * (t - startSeconds)) / span;
  };
}

/** Demand of independent sources added up (a baseline plus a burst). */
export function sum(...profiles: LoadProfile[]): LoadProfile {
  return (t) => profiles.reduce((total, profile) => total + profile(t), 0);
}

/** One part of a sequence: `profile` runs on its own clock for `seconds`. */
export interface Segment {
  profile: LoadProfile;
  seconds: number;
}

/**
 * Segments one after another, each seeing time from its own start, so named
 * profiles can be chained into a day. After the last segment demand is zero.
 */
export function sequence(segments: Segment[]): LoadProfile {
  const starts: number[] = [];
  let end = 0;
  for (const segment of segments) {
    starts.push(end);
    end += segment.seconds;
  }
  return (t) => {
    if (t < 0 || t >= end) return 0;
    let i = segments.length - 1;
    while (starts[i] > t) i--;
    return segments[i].profile(t - starts[i]);
  };
}
