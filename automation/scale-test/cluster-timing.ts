/**
 * The cluster's own timing, measured during the run so the envelope does not
 * have to guess it: when metrics-server's samples are taken and how long they
 * take to be served, when the HPA syncs (its status changes, seen by a watch),
 * how long new pods take to become Ready, and how long the ReplicaSet takes
 * to act on a resize. Adapters gather the raw times;
 * `measuredTiming` turns them into the model's terms. Times are epoch ms.
 */
import type { Measured } from "../hpa-model";
import { median } from "../shared/stats";
import type { Kube } from "./kube";
import type { PodCpu } from "./pod-cpu";
import type { PodLike } from "./sample";

export interface TimingLog {
  /** Each metrics sample timestamp seen. */
  stamps: Set<number>;
  /** Seconds from a sample's timestamp to its first sighting, from reads polled every second. */
  lags: number[];
  /** When the HPA's status changed while its spec did not: a sync that moved something. */
  hpaSyncs: number[];
  /** The HPA's status as each of those syncs wrote it: what the cluster says it read and decided. */
  hpaStatuses: Array<{ atMs: number; status: HpaStatusLike }>;
  /** When the HPA's spec changed, and when the controller's status first moved after it (the sync that read it). */
  specChanges: Array<{ atMs: number; observedAtMs?: number }>;
  /** The Deployment's status.replicas at each read: the pods its ReplicaSets have created and not deleted. */
  replicaReads: Array<{ atMs: number; replicas: number }>;
}

export function newTimingLog(): TimingLog {
  return { stamps: new Set(), lags: [], hpaSyncs: [], hpaStatuses: [], specChanges: [], replicaReads: [] };
}

/**
 * Notes the sample timestamps of a metrics read. A read from a one-second
 * poll also times the lag of samples it sees first; coarser polls would
 * overstate it.
 */
export function noteSamples(log: TimingLog, podCpu: PodCpu[], seenAtMs: number, timesLag: boolean): void {
  for (const { timestampMs } of podCpu) {
    if (log.stamps.has(timestampMs)) continue;
    log.stamps.add(timestampMs);
    if (timesLag) log.lags.push((seenAtMs - timestampMs) / 1000);
  }
}

/** The fields of an autoscaling/v2 HPA status the per-sync explanation reads. */
export interface HpaStatusLike {
  observedGeneration?: number;
  currentReplicas?: number;
  desiredReplicas?: number;
  lastScaleTime?: string | Date;
  currentMetrics?: Array<{ type?: string; resource?: { name?: string; current?: { averageUtilization?: number } } }>;
  conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
}

interface HpaObject {
  spec?: unknown;
  status?: HpaStatusLike;
}

/** What the watch saw last of the HPA: its spec and status, as JSON. */
export interface HpaSeen {
  spec: string;
  status: string;
}

/**
 * Notes one event of the HPA's watch: a spec change, the controller's first
 * status after one (the controller writes status only from a sync, and the
 * first after a spec change read the new spec: an HPA carries no generation
 * to tell it by), or a sync that changed only the status. A status the spec
 * change leaves as it was shows no sync, so the change counts as read at the
 * next one that moved something: later, never earlier, than it was. Pure over
 * the log; `last` is what the watch saw before.
 */
export function noteHpaEvent(log: TimingLog, last: HpaSeen | undefined, obj: HpaObject, atMs: number): HpaSeen {
  const now = { spec: JSON.stringify(obj.spec ?? {}), status: JSON.stringify(obj.status ?? {}) };
  if (!last) return now;
  if (now.spec !== last.spec) log.specChanges.push({ atMs });
  if (now.status !== last.status) {
    for (const c of log.specChanges) if (c.observedAtMs === undefined && c.atMs <= atMs) c.observedAtMs = atMs;
    if (now.spec === last.spec) {
      log.hpaSyncs.push(atMs);
      log.hpaStatuses.push({ atMs, status: obj.status ?? {} });
    }
  }
  return now;
}

/**
 * How long each resize took the cluster, s: from the HPA's status saying it
 * rescaled (desired ≠ current) to the first read whose Deployment status shows
 * that many pods, created or deleted through the controller-manager's API rate
 * limit, and said so by the ReplicaSet. A resize another one follows before it
 * is seen done is left out: when it would have been done is not known.
 */
