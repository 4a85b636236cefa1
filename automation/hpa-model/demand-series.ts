/**
 * The demand a run sees, sampled once per second up front: a load profile is
 * a function, and a run asks it for every second of every model run; an
 * envelope over thousands of runs asks once.
 */
import type { LoadProfile } from "./load-profile";

/** Demand at each second 0..length-1, never negative, and where each value's stretch ends. */
export interface DemandSeries {
  /** Millicores at each second. */
  values: Float64Array;
  /** For each second, the first later second whose demand differs (or the length): constant stretches. */
  steadyUntil: Int32Array;
}

/** Seconds 0..lastSecond of `profile`, each times `scale`, as the sync loop reads them: max(0, profile(t) × scale). */
export function sampleDemand(profile: LoadProfile, lastSecond: number, scale = 1): DemandSeries {
  const values = new Float64Array(lastSecond + 1);
  for (let t = 0; t <= lastSecond; t++) values[t] = profile(t);
  return scaledDemand(values, scale);
}

/** `samples` (raw profile values) times `scale`, clipped at zero. */
export function scaledDemand(samples: Float64Array, scale: number): DemandSeries {
  const values = new Float64Array(samples.length);
  // Stryker disable next-line EqualityOperator: one step more writes values[length], past the typed array's end: dropped
  for (let t = 0; t < samples.length; t++) values[t] = Math.max(0, samples[t] * scale);
  const steadyUntil = new Int32Array(values.length);
  // Stryker disable next-line ArithmeticOperator: starting at length + 1 only writes past the typed array's end (dropped) until length - 1
  for (let t = values.length - 1, end = values.length; t >= 0; t--) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: at the last second values[t + 1] is undefined, so end becomes the length it already is
    if (t + 1 < values.length && values[t + 1] !== values[t]) end = t + 1;
    steadyUntil[t] = end;
  }
  return { values, steadyUntil };
}
