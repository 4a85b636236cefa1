/**
 * The small world around the simulated HPA: pods that take time to start and
 * become Ready, a Service that spreads demand over Ready pods, and
 * metrics-server, whose CPU rate for a pod needs two scrapes.
 */
import type { ModelOptions } from "./options";
import type { PodMetric, PodView } from "./replica-calculator";

/** One simulated pod, with times in seconds since load start. */
export interface SimPod {
  createdAt: number;
  runningAt: number;
  readyAt: number;
  /**
   * CPU burnt since metrics-server's last scrape, millicore-seconds: what
   * cAdvisor's cumulative counter grew by. Kept per window rather than as the
   * counter itself, so the rate does not depend on how long the run has been
   * going (a float counter loses the low digits of a window as it grows; the
   * kubelet's is an integer of nanoseconds).
   */
  cpuSinceScrape: number;
  /** When metrics-server last scraped the pod. */
  lastScrapeAt?: number;
  /** The latest metric the controller can see. Never changed in place: pods scraped alike share one. */
  metric?: Readonly<PodMetric>;
  /** A newer metric on its way to the controller (metricLagSeconds), visible from `at`; shared like `metric`. */
  pending?: Readonly<{ metric: Readonly<PodMetric>; at: number }>;
}

/** The pod as the controller's pod lister shows it at `now`; written into `view` when given (a run reuses its views). */
export function podView(pod: SimPod, now: number, view = {} as PodView): PodView {
  const ready = now >= pod.readyAt;
  view.startTime = pod.createdAt;
  view.phase = now >= pod.runningAt ? "Running" : "Pending";
  view.ready = ready;
  view.readyTransitionTime = ready ? pod.readyAt : pod.createdAt;
  view.metric = pod.metric;
  return view;
}

function memoryFor(cpu: number, o: ModelOptions): number {
  return Math.round(o.memoryBytesPerPod + o.memoryBytesPerMillicore * cpu);
}

/**
 * metrics-server: a CPU rate from the last two samples of a running pod
 * (MilliValue rounds up), reaching the controller metricLagSeconds later.
 * With `atScrape` (o.cpuAtScrape), the rate is what a pod Ready in the second
 * before the scrape burnt in it, and 0 for one that was not.
 */
export function scrape(pods: SimPod[], t: number, o: ModelOptions, atScrape?: number): void {
  let pending: SimPod["pending"];
  for (const pod of pods) {
    if (t < pod.runningAt) continue;
    if (pod.lastScrapeAt !== undefined) {
      const window = t - pod.lastScrapeAt;
      const burnt = atScrape === undefined ? pod.cpuSinceScrape / window : t - 1 >= pod.readyAt ? atScrape : 0;
      const cpu = Math.ceil(burnt - 1e-9);
      // Pods that burnt alike over the same window share one sample (most do: they share the load evenly).
      if (!pending || pending.metric.cpuMillicores !== cpu || pending.metric.windowSeconds !== window) {
        const metric = { cpuMillicores: cpu, memoryBytes: memoryFor(cpu, o), timestamp: t, windowSeconds: window };
        pending = { metric, at: t + o.metricLagSeconds };
      }
      pod.pending = pending;
    }
    pod.lastScrapeAt = t;
    pod.cpuSinceScrape = 0;
  }
  deliver(pods, t);
}

/** Metrics whose lag has passed reach the controller. */
export function deliver(pods: SimPod[], t: number): void {
  for (const pod of pods) {
    if (pod.pending && pod.pending.at <= t) {
      pod.metric = pod.pending.metric;
      pod.pending = undefined;
    }
  }
}

/** Pods present at load start: long Ready, with a metric of the pre-load demand. */
export function initialPods(count: number, o: ModelOptions): SimPod[] {
  const res = o.metricResolutionSeconds;
  const lastScrape = (((o.scrapeOffsetSeconds % res) + res) % res) - res;
  const share = Math.ceil(o.preloadMillicores / count);
  const metric = { cpuMillicores: share, memoryBytes: memoryFor(share, o), timestamp: lastScrape, windowSeconds: res };
  return Array.from({ length: count }, () => simPod(-3600, -3600, -3600, share * -lastScrape, lastScrape, metric));
}