export function resizeSeconds(log: Pick<TimingLog, "hpaStatuses" | "replicaReads">): number[] {
  const resizes = log.hpaStatuses.filter(
    ({ status }) => status.desiredReplicas !== undefined && status.desiredReplicas !== status.currentReplicas,
  );
  const out: number[] = [];
  resizes.forEach(({ atMs, status }, i) => {
    const next = resizes[i + 1]?.atMs ?? Infinity;
    const done = log.replicaReads.find((r) => r.atMs >= atMs && r.replicas === status.desiredReplicas);
    if (done && done.atMs < next) out.push((done.atMs - atMs) / 1000);
  });
  return out;
}

/**
 * Watches the HPA and notes when its status changes without a spec change
 * (the controller writes status only from a sync, so these are sync times),
 * and when its spec changes and the controller first reads the new one.
 * Resolves with a stop function once the watch is open.
 */
export async function watchHpaSyncs(kube: Kube, namespace: string, name: string, log: TimingLog): Promise<() => void> {
  let last: HpaSeen | undefined;
  const watch = new kube.k8s.Watch(kube.config);
  const controller = await watch.watch(
    `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers`,
    { fieldSelector: `metadata.name=${name}` },
    (phase: string, obj: HpaObject) => {
      if (phase !== "MODIFIED" && phase !== "ADDED") return;
      last = noteHpaEvent(log, phase === "MODIFIED" ? last : undefined, obj, Date.now());
    },
    () => undefined,
  );
  return () => controller.abort();
}

/**
 * New pods' start-to-Ready times, s: creation to the Ready condition's last transition. A pod the
 * samples saw Ready before that transition (`firstSeenReadyMs`, by name) has been unready since, a
 * failed probe or a restart: when it first became Ready is not known, so it is left out.
 */
export function podReadySeconds(
  pods: PodLike[],
  createdAfterMs: number,
  firstSeenReadyMs: ReadonlyMap<string, number> = new Map(),
): number[] {
  const out: number[] = [];
  for (const pod of pods) {
    const created = Date.parse(String(pod.metadata?.creationTimestamp ?? ""));
    const ready = pod.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True");
    const readyAt = Date.parse(String(ready?.lastTransitionTime ?? ""));
    const seen = firstSeenReadyMs.get(pod.metadata?.name ?? "");
    // The condition's time is to the second; a sample's, to the millisecond.
    const flapped = seen !== undefined && readyAt > seen + 1000;
    if (Number.isFinite(created) && Number.isFinite(readyAt) && created >= createdAfterMs && !flapped) {
      out.push(Math.max(0, (readyAt - created) / 1000));
    }
  }
  return out;
}

/**
 * The phase of periodic events, s after `t0Ms` modulo `period`: the median of
 * each event's offset from the first one's phase (so a period boundary does
 * not split them). Undefined without events.
 */
export function phaseOf(timesMs: number[], t0Ms: number, period: number): number | undefined {
  if (timesMs.length === 0) return undefined;
  const phase = (ms: number) => ((((ms - t0Ms) / 1000) % period) + period) % period;
  const ref = phase(timesMs[0]);
  const offsets = timesMs
    .map((ms) => {
      let d = phase(ms) - ref;
      if (d > period / 2) d -= period;
      if (d <= -period / 2) d += period;
      return d;
    })
    .sort((a, b) => a - b);
  const middle = median(offsets) ?? 0;
  return (((ref + middle) % period) + period) % period;
}

/** What the log measured, in the envelope's terms; a source stays unmeasured without data. */
export function measuredTiming(
  log: TimingLog,
  args: { t0Ms: number; resolutionSeconds: number; syncPeriodSeconds: number; readySeconds: number[] },
): Measured {
  const stamps = [...log.stamps];
  // The first sighting can only follow the sample; a negative lag is clock skew between hosts.
  const lags = log.lags.filter((l) => l >= 0 && l < 60);
  const measured: Measured = {
    scrapePhaseSeconds: phaseOf(stamps, args.t0Ms, args.resolutionSeconds),
    syncPhaseSeconds: phaseOf(log.hpaSyncs, args.t0Ms, args.syncPeriodSeconds),
  };
  if (lags.length > 0) measured.metricLagSeconds = { min: Math.min(...lags), max: Math.max(...lags) };
  if (args.readySeconds.length > 0) {
    measured.podReadySeconds = { min: Math.min(...args.readySeconds), max: Math.max(...args.readySeconds) };
  }
  const resizes = resizeSeconds(log);
  if (resizes.length > 0) measured.resizeSeconds = { count: resizes.length, max: Math.max(...resizes) };
  return measured;
}
