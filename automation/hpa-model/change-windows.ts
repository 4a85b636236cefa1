/**
 * Config changes in the envelope. Each comes with the window in which the
 * cluster took it: measured from the HPA's spec changing to its first status
 * after that (the sync that read it), or where those were not seen a
 * range around the planned time. The band must hold for every moment of it.
 *
 * The controller reads its HPA only at a sync, so a change taken at any moment
 * of (tick - period, tick] is first read at that tick, and the model behaves
 * the same for all of them. For one sync phase a window's moments fall into a
 * few such classes: the sync at or after its start, every later sync up to the
 * first at or after its end. One run per class covers the whole window; the
 * exhaustive reference tries every whole second of it instead.
 */
import type { HpaChange } from "./spec";
import type { Uncertainty } from "./uncertainties";

/** A change of the HPA's autoscaling config, and when the cluster took it, in run seconds. */
export interface EnvelopeChange extends Omit<HpaChange, "atSeconds"> {
  /** The earliest moment the cluster may have taken it. */
  fromSeconds: number;
  /** The latest; equal to fromSeconds when known to the second. */
  toSeconds: number;
}

/** Where the syncs fall: every `period` seconds at `phase` (mod period), from the model's first second `start` on. */
export interface SyncTicks {
  start: number;
  phase: number;
  period: number;
}

/** Windows that are numbers in order, listed in the order the cluster took the changes. */
export function checkChangeWindows(changes: readonly EnvelopeChange[]): void {
  changes.forEach((c, i) => {
    const what = `config change ${i + 1}`;
    if (!Number.isFinite(c.fromSeconds) || !Number.isFinite(c.toSeconds) || c.fromSeconds > c.toSeconds) {
      throw new Error(`${what}: its window ${c.fromSeconds}..${c.toSeconds} s must be two numbers, the earlier first`);
    }
    if (i > 0 && c.fromSeconds < changes[i - 1].fromSeconds) {
      throw new Error(
        `${what}: its window starts at ${c.fromSeconds} s, before that of change ${i} (${changes[i - 1].fromSeconds} s): list the changes in the order the cluster took them`,
      );
    }
  });
}

/** The model reads at whole seconds: a change taken at 600.4 s is there from 601 s. */
const firstSecond = (moment: number) => Math.ceil(moment);

/** The first sync at or after second `k`. */
function readBy(k: number, s: SyncTicks): number {
  const from = Math.max(k, s.start);
  return from + ((((s.phase - from) % s.period) + s.period) % s.period);
}

/** The seconds at which each change may first be read at these syncs. */
function readings(change: EnvelopeChange, s: SyncTicks): number[] {
  const first = readBy(firstSecond(change.fromSeconds), s);
  const last = readBy(firstSecond(change.toSeconds), s);
  // Stryker disable next-line ArrayDeclaration: a read that is not a number fails `at <=` in changeTimings and is never chosen
  const out: number[] = [];
  for (let t = first; t <= last; t += s.period) out.push(t);
  return out;
}

/**
 * Every way the changes can be read at these syncs: for each change the sync
 * that first reads it, one list per way. The cluster takes them in order, so a
 * way in which a change would be taken before the one ahead of it is left out.
 */
export function changeTimings(changes: readonly EnvelopeChange[], s: SyncTicks): number[][] {
  const options = changes.map((c) => readings(c, s));
  const out: number[][] = [];
  const choose = (i: number, taken: number, chosen: number[]) => {
    if (i === changes.length) {
      out.push(chosen);
      return;
    }
    const from = firstSecond(changes[i].fromSeconds);
    const to = firstSecond(changes[i].toSeconds);
    for (const read of options[i]) {
      // The earliest second, no earlier than the change before, at which the cluster can take it to be read here.
      const since = read - s.period < s.start ? -Infinity : read - s.period + 1;
      const at = Math.max(from, taken, since);
      if (at <= Math.min(to, read)) choose(i + 1, at, [...chosen, read]);
    }
  };
  choose(0, -Infinity, []);
  return out;
}

/** Every whole second of each window, in order: the exhaustive reference's ways. */
export function everyChangeTiming(changes: readonly EnvelopeChange[]): number[][] {
  const out: number[][] = [];
  const choose = (i: number, taken: number, chosen: number[]) => {
    if (i === changes.length) {
      out.push(chosen);
      return;
    }
    const from = Math.max(firstSecond(changes[i].fromSeconds), taken);
    for (let at = from; at <= firstSecond(changes[i].toSeconds); at++) choose(i + 1, at, [...chosen, at]);
  };
  choose(0, -Infinity, []);
  return out;
}

/** The changes as the model takes them, each from the second given. */
export function timedChanges(changes: readonly EnvelopeChange[], seconds: number[], shift: number): HpaChange[] {
  return changes.map((c, i) => ({ autoscaling: c.autoscaling, resources: c.resources, atSeconds: seconds[i] - shift }));
}

/** One source of spread per change: its window, and the syncs tried as the first to read it. */
export function changeUncertainties(changes: readonly EnvelopeChange[], timings: number[][]): Uncertainty[] {
  return changes.map((c, i) => ({
    name: `config change ${i + 1}`,
    why:
      `the cluster took it between ${c.fromSeconds.toFixed(1)} and ${c.toSeconds.toFixed(1)} s; the HPA controller reads its spec only ` +
      `at a sync, so for each sync phase the sync at or after the window's start and every later one up to the ` +
      `first at or after its end were tried as the first to read it, which covers every moment of the window`,
    values: [...new Set(timings.map((t) => t[i]))].sort((a, b) => a - b),
    unit: "s",
  }));
}
