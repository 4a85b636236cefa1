/**
 * Latency histograms that merge exactly: HdrHistogram (the library autocannon
 * records with), in microseconds, encoded as compressed base64 so a window
 * can cross a process boundary (a load pod's log line) and be merged with
 * others. The p99 of a merged histogram is the p99 of all requests, never an
 * average of percentiles.
 */
import * as hdr from "hdr-histogram-js";

/** Longest latency a histogram tracks: 10 minutes, beyond any request timeout. */
const HIGHEST_MICROS = 600_000_000;

export type LatencyHistogram = hdr.Histogram;

/** An empty histogram of latencies in microseconds, 3 significant digits. */
export function newLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_MICROS,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records one response time given in milliseconds. */
export function recordMs(histogram: LatencyHistogram, ms: number): void {
  histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, Math.round(ms * 1000))));
}

/** The q-quantile (0..100) in milliseconds; null for an empty histogram. */
export function percentileMs(histogram: LatencyHistogram, percentile: number): number | null {
  if (histogram.totalCount === 0) return null;
  return histogram.getValueAtPercentile(percentile) / 1000;
}

/** The largest latency recorded, in milliseconds; null for an empty histogram. */
export function maxMs(histogram: LatencyHistogram): number | null {
  return histogram.totalCount === 0 ? null : histogram.maxValue / 1000;
}

export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(text: string): LatencyHistogram {
  const decoded = hdr.decodeFromCompressedBase64(text, 32, false);
  const histogram = newLatencyHistogram();
  histogram.add(decoded);
  return histogram;
}

/** One histogram holding every value of the given ones. */
export function mergeHistograms(histograms: LatencyHistogram[]): LatencyHistogram {
  const merged = newLatencyHistogram();
  for (const histogram of histograms) merged.add(histogram);
  return merged;
}
