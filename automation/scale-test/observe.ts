/**
 * Watches the target while load runs: every few seconds (≤ 5 s) it reads the
 * HPA, the Deployment, the target's pods, their CPU from metrics.k8s.io and
 * the HPA's events, folds in the load runner's figures for the interval, and
 * appends one Sample. Polling rather than watch streams keeps the cadence
 * regular, which is what the series and the verdict need. A failed read is reported and the sample skipped.
 */
import type { Kube } from "./kube";
import { PodCpu, readPodCpu } from "./pod-cpu";
import { EventLike, newEvents, PodLike, readyPodNames, SampleLoad, toSample } from "./sample";
import type { Sample } from "../shared/results";

export interface ObserveOptions {
  namespace: string;
  deploymentName: string;
  hpaName?: string;
  /** Label selector of the target's pods. */
  selector: string;
  intervalMs: number;
  /** Epoch ms when load started; samples are timed from it. */
  loadStartedAt: number;
  /** Figures from the load runner for the interval; undefined once load has stopped. */
  loadWindow: () => SampleLoad | undefined;
  onSample?: (sample: Sample) => void;
  /** Each read's Ready pods and CPU samples, for whoever steers the load by them. */
  onRead?: (read: { readyPods: string[]; podCpu: PodCpu[]; replicas: number }) => void;
  onError?: (err: Error) => void;
}

export interface Observer {
  series: Sample[];
  /** Stops polling after the current read; resolves when no read is in flight. */
  stop(): Promise<void>;
  /** Takes one sample now (also used for the final sample). */
  sampleNow(): Promise<void>;
}

/** One read of the target: its HPA and events (when it has an HPA), Deployment, pods and their CPU. */
function readTarget(kube: Kube, options: ObserveOptions) {
  const { namespace, hpaName } = options;
  return Promise.all([
    hpaName ? kube.autoscaling.readNamespacedHorizontalPodAutoscaler({ name: hpaName, namespace }) : undefined,
    kube.apps.readNamespacedDeployment({ name: options.deploymentName, namespace }),
    kube.core.listNamespacedPod({ namespace, labelSelector: options.selector }),
    hpaName
      ? kube.core.listNamespacedEvent({
          namespace,
          fieldSelector: `involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=${hpaName}`,
        })
      : undefined,
    // Metrics can be briefly unavailable (a new pod, metrics-server restarting): that is a sample without CPU.
    readPodCpu(kube, namespace, options.selector).catch(() => [] as PodCpu[]),
  ]);
}

/** Starts polling at once and then every `intervalMs`. */
export function observe(kube: Kube, options: ObserveOptions): Observer {
  const series: Sample[] = [];
  const seen = new Set<string>();
  let failedTotal = 0;
  let primed = false;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  async function read(): Promise<void> {
    const [hpa, deployment, pods, events, podCpu] = await readTarget(kube, options);
    const replicas = deployment.status?.replicas ?? 0;
    options.onRead?.({ readyPods: readyPodNames(pods.items as PodLike[]), podCpu, replicas });
    const fresh = newEvents((events?.items ?? []) as EventLike[], seen);
    const report = primed;
    primed = true;
    const load = options.loadWindow();
    failedTotal = load?.failedTotal ?? failedTotal;
    const sample = toSample({
      t: (Date.now() - options.loadStartedAt) / 1000,
      hpa,
      deployment,
      pods: pods.items,
      // Events from before this run (earlier tests) are only marked seen, not reported.
      events: report ? fresh : [],
      load,
      podCpu,
      failedTotal,
    });
    series.push(sample);
    options.onSample?.(sample);
  }

  const sampleNow = (): Promise<void> => {
    inFlight = inFlight.then(read).catch((err: Error) => options.onError?.(err));
    return inFlight;
  };
  // Timed from the start of each read, so a slow API server does not stretch the interval.
  const tick = () => {
    if (stopped) return;
    const started = Date.now();
    void sampleNow().then(() => {
      if (!stopped) timer = setTimeout(tick, Math.max(0, options.intervalMs - (Date.now() - started)));
    });
  };
  tick();
  return {
    series,
    sampleNow,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
