/**
 * Pure conversions from Kubernetes objects (HPA, Deployment, pods, events) to
 * one Sample of the series. The shapes below are the few fields we read, so
 * this module needs no client library and tests can feed it plain objects.
 */
import type { PodCpu } from "./pod-cpu";
import type { Sample } from "../shared/results";

export interface HpaLike {
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: Array<{
      type?: string;
      resource?: { name?: string; current?: { averageUtilization?: number } };
    }>;
  };
}

export interface DeploymentLike {
  status?: { replicas?: number; readyReplicas?: number };
}

export interface PodLike {
  metadata?: { name?: string; deletionTimestamp?: unknown; creationTimestamp?: string | Date };
  status?: {
    phase?: string;
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
      lastTransitionTime?: string | Date;
    }>;
    containerStatuses?: Array<{ state?: { waiting?: { reason?: string; message?: string } } }>;
  };
}

export interface EventLike {
  metadata?: { uid?: string };
  reason?: string;
  message?: string;
  count?: number;
}

/** The HPA's current average utilization of one resource, or null when it reports none. */
export function utilization(hpa: HpaLike | undefined, resource: "cpu" | "memory"): number | null {
  const metric = hpa?.status?.currentMetrics?.find((m) => m.type === "Resource" && m.resource?.name === resource);
  const value = metric?.resource?.current?.averageUtilization;
  return typeof value === "number" ? value : null;
}

/** Names of the pods that are Ready and not being deleted. */
export function readyPodNames(pods: PodLike[]): string[] {
  return pods
    .filter(
      (p) =>
        !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
    )
    .map((p) => p.metadata?.name ?? "");
}

/** Pods per phase; pods being deleted count as "Terminating", as kubectl shows them. */
export function podPhases(pods: PodLike[]): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const pod of pods) {
    const phase = pod.metadata?.deletionTimestamp ? "Terminating" : (pod.status?.phase ?? "Unknown");
    phases[phase] = (phases[phase] ?? 0) + 1;
  }
  return phases;
}

/** Why Pending pods wait: the scheduler's message (e.g. "Insufficient cpu") or a container's waiting reason. */
export function pendingReasons(pods: PodLike[]): string[] {
  const reasons = new Set<string>();
  for (const pod of pods) {
    if (pod.status?.phase !== "Pending" || pod.metadata?.deletionTimestamp) continue;
    const unscheduled = pod.status.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
    if (unscheduled) reasons.add(unscheduled.message ?? unscheduled.reason ?? "Unschedulable");
    for (const container of pod.status.containerStatuses ?? []) {
      const waiting = container.state?.waiting;
      if (waiting?.reason && waiting.reason !== "ContainerCreating") reasons.add(waiting.reason);
    }
  }
  return [...reasons];
}

/** HPA events not seen before (keyed by uid and count, so a repeated event shows again), as "Reason: message". */
export function newEvents(events: EventLike[], seen: Set<string>): string[] {
  const fresh: string[] = [];
  for (const event of events) {
    const key = `${event.metadata?.uid ?? event.message}#${event.count ?? 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(`${event.reason ?? "Event"}: ${event.message ?? ""}`.trim());
  }
  return fresh;
}

/** The load's figures for the interval since the previous sample. */
export interface SampleLoad {
  reqPerSec: number;
  p99Ms: number | null;
  /** Failed requests since load started (errors, timeouts and non-2xx). */
  failedTotal: number;
  /** Requests per second asked of the generator; null while a closed loop of clients runs, which asks no rate. */
  targetRate: number | null;
}

export interface SampleInput {
  t: number;
  hpa?: HpaLike;
  deployment?: DeploymentLike;
  pods: PodLike[];
  events: string[];
  /** Load figures for the interval; undefined before load starts or after it ends. */
  load?: SampleLoad;
  /** The target pods' latest CPU samples from metrics.k8s.io. */
  podCpu?: PodCpu[];
  /** Failed requests so far, carried over once load has ended. */
  failedTotal: number;
}

/** One row of the series from what was read at time t. */
export function toSample(input: SampleInput): Sample {
  const { hpa, deployment } = input;
  return {
    t: Math.round(input.t * 10) / 10,
    cpuUtilization: utilization(hpa, "cpu"),
    memoryUtilization: utilization(hpa, "memory"),
    desiredReplicas: hpa?.status?.desiredReplicas ?? null,
    currentReplicas: hpa?.status?.currentReplicas ?? deployment?.status?.replicas ?? null,
    readyReplicas: deployment?.status?.readyReplicas ?? 0,
    podPhases: podPhases(input.pods),
    pendingReasons: pendingReasons(input.pods),
    events: input.events,
    reqPerSec: Math.round((input.load?.reqPerSec ?? 0) * 10) / 10,
    p99Ms: input.load?.p99Ms ?? null,
    errors: input.load?.failedTotal ?? input.failedTotal,
    targetRate: input.load?.targetRate ?? null,
    podCpuMillicores:
      input.podCpu === undefined || input.podCpu.length === 0
        ? null
        : Math.round(input.podCpu.reduce((total, p) => total + p.millicores, 0)),
  };
}
