/**
 * The sync loop: the HPA controller run second by second against the
 * simulated cluster under a load profile.
 */
import { cpuMillicores } from "../../components/quantity";
import type { LoadProfile } from "./load-profile";
import { countReady, deliver, initialPods, podView, resizePods, scrape, serveLoad } from "./simulated-cluster";
import { HpaController, type Decision } from "./controller";
import { checkedModelOptions, type ModelOptions } from "./options";
import { specSchedule, type HpaChange, type HpaSpec, type ModelWorkload } from "./spec";

/** The model's state at one HPA sync. */
export interface TimelinePoint {
  /** Seconds since load start. */
  t: number;
  demandMillicores: number;
  /** CPU utilization the HPA reported at this sync (percent of request), null when it had no CPU metric. */
  cpuUtilization: number | null;
  memoryUtilization: number | null;
  /** Deployment spec.replicas after this sync. */
  desiredReplicas: number;
  readyReplicas: number;
  action: string;
}

/** A change of the Ready pod count, at the second it happened. */
export interface ReadyChange {
  t: number;
  readyReplicas: number;
}

export interface Simulation {
  /** One point per HPA sync. */
  timeline: TimelinePoint[];
  /** Every change of the Ready count, also between syncs. */
  readyChanges: ReadyChange[];
  spec: HpaSpec;
  options: ModelOptions;
}

function isTick(t: number, period: number, offset: number): boolean {
  const phase = ((offset % period) + period) % period;
  return t >= phase && (t - phase) % period === 0;
}

function timelinePoint(t: number, demand: number, synced: Decision, readyReplicas: number): TimelinePoint {
  const { cpuUtilization, memoryUtilization, desiredReplicas, action } = synced;
  return { t, demandMillicores: demand, cpuUtilization, memoryUtilization, desiredReplicas, readyReplicas, action };
}

/**
 * Runs the controller against a load profile for `durationSeconds`, second by
 * second: scrapes, then the sync, then one second of load spread over the
 * Ready pods (the Service only routes to Ready endpoints), each capped at its
 * CPU limit. `changes` update the HPA's autoscaling config under load; each
 * sync reads the spec in force at its second.
 */
export function simulate(
  workload: ModelWorkload,
  profile: LoadProfile,
  durationSeconds: number,
  options: Partial<ModelOptions> = {},
  changes: readonly HpaChange[] = [],
): Simulation {
  const o = checkedModelOptions(options);
  const specs = specSchedule(workload, changes, o.downscaleStabilizationSeconds);
  const spec = specs[0].spec;
  const controller = new HpaController(spec, o);
  let nextSpec = 1;
  const limit = cpuMillicores(workload.resources.limits.cpu) ?? Infinity;
  let replicas = o.initialReplicas ?? spec.minReplicas;
  let pods = initialPods(replicas, o);
  const timeline: TimelinePoint[] = [];
  const readyChanges: ReadyChange[] = [{ t: 0, readyReplicas: replicas }];

  for (let t = 0; t <= durationSeconds; t++) {
    if (isTick(t, o.metricResolutionSeconds, o.scrapeOffsetSeconds)) scrape(pods, t, o);
    else if (o.metricLagSeconds > 0) deliver(pods, t);
    const demand = Math.max(0, profile(t));
    let synced: Decision | undefined;
    if (isTick(t, o.syncPeriodSeconds, o.syncOffsetSeconds)) {
      while (nextSpec < specs.length && specs[nextSpec].from <= t) controller.spec = specs[nextSpec++].spec;
      synced = controller.reconcile(
        t,
        replicas,
        pods.map((p) => podView(p, t)),
      );
      pods = resizePods(pods, replicas, synced.desiredReplicas, t, o);
      replicas = synced.desiredReplicas;
    }
    const ready = countReady(pods, t);
    if (ready !== readyChanges[readyChanges.length - 1].readyReplicas) readyChanges.push({ t, readyReplicas: ready });
    if (synced) timeline.push(timelinePoint(t, demand, synced, ready));
    serveLoad(pods, t, ready > 0 ? Math.min(demand / ready, limit) : 0);
  }
  return { timeline, readyChanges, spec, options: o };
}
