/**
 * The predictions the live scale test asserts against: by when a constant
 * load has its replicas Ready, and how long after it stops the workload is
 * back at minReplicas, each with the slack a real cluster needs.
 */
import type { LoadProfile } from "./load-profile";
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from "./options";
import { simulate, type Simulation, type TimelinePoint } from "./simulation";
import type { ModelWorkload } from "./spec";

export interface ScaleUpOptions {
  /** Ready replicas to wait for; default: what the model settles at under this load. */
  replicas?: number;
  /** How long to run the constant load in the model; long enough to settle. Default 600 s. */
  horizonSeconds?: number;
  /** Added to the modeled time; default syncPeriod + metricResolution + 30 s (see predictScaleUp). */
  slackSeconds?: number;
  model?: Partial<ModelOptions>;
}

export interface ScaleUpPrediction {
  /** Ready replicas the model settles at under this load (within min..max). */
  expectedReplicas: number;
  /** When the model first has expectedReplicas Ready, seconds after load start. */
  predictedSeconds: number;
  /** predictedSeconds + slackSeconds: the deadline a live run should meet. */
  withinSeconds: number;
  slackSeconds: number;
  timeline: TimelinePoint[];
}

export interface ScaleDownOptions {
  /** How long the constant load runs before it stops; long enough to scale up and settle. Default 600 s. */
  loadSeconds?: number;
  /** How long to watch after the load stops. Default: the scale-down window plus 600 s. */
  watchSeconds?: number;
  /** Added to the modeled time; default syncPeriod + metricResolution + 30 s, as for predictScaleUp. */
  slackSeconds?: number;
  model?: Partial<ModelOptions>;
}

export interface ScaleDownPrediction {
  /** Ready replicas when the load stops. */
  fromReplicas: number;
  /** minReplicas: where the HPA ends once idle. */
  toReplicas: number;
  /** Seconds after the load stops until only toReplicas are Ready. */
  predictedSeconds: number;
  /** predictedSeconds + slackSeconds. */
  withinSeconds: number;
  slackSeconds: number;
  timeline: TimelinePoint[];
}

/** The default slack of both predictions; predictScaleUp explains it. */
function defaultSlackSeconds(sim: Simulation): number {
  const { syncPeriodSeconds, metricResolutionSeconds } = sim.options;
  return syncPeriodSeconds + metricResolutionSeconds + 30;
}

/**
 * For a constant load starting at t = 0 on an idle workload: how many Ready
 * replicas to expect and by when. With `options.replicas` (the scale test's N)
 * it answers by when that many are Ready, and throws if this load never gets
 * there, so an impossible expectation fails before anything is deployed.
 * Pass the stack's metric resolution in `options.model` when it is not 15 s.
 *
 * The slack covers what the model pins down but a cluster does not. The model
 * fixes the phase of the HPA sync and of the metrics-server scrape relative to
 * load start; on a cluster each is uniform over its period, so the reaction can
 * come up to one sync period plus one metric resolution later (30 s with the
 * defaults). Another 30 s covers pod start and readiness on a busy 2-core node
 * and the API round trips. Kubernetes' own e2e tests budget 100 s per HPA
 * reaction for the same reasons; we are tighter because the model already
 * accounts for the average delays.
 */
export function predictScaleUp(
  config: ModelWorkload,
  demandMillicores: number,
  options: ScaleUpOptions = {},
): ScaleUpPrediction {
  const horizon = options.horizonSeconds ?? 600;
  const sim = simulate(config, () => demandMillicores, horizon, options.model);
  const slackSeconds = options.slackSeconds ?? defaultSlackSeconds(sim);
  const settled = sim.readyChanges[sim.readyChanges.length - 1].readyReplicas;
  const expectedReplicas = options.replicas ?? settled;
  const reached = sim.readyChanges.find((c) => c.readyReplicas >= expectedReplicas);
  if (!reached) {
    throw new Error(
      `${demandMillicores}m never brings ${expectedReplicas} replicas to Ready within ${horizon} s; ` +
        `the model settles at ${settled}: raise the load or expect fewer replicas`,
    );
  }
  const predictedSeconds = reached.t;
  return {
    expectedReplicas,
    predictedSeconds,
    withinSeconds: predictedSeconds + slackSeconds,
    slackSeconds,
    timeline: sim.timeline,
  };
}

/**
 * For a constant load that stops after `loadSeconds`: how long after the stop
 * until the workload is back at minReplicas. Dominated by the scale-down
 * stabilization window, then by the scale-down policies' pace; the slack has
 * the same reasons as predictScaleUp's.
 */
export function predictScaleDown(
  config: ModelWorkload,
  demandMillicores: number,
  options: ScaleDownOptions = {},
): ScaleDownPrediction {
  const loadSeconds = options.loadSeconds ?? 600;
  const window =
    config.autoscaling.scaleDown?.stabilizationWindowSeconds ?? DEFAULT_MODEL_OPTIONS.downscaleStabilizationSeconds;
  const watchSeconds = options.watchSeconds ?? window + 600;
  const profile: LoadProfile = (t) => (t < loadSeconds ? demandMillicores : 0);
  const sim = simulate(config, profile, loadSeconds + watchSeconds, options.model);
  const slackSeconds = options.slackSeconds ?? defaultSlackSeconds(sim);
  const readyAt = (t: number) => [...sim.readyChanges].reverse().find((c) => c.t <= t)?.readyReplicas ?? 0;
  const fromReplicas = readyAt(loadSeconds);
  const toReplicas = config.autoscaling.minReplicas;
  const stillAbove = readyAt(loadSeconds + watchSeconds) > toReplicas;
  if (stillAbove) {
    throw new Error(`the model is still above ${toReplicas} Ready replicas ${watchSeconds} s after the load stops`);
  }
  // Back at toReplicas for good: the change after the last one above it (the first, at 0 s, when none was).
  // Pods still starting when the load stops count too, though fromReplicas does not see them yet.
  const lastAbove = sim.readyChanges.map((c) => c.readyReplicas > toReplicas).lastIndexOf(true);
  const predictedSeconds = Math.max(0, sim.readyChanges[lastAbove + 1].t - loadSeconds);
  return {
    fromReplicas,
    toReplicas,
    predictedSeconds,
    withinSeconds: predictedSeconds + slackSeconds,
    slackSeconds,
    timeline: sim.timeline,
  };
}
