/**
 * A pod's working set as the run saw it, for the HPA model: the HPA's memory
 * metric decides how far it may scale down once the CPU is gone, so the
 * model must not assume a figure this app on this cluster does not have.
 * Pure over the samples.
 */
import type { Sample } from "../shared/results";

/**
 * The largest working set per pod the HPA reported during the run (percent
 * of the request, and bytes):
 * its memory utilization is a whole percent of the request, rounded down, so
 * one more percent bounds it. Undefined when the HPA reported no memory.
 */
export function memoryPerPod(
  series: readonly Sample[],
  requestBytes: number | undefined,
): { percent: number; bytes: number } | undefined {
  if (requestBytes === undefined) return undefined;
  const seen = series.flatMap((s) => (s.memoryUtilization === null ? [] : [s.memoryUtilization]));
  if (seen.length === 0) return undefined;
  const percent = Math.max(...seen);
  return { percent, bytes: Math.round(((percent + 1) * requestBytes) / 100) };
}
