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

/** A profile people can ask for by name, with the run length that shows its whole story. */
export interface NamedProfile {
  name: string;
  description: string;
  durationSeconds: number;
  profile: LoadProfile;
}

const MINUTE = 60;
const HOUR = 3600;

// Demands are sized for the backend defaults: 200m request, 70 % target, so
// one pod is "at target" at 140m and ten pods (maxReplicas) absorb 1400m.
const seed: NamedProfile = {
  name: "seed",
  description: "the runbook's load script: 500m for 3 minutes, then quiet",
  durationSeconds: 10 * MINUTE,
  profile: step(500, 0, 3 * MINUTE),
};

const lunchRush: NamedProfile = {
  name: "lunch-rush",
  description: "orders climb from 150m to 1200m over 5 minutes, hold 15 minutes, ease off over 10",
  durationSeconds: 45 * MINUTE,
  profile: sum(constant(150), ramp(0, 1050, 1 * MINUTE, 6 * MINUTE), ramp(0, -1050, 21 * MINUTE, 31 * MINUTE)),
};

const flashSale: NamedProfile = {
  name: "flash-sale",
  description: "a sudden 2400m for 10 minutes: more than maxReplicas 10 can hold at target",
  durationSeconds: 25 * MINUTE,
  profile: sum(constant(150), step(0, 2250, 1 * MINUTE), step(0, -2100, 11 * MINUTE)),
};

const overnight: NamedProfile = {
  name: "overnight",
  description: "evening traffic of 700m fades to 60m over an hour and stays there",
  durationSeconds: 3 * HOUR,
  profile: ramp(700, 60, 0, HOUR),
};

const day: NamedProfile = {
  name: "day",
  description: "24 hours: night, breakfast, lunch rush, afternoon, dinner with a flash sale, night",
  durationSeconds: 24 * HOUR,
  profile: sequence([
    { profile: constant(60), seconds: 7 * HOUR },
    { profile: ramp(60, 400, 0, HOUR), seconds: 4 * HOUR },
    { profile: lunchRush.profile, seconds: lunchRush.durationSeconds },
    { profile: constant(300), seconds: 5 * HOUR + 15 * MINUTE },
    { profile: sum(lunchRush.profile, flashSale.profile), seconds: lunchRush.durationSeconds },
    { profile: overnight.profile, seconds: 24 * HOUR - 17 * HOUR - 45 * MINUTE },
  ]),
};

/** The runbook's scenarios, plus a whole day for the benchmark. */
export const PROFILES: Readonly<Record<string, NamedProfile>> = Object.fromEntries(
  [seed, lunchRush, flashSale, overnight, day].map((p) => [p.name, p]),
);

/** Looks a profile up by name; the error lists the names that exist. */
export function namedProfile(name: string): NamedProfile {
  const found = PROFILES[name];
  if (!found) throw new Error(`unknown load profile "${name}"; known: ${Object.keys(PROFILES).join(", ")}`);
  return found;
}
