/**
 * What a request costs over the run, from the metrics windows the run read:
 * each window's CPU over the requests completed in it. The envelope's demand
 * at a second is the completed rate times the cost of the window holding
 * that second, and the spread of the costs between windows says how exactly
 * the demand the HPA saw is known. Pure.
 */
import { median } from "../shared/stats";
import type { TimedReading } from "./pod-cpu";

/** One metrics window as seconds since load start, with what a request cost in it. */
export interface CostWindow {
  fromSeconds: number;
  toSeconds: number;
  costMs: number;
}

/** A reading's window as seconds since load start (`t0Ms`), and the cost per request it measured. */
export function costWindow(r: TimedReading, t0Ms: number): CostWindow {
  return {
    fromSeconds: (r.fromMs - t0Ms) / 1000,
    toSeconds: (r.timestampMs - t0Ms) / 1000,
    costMs: r.cpuMillicores / r.responsesPerSecond,
  };
}

/**
 * A request's CPU cost at each second: that of the metrics window holding it,
 * else of the nearest window read, else `fallback`. Windows overlap little
 * (one per scrape), so the first holding `t` is taken.
 */
export function costOverTime(windows: CostWindow[], fallback: number): (t: number) => number {
  return (t) => {
    if (windows.length === 0) return fallback;
    const holding = windows.find((w) => t >= w.fromSeconds && t < w.toSeconds);
    if (holding) return holding.costMs;
    const distance = (w: CostWindow) => (t < w.fromSeconds ? w.fromSeconds - t : t - w.toSeconds);
    return windows.reduce((best, w) => (distance(w) < distance(best) ? w : best)).costMs;
  };
}

/**
 * How far a request's cost ranged between the run's metrics windows, as the
 * range over the median: the demand at a second no window read for is the
 * nearest window's cost × the rate, and the CPU the HPA saw there can differ
 * by that much (a calibration's one window can read a tenth under the window
 * the HPA acts on). Undefined with fewer than two windows. The envelope bounds
 * what it takes of it (hpa-model's DEMAND_SPREAD).
 */
export function costSpread(windows: Array<{ costMs: number }>): number | undefined {
  if (windows.length < 2) return undefined;
  const costs = windows.map((w) => w.costMs);
  const middle = median(costs) ?? 0;
  if (!(middle > 0)) return undefined;
  return (Math.max(...costs) - Math.min(...costs)) / middle;
}