/** ReplicaSet deletion order, simplified: not running, then not Ready, then the most recently Ready. */
function removePods(pods: SimPod[], count: number, now: number): SimPod[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a running pod not Ready has a later readyAt than every Ready one, so the readyAt order already deletes it first
  const rank = (p: SimPod) => (now < p.runningAt ? 0 : now < p.readyAt ? 1 : 2);
  const doomed = [...pods]
    .sort((a, b) => rank(a) - rank(b) || b.readyAt - a.readyAt || b.createdAt - a.createdAt)
    .slice(0, count);
  return pods.filter((p) => !doomed.includes(p));
}

/** A new pod; one the cluster has no room for stays Pending (never runs) until it is deleted. */
function newPod(now: number, o: ModelOptions, fits: boolean): SimPod {
  const runningAt = fits ? now + o.podStartSeconds : Infinity;
  const readyAt = fits ? now + Math.max(o.podStartSeconds, o.podReadySeconds) : Infinity;
  return simPod(now, runningAt, readyAt);
}

/**
 * A pod with every field present from the start, so all pods share one shape
 * (the sync loop reads them millions of times in an envelope).
 */
export function simPod(
  createdAt: number,
  runningAt: number,
  readyAt: number,
  cpuSinceScrape = 0,
  lastScrapeAt?: number,
  metric?: Readonly<PodMetric>,
): SimPod {
  return { createdAt, runningAt, readyAt, cpuSinceScrape, lastScrapeAt, metric, pending: undefined };
}

/**
 * The ReplicaSet acting on a new spec.replicas: creates pods (in place), those
 * past the cluster's room Pending, or deletes some (a new list), Pending first.
 */
export function resizePods(pods: SimPod[], from: number, to: number, now: number, o: ModelOptions): SimPod[] {
  if (to > from) for (let i = from; i < to; i++) pods.push(newPod(now, o, i < o.schedulablePods));
  if (to < from) return removePods(pods, from - to, now);
  return pods;
}

/** An independent copy of a pod, for a run that splits in two (samples are shared: never changed in place). */
export function copyPod(p: SimPod): SimPod {
  const copy = simPod(p.createdAt, p.runningAt, p.readyAt, p.cpuSinceScrape, p.lastScrapeAt, p.metric);
  copy.pending = p.pending;
  return copy;
}

/** Pods Ready at `now`. */
export function countReady(pods: SimPod[], now: number): number {
  let ready = 0;
  for (const pod of pods) if (now >= pod.readyAt) ready++;
  return ready;
}

/**
 * Seconds [from, to) of load through the Service, which routes only to Ready
 * endpoints, with the same `ready` pods Ready throughout: each burns each
 * second's demand / ready, capped at its `limit`, added second by second.
 * Pods that start the stretch with the same CPU end it with the same.
 */
export function serveStretch(
  pods: SimPod[],
  from: number,
  to: number,
  ready: number,
  demand: Float64Array,
  limit: number,
): void {
  if (ready === 0) return;
  let before = NaN;
  let after = NaN;
  for (const pod of pods) {
    if (from < pod.readyAt) continue;
    // Stryker disable next-line ConditionalExpression,BlockStatement: the shortcut hands on the sum a pod with the same CPU got; summing again gives the same
    if (pod.cpuSinceScrape === before) {
      pod.cpuSinceScrape = after;
      continue;
    }
    before = pod.cpuSinceScrape;
    let cpu = before;
    for (let t = from; t < to; t++) cpu += Math.min(demand[t] / ready, limit);
    after = cpu;
    pod.cpuSinceScrape = cpu;
  }
}

/** The first second after `t` at which a pod becomes Ready; Infinity if none will. */
export function nextReady(pods: readonly SimPod[], t: number): number {
  let next = Infinity;
  for (const pod of pods) if (pod.readyAt > t && pod.readyAt < next) next = pod.readyAt;
  return next;
}
