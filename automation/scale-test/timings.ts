/**
 * Every wait, period and margin the scale test uses, in one typed object,
 * each with what it waits for (Kubernetes keeps the HPA's own in
 * HPAControllerConfiguration; the model's are in hpa-model/options.ts).
 * Nothing here describes this host: what depends on the cluster (how fast
 * its pods start, when metrics-server scrapes, how late samples are served,
 * when the HPA syncs, how many pods fit) is measured at run time, and the
 * values below that scale with the cluster are derived from its metric
 * resolution.
 */

export interface ScaleTestTimings {
  /** Between two samples of the series: the design asks for at most 5 s. */
  sampleIntervalMs: number;
  /**
   * A gap between two samples wider than this many intervals is a hole in the
   * observation (reads failed or hung): what happened inside it cannot be
   * judged, so the envelope check fails and names the gap. Two intervals
   * allow one slow or failed read; three lost in a row is a blind spot.
   */
  maxSampleGapIntervals: number;
  /**
   * How often the calibration reads the pods' metrics: every second, so the
   * lag of each new metrics sample is timed to within a second.
   */
  metricsPollMs: number;
  /** How often the scale-down watch checks whether replicas are back at minReplicas. */
  scaleDownPollMs: number;
  /**
   * A metrics window counts for a request's cost only if it starts at least
   * this long after the load started or changed: its first second is ramp.
   */
  windowStartMarginMs: number;
  /**
   * Longest wait, in metric resolutions, for metrics.k8s.io to serve the
   * target after a deploy: metrics-server starts, scrapes twice, and the HPA
   * syncs. Only bounds how long a broken metrics pipeline is waited for.
   */
  metricsWaitResolutions: number;
  /**
   * Longest calibration, in metric resolutions plus a margin: a window that
   * lies inside the calibration load needs up to two scrapes after its start.
   */
  calibrationResolutions: number;
  calibrationMarginSeconds: number;
  /** After the envelope's latest time for N, the load goes on this long, so the count is seen to hold. */
  holdSeconds: number;
  /**
   * How far ahead the planned envelope looks for N (when --duration is not
   * given) and, after load, for the way back down.
   */
  planHorizonSeconds: number;
  scaleDownHorizonSeconds: number;
  /**
   * After the planned time back at minReplicas, the watch goes on this long:
   * pods terminate (preStop delay, connection drain) after the HPA lets them go.
   */
  scaleDownGraceSeconds: number;
  /** The load stops by itself this long after the run should have stopped it, so a hung run never loads on. */
  loadOverrunSeconds: number;
  /**
   * Samples are read over a second or two after the state they show; each is
   * judged against the band over this many seconds either side.
   */
  observationSlackSeconds: number;
  /**
   * Longest wait for the HPA's last rescale to leave its scale-up policies'
   * periods before load; past it the run warns and goes on.
   */
  maxSettleMs: number;
}

const TIMINGS: Readonly<ScaleTestTimings> = {
  sampleIntervalMs: 5000,
  maxSampleGapIntervals: 3,
  metricsPollMs: 1000,
  scaleDownPollMs: 1000,
  windowStartMarginMs: 1000,
  metricsWaitResolutions: 16,
  calibrationResolutions: 3,
  calibrationMarginSeconds: 20,
  holdSeconds: 30,
  planHorizonSeconds: 600,
  scaleDownHorizonSeconds: 1200,
  scaleDownGraceSeconds: 30,
  loadOverrunSeconds: 120,
  observationSlackSeconds: 3,
  maxSettleMs: 120_000,
};

/** The timings with a test's overrides (stand-in clusters run in seconds, not minutes). */
export function timings(overrides: Partial<ScaleTestTimings> = {}): ScaleTestTimings {
  return { ...TIMINGS, ...overrides };
}

/** The widest gap between samples the envelope check accepts, seconds. */
export function maxSampleGapSeconds(t: ScaleTestTimings): number {
  return (t.maxSampleGapIntervals * t.sampleIntervalMs) / 1000;
}

/** How long to wait for the metrics API after a deploy, ms. */
export function metricsWaitMs(t: ScaleTestTimings, resolutionSeconds: number): number {
  return t.metricsWaitResolutions * resolutionSeconds * 1000;
}

/** The longest calibration, seconds. */
export function calibrationMaxSeconds(t: ScaleTestTimings, resolutionSeconds: number): number {
  return t.calibrationResolutions * resolutionSeconds + t.calibrationMarginSeconds;
}
