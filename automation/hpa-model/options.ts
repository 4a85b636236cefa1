/**
 * The knobs of the HPA model: the controller's flags and the timings of the
 * world around it, with Kubernetes' own defaults where it has one.
 */

/** Knobs of the controller and of the world around it. Defaults are Kubernetes' own where it has one. */
export interface ModelOptions {
  /** kube-controller-manager --horizontal-pod-autoscaler-sync-period. */
  syncPeriodSeconds: number;
  /** First sync after load start; the phase is random on a real cluster. */
  syncOffsetSeconds: number;
  /** --horizontal-pod-autoscaler-tolerance: ratios within 1 ± this do not scale. */
  tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period: how long a new pod's CPU samples are distrusted. */
  cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay. */
  initialReadinessDelaySeconds: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization: used when behavior gives no scale-down window. */
  downscaleStabilizationSeconds: number;
  /** metrics-server --metric-resolution: one scrape every this many seconds. */
  metricResolutionSeconds: number;
  /** First scrape after load start. 5 s puts scrapes between syncs, the usual case. */
  scrapeOffsetSeconds: number;
  /**
   * How long after its sample a metric reaches the controller: the kubelet's
   * sample is taken before metrics-server scrapes it and the HPA reads it.
   * The metric keeps its sample's timestamp.
   */
  metricLagSeconds: number;
  /**
   * Whether a pod's CPU metric is its usage at the scrape rather than its
   * average since the scrape before. A kubelet's counter adds up the CPU
   * used; a kwok-simulated pod's grows, at each scrape, by its usage then
   * times the time since the last, so metrics-server's rate is the usage at
   * the scrape.
   */
  cpuAtScrape: boolean;
  /** Pod created → container running: scheduling plus start of a locally present image. */
  podStartSeconds: number;
  /** Pod created → Ready: start plus the readiness probe's first success. */
  podReadySeconds: number;
  /** Working set of one pod, whatever its load: memory participates without driving the scale. */
  memoryBytesPerPod: number;
  /** Extra working set per millicore of CPU a pod burns (0: memory is flat). */
  memoryBytesPerMillicore: number;
  /** Total demand before t = 0, i.e. what the metrics saw before the load started. */
  preloadMillicores: number;
  /** Replicas at t = 0; defaults to minReplicas (what an idle HPA settles at). */
  initialReplicas?: number;
  /**
   * How many of the workload's pods the cluster has room for at once (its
   * nodes' allocatable CPU, memory and pod slots less what other pods
   * request); pods beyond it stay Pending. Infinity: room for any number.
   */
  schedulablePods: number;
}

export const DEFAULT_MODEL_OPTIONS: Readonly<ModelOptions> = {
  syncPeriodSeconds: 15,
  syncOffsetSeconds: 0,
  tolerance: 0.1,
  cpuInitializationPeriodSeconds: 300,
  initialReadinessDelaySeconds: 30,
  downscaleStabilizationSeconds: 300,
  metricResolutionSeconds: 15,
  scrapeOffsetSeconds: 5,
  metricLagSeconds: 0,
  cpuAtScrape: false,
  podStartSeconds: 2,
  podReadySeconds: 10,
  memoryBytesPerPod: 100 * 2 ** 20,
  memoryBytesPerMillicore: 0,
  preloadMillicores: 0,
  schedulablePods: Infinity,
};

/** Defaults filled; the simulation steps whole seconds, so periods and delays must be whole seconds too. */
export function checkedModelOptions(options: Partial<ModelOptions>): ModelOptions {
  const o: ModelOptions = { ...DEFAULT_MODEL_OPTIONS, ...options };
  const whole = [
    "syncPeriodSeconds",
    "metricResolutionSeconds",
    "syncOffsetSeconds",
    "scrapeOffsetSeconds",
    "metricLagSeconds",
  ] as const;
  for (const key of whole) {
    const positive = key.endsWith("PeriodSeconds") || key === "metricResolutionSeconds";
    if (!Number.isInteger(o[key]) || o[key] < (positive ? 1 : 0)) {
      throw new Error(`model option ${key} (${o[key]}) must be a whole number of seconds${positive ? " >= 1" : ""}`);
    }
  }
  if (o.schedulablePods !== Infinity && !(Number.isInteger(o.schedulablePods) && o.schedulablePods >= 0)) {
    throw new Error(`model option schedulablePods (${o.schedulablePods}) must be a whole number >= 0 or Infinity`);
  }
  return o;
}
