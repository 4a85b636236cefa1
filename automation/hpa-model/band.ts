/**
 * The band itself: at each second the lowest and highest Ready and desired
 * counts over the runs it is drawn from, and the ways the scale test and the
 * planner read it. Each run's counts change a few dozen times over hours, so
 * the band is swept from the changes rather than folded second by second.
 */
import type { Decision } from "./controller";
import type { RunRecorder } from "./model-run";

/** The band at one second of the run. */
export interface EnvelopePoint {
  t: number;
  minReady: number;
  maxReady: number;
  minDesired: number;
  maxDesired: number;
}

/** A band: one point per second. */
export interface Band {
  points: EnvelopePoint[];
}

/** No count yet: a run's first value of a count is a change from it. */
const NONE = -1;

/** Changes of one count across runs: at second t, `runs` runs went from one value to another. */
class CountChanges {
  readonly t: number[] = [];
  readonly from: number[] = [];
  readonly to: number[] = [];
  readonly runs: number[] = [];
  highest = 0;

  add(t: number, from: number, to: number, runs: number): void {
    this.t.push(t);
    this.from.push(from);
    this.to.push(to);
    this.runs.push(runs);
    // Stryker disable next-line EqualityOperator: at to === highest it sets highest to what it already is
    if (to > this.highest) this.highest = to;
  }

  /** The changes' indices grouped by second (a counting sort): second i's are order[start[i]..start[i + 1]). */
  bySecond(seconds: number): { order: Int32Array; start: Int32Array } {
    const start = new Int32Array(seconds + 1);
    for (const t of this.t) start[t + 1]++;
    // Stryker disable next-line EqualityOperator: one step more writes start[seconds + 1], past the typed array's end: dropped
    for (let i = 0; i < seconds; i++) start[i + 1] += start[i];
    const next = start.slice();
    const order = new Int32Array(this.t.length);
    // Stryker disable next-line EqualityOperator: one step more writes order[NaN], no index of a typed array: dropped
    for (let k = 0; k < this.t.length; k++) order[next[this.t[k]]++] = k;
    return { order, start };
  }
}

/** Collects every run's Ready and desired changes; `points` sweeps them into the band. */
export class BandSweep {
  private readonly ready = new CountChanges();
  private readonly desired = new CountChanges();

  /** Model seconds 0..lastSecond, drawn at run times firstT.. . */
  constructor(
    private readonly firstT: number,
    private readonly lastSecond: number,
  ) {}

  /** A recorder for `runs` runs (one run standing for several until they part) whose desired count starts at `desired`. */
  recorder(desired: number, runs = 1): RunRecorder {
    this.desired.add(0, NONE, desired, runs);
    return this.counts(NONE, desired, runs);
  }

  private counts(ready: number, desired: number, runs: number): RunRecorder {
    const [readyChanges, desiredChanges] = [this.ready, this.desired];
    const split = (share: number) => this.counts(ready, desired, share);
    return {
      ready(t: number, count: number) {
        readyChanges.add(t, ready, count, runs);
        ready = count;
      },
      sync(t: number, decision: Decision) {
        // Stryker disable next-line ConditionalExpression: a change to the same count takes its runs off that count and puts them back
        if (decision.desiredReplicas === desired) return;
        desiredChanges.add(t, desired, decision.desiredReplicas, runs);
        desired = decision.desiredReplicas;
      },
      repeated() {},
      split(share: number) {
        runs -= share;
        return split(share);
      },
    };
  }

  /** The band at every second: the extremes of the values held by at least one run. */
  points(): EnvelopePoint[] {
    const seconds = Math.max(0, this.lastSecond + 1);
    const ready = extremes(this.ready, seconds);
    const desired = extremes(this.desired, seconds);
    // Stryker disable next-line ArrayDeclaration: every index below seconds is assigned in order below, so no hole is left either way
    const points: EnvelopePoint[] = new Array(seconds);
    for (let i = 0; i < seconds; i++) {
      points[i] = {
        t: this.firstT + i,
        minReady: ready.min[i],
        maxReady: ready.max[i],
        minDesired: desired.min[i],
        maxDesired: desired.max[i],
      };
    }
    return points;
  }
}

/** The lowest and highest value some run holds at each second; ±Infinity where none does. */
function extremes(changes: CountChanges, seconds: number): { min: Float64Array; max: Float64Array } {
  const min = new Float64Array(seconds).fill(Infinity);
  // Stryker disable next-line UnaryOperator: the loop below assigns max[i] at every second, overwriting the fill
  const max = new Float64Array(seconds).fill(-Infinity);
  const holding = new Int32Array(changes.highest + 1);
  const { order, start } = changes.bySecond(seconds);
  let low = Infinity;
  let high = -Infinity;
  // Stryker disable next-line EqualityOperator: one step more reads start[seconds + 1] (undefined: no change) and writes past the arrays' end
  for (let i = 0; i < seconds; i++) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the extremes found again at a second without changes are the same ones
    if (start[i + 1] > start[i]) {
      for (let k = start[i]; k < start[i + 1]; k++) {
        const c = order[k];
        // Stryker disable next-line ConditionalExpression: without the check holding[NONE] (index -1) is written, which a typed array drops
        if (changes.from[c] !== NONE) holding[changes.from[c]] -= changes.runs[c];
        holding[changes.to[c]] += changes.runs[c];
      }
      low = Infinity;
      high = -Infinity;
      for (let v = 0; v < holding.length; v++) {
        if (holding[v] === 0) continue;
        low = Math.min(low, v);
        high = v;
      }
    }
    min[i] = low;
    max[i] = high;
  }
  return { min, max };
}

/** When the band first allows, and when it first forces, at least `n` Ready replicas; null where it never does. */
export function timeToReady(env: Band, n: number): { earliest: number | null; latest: number | null } {
  return {
    earliest: env.points.find((p) => p.maxReady >= n)?.t ?? null,
    latest: env.points.find((p) => p.minReady >= n)?.t ?? null,
  };
}

/**
 * The band's widest bounds over [t - slack, t + slack]: what an observation
 * made around `t` may show. The Ready count's bounds reach `readyLag` seconds
 * further back: the ReplicaSet creates and deletes a resize's pods, and says
 * so in its status, that long after the model does it at once. Undefined
 * outside the band's time span.
 */
export function bandAround(points: EnvelopePoint[], t: number, slack: number, readyLag = 0) {
  const near = points.filter((p) => p.t >= t - slack && p.t <= t + slack);
  if (near.length === 0) return undefined;
  // Stryker disable next-line EqualityOperator: with readyLag 0 the filter picks exactly the points of near
  const ready = readyLag > 0 ? points.filter((p) => p.t >= t - slack - readyLag && p.t <= t + slack) : near;
  return {
    minReady: Math.min(...ready.map((p) => p.minReady)),
    maxReady: Math.max(...ready.map((p) => p.maxReady)),
    minDesired: Math.min(...near.map((p) => p.minDesired)),
    maxDesired: Math.max(...near.map((p) => p.maxDesired)),
  };
}

/** The band at run time `t` (clamped to its ends). */
export function bandAt(env: Band, t: number): EnvelopePoint {
  const first = env.points[0].t;
  const i = Math.min(env.points.length - 1, Math.max(0, Math.round(t) - first));
  return env.points[i];
}
