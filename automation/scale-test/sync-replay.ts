/**
 * The declared HPA's own decision at each sync the watch saw: the statuses
 * turned into the model's readings (what the cluster's controller reported it
 * read, and the pods the last sample before showed), replayed through the
 * model's controller, and a sentence where its answer differs from the
 * cluster's. Pure over the watch's log and the series.
 */
import { replaySyncs, type HpaChange, type ModelWorkload, type SyncReading } from "../hpa-model";
import type { Sample, SyncReplay } from "../shared/results";
import type { HpaStatusLike } from "./cluster-timing";

/** The declared HPA: the workload config the stack gives it, and its changes over a scenario. */
export interface Declared {
  workload: ModelWorkload;
  changes?: HpaChange[];
}

/** status.currentMetrics' Resource utilizations by name. */
export function utilizationOf(status: HpaStatusLike): SyncReading["utilization"] {
  const out: SyncReading["utilization"] = {};
  for (const m of status.currentMetrics ?? []) {
    const name = m.resource?.name;
    const value = m.resource?.current?.averageUtilization;
    if (m.type === "Resource" && (name === "cpu" || name === "memory") && value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * How long each pod that turned Ready during the series had been Ready at `t`,
 * newest first: a rise of the ready count between two samples counts from the
 * later one (the pod may be a few seconds older), a fall takes the newest off
 * (a ReplicaSet deletes its newest pods first).
 */
function readyFor(series: readonly Sample[], t: number): number[] {
  const since: number[] = [];
  let before: number | undefined;
  for (const s of series) {
    if (s.t > t) break;
    if (before !== undefined && s.readyReplicas > before) {
      for (let k = before; k < s.readyReplicas; k++) since.push(s.t);
    }
    if (before !== undefined && s.readyReplicas < before)
      since.splice(Math.max(0, since.length - (before - s.readyReplicas)));
    before = s.readyReplicas;
  }
  return since.map((at) => t - at).reverse();
}

/**
 * The pods by readiness at `t`, from the last sample at or before it within
 * `withinSeconds` (a later one may show the pods this sync created), at most
 * the status's currentReplicas; undefined when no sample is that close.
 */
function podsAt(series: readonly Sample[], t: number, current: number | null, withinSeconds: number) {
  const s = series.filter((x) => x.t <= t && t - x.t <= withinSeconds).pop();
  if (!s) return undefined;
  const total = Object.values(s.podPhases).reduce((a, b) => a + b, 0);
  const listed = current === null ? total : Math.min(total, current);
  const ready = Math.min(s.readyReplicas, listed);
  const pending = Math.min(s.podPhases.Pending ?? 0, listed - ready);
  return { ready, pending, unready: listed - ready - pending, readyForSeconds: readyFor(series, t) };
}

/** The sentence for a sync where the replay asks for another count than the cluster did. */
function differs(clusterDesired: number | null, r: SyncReplay): string | undefined {
  if (clusterDesired === null || r.desired === null || r.desired === clusterDesired || r.explained) return undefined;
  const why = r.bound ? `: ${r.bound}` : "";
  return `the HPA asked for ${clusterDesired}; the declared config asks ${r.desired} from the same reading${why}`;
}

/** What a replay needs beside the watch's log: the declared HPA, and the run's timings it reads pods by. */
export interface ReplayOptions {
  declared: Declared;
  /** How old a sample may be and still show the pods' readiness at a sync: one sample interval. */
  podsWithinSeconds: number;
  /** metrics-server's resolution: a pod Ready for less has no CPU sample the controller counts. */
  metricWindowSeconds: number;
}

/** The model's decision at each status, in order; its histories run across all of them. */
export function replayStatuses(
  input: ReplayOptions & {
    statuses: ReadonlyArray<{ atMs: number; status: HpaStatusLike }>;
    t0Ms: number;
    series: readonly Sample[];
  },
): SyncReplay[] {
  const readings: SyncReading[] = input.statuses.map(({ atMs, status }) => {
    const t = Math.round((atMs - input.t0Ms) / 100) / 10;
    const current = status.currentReplicas ?? null;
    return {
      t,
      currentReplicas: current,
      clusterDesired: status.desiredReplicas ?? null,
      clusterLimited: (status.conditions ?? []).some((c) => c.type === "ScalingLimited" && c.status === "True"),
      utilization: utilizationOf(status),
      pods: podsAt(input.series, t, current, input.podsWithinSeconds),
    };
  });
  const replayed = replaySyncs({ ...input.declared, readings, metricWindowSeconds: input.metricWindowSeconds });
  return replayed.map((r, i) => {
    const sentence = differs(readings[i].clusterDesired, r);
    return { ...r, ...(sentence ? { differs: sentence } : {}) };
  });
}
