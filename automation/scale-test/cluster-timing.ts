/**
 * The cluster's own timing, measured during the run so the envelope does not
 * have to guess it: when metrics-server's samples are taken and how long they
 * take to be served, when the HPA syncs (its status changes, seen by a watch),
 * and how long new pods take to become Ready. Adapters gather the raw times;
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
  /** When the HPA's spec changed (its generation moved), and when the controller first synced with it. */
  specChanges: Array<{ generation: number; atMs: number; observedAtMs?: number }>;
}

export function newTimingLog(): TimingLog {
  return { stamps: new Set(), lags: [], hpaSyncs: [], hpaStatuses: [], specChanges: [] };
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
  metadata?: { generation?: number };
  status?: HpaStatusLike;
}

/**
 * Notes one event of the HPA's watch: a spec change (its generation moved),
 * the controller's first status for a new generation (observedGeneration
 * caught up: the first sync that read the new spec), or a sync that changed
 * only the status. Pure over the log; `last` is what the watch saw before.
 */
export function noteHpaEvent(
  log: TimingLog,
  last: { generation?: number; status: string } | undefined,
  obj: HpaObject,
  atMs: number,
): { generation?: number; status: string } {
  const now = { generation: obj.metadata?.generation, status: JSON.stringify(obj.status ?? {}) };
  if (last && now.generation !== undefined && now.generation !== last.generation) {
    log.specChanges.push({ generation: now.generation, atMs });
  }
  const observed = obj.status?.observedGeneration;
  const pending = log.specChanges.find(
    (c) => c.observedAtMs === undefined && observed !== undefined && observed >= c.generation,
  );
  if (pending) pending.observedAtMs = atMs;
  if (last && now.generation === last.generation && now.status !== last.status) {
    log.hpaSyncs.push(atMs);
    log.hpaStatuses.push({ atMs, status: obj.status ?? {} });
  }
  return now;
}

/**
 * Watches the HPA and notes when its status changes without a spec change
 * (the controller writes status only from a sync, so these are sync times),
 * and when its spec changes and the controller first reads the new one.
 * Resolves with a stop function once the watch is open.
 */
export async function watchHpaSyncs(kube: Kube, namespace: string, name: string, log: TimingLog): Promise<() => void> {
  let last: { generation?: number; status: string } | undefined;
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

/** New pods' start-to-Ready times, s: creation to the Ready condition's last transition. */
export function podReadySeconds(pods: PodLike[], createdAfterMs: number): number[] {
  const out: number[] = [];
  for (const pod of pods) {
    const created = Date.parse(String(pod.metadata?.creationTimestamp ?? ""));
    const ready = pod.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True");
    const readyAt = Date.parse(String(ready?.lastTransitionTime ?? ""));
    if (Number.isFinite(created) && Number.isFinite(readyAt) && created >= createdAfterMs) {
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
  return measured;
}
