/**
 * The checks between a prepared stack and the first request: the target is
 * not already scaled up by an earlier run, the cluster has room for the N
 * pods the test expects Ready (a run that cannot fit could only fail, for the
 * cluster's size), and how fast this cluster starts the target's pods, read
 * off the pods it runs now. Each refusal is one sentence naming what to change.
 */
import { LOADGEN_RESOURCES } from "../load";
import { PreflightError } from "../shared/errors";
import type { Room } from "../shared/results";
import { podReadySeconds } from "./cluster-timing";
import type { ScaleTestOptions } from "./options";
import type { Prepared } from "./prepare";
import type { Progress } from "./progress";
import { describeRoom, measureRoom, podRequest, typicalNodeSize } from "./room";
import { envelope } from "../hpa-model";
import { envelopeChanges, modelDemand, ratePhases, type ResolvedScenario } from "../scenario";
import { capacity } from "../shared/capacity";
import type { PodLike } from "./sample";

/** Refuses to start on replicas left over from an earlier run: they would pass for a scale-up. */
export function checkNotScaledUp(options: ScaleTestOptions, p: Prepared, n: number): void {
  const hpa = p.config.autoscaling;
  if (p.readyReplicas >= n && hpa.minReplicas < n) {
    throw new PreflightError(
      `${options.target} already runs ${p.readyReplicas} ready replicas, at or above the ${n} the test expects to scale up to: an earlier run has not scaled down yet; wait for it (scale-down stabilization ${hpa.scaleDown.stabilizationWindowSeconds} s) or pass a higher --expect-replicas.`,
    );
  }
}

/** Which of a selector's `key=value` pairs a pod must carry. */
function selectorLabels(selector: string): Record<string, string> {
  return Object.fromEntries(selector.split(",").map((pair) => pair.split("=", 2) as [string, string]));
}

/**
 * Measures how many target pods the cluster can run, with the in-cluster load
 * pods about to be created counted in, and refuses a run whose N cannot fit.
 * Returns the room and the sentence that described it.
 */
export async function checkRoom(
  options: ScaleTestOptions,
  p: Prepared,
  n: number,
  io: Progress,
): Promise<{ room: Room; said: string }> {
  const request = podRequest({
    containers: [{ name: options.target, resources: { requests: { ...p.config.resources.requests } } }],
  });
  const loadPods = p.from === "cluster" ? options.loadPods : 0;
  const reserve = Array.from({ length: loadPods }, () =>
    podRequest({
      containers: [{ name: "loadgen", resources: { requests: { ...LOADGEN_RESOURCES.requests } } }],
    }),
  );
  const room = await measureRoom(
    p.kube.core,
    { namespace: p.namespace, labels: selectorLabels(p.selector), request, placement: p.config.scheduling },
    reserve,
  );
  const said = describeRoom(room, p.workload.deploymentName, request, loadPods);
  io.note(said);
  if (room.pods < n) {
    throw new PreflightError(
      `The cluster has room for ${room.pods} ${p.workload.deploymentName} pods at their requests, fewer than the ${n} the test expects Ready, so the run could only fail for the cluster's size: free or add node capacity, lower ${options.target}.resources.requests, or pass --expect-replicas ${Math.max(1, room.pods)}.`,
    );
  }
  return { room, said };
}

/**
 * How long this cluster took to start the target's pods, creation to Ready,
 * s: the fastest and slowest of the pods it runs now. Undefined when none
 * shows both times. A pod that turned Ready again later (a restart) reads
 * slow; that only widens the planned band, which the run then narrows with
 * the new pods it times itself.
 */
export function startToReady(pods: PodLike[]): { min: number; max: number } | undefined {
  const seconds = podReadySeconds(pods, 0);
  if (seconds.length === 0) return undefined;
  return { min: Math.floor(Math.min(...seconds)), max: Math.ceil(Math.max(...seconds)) };
}

/**
 * Whether the room holds the scenario's peak, before the event: the most
 * replicas the envelope of the declared config lets the HPA ask for through
 * the scenario (with room enough: what it needs), against the room measured;
 * and how many more nodes like most of the cluster's would hold what does not
 * fit. A scenario that gives a rate needs a request's cost, known only once
 * the run has measured it, so its peak is not said here.
 */
export function scenarioCapacity(
  scenario: ResolvedScenario,
  p: Prepared,
  room: Room,
  envelopeOf: typeof envelope = envelope,
): string {
  const target = scenario.scenario.target;
  if (ratePhases(scenario).length > 0) {
    return `Capacity: scenario ${scenario.scenario.name} gives a rate, so its peak is known only from the request's cost this run measures.`;
  }
  const band = envelopeOf({
    workload: p.config,
    demand: modelDemand(scenario),
    fromSeconds: 0,
    toSeconds: scenario.totalSeconds,
    initialReplicas: p.config.autoscaling.minReplicas,
    model: { metricResolutionSeconds: p.metricResolutionSeconds },
    changes: envelopeChanges(scenario),
  });
  if (band.points.length === 0)
    return `Capacity: the envelope of scenario ${scenario.scenario.name} is empty, so its peak is not known.`;
  const answer = capacity({
    what: `The ${scenario.scenario.name} scenario`,
    target,
    peakPods: Math.max(...band.points.map((pt) => pt.maxDesired)),
    request: podRequest({
      containers: [{ name: target, resources: { requests: { ...p.config.resources.requests } } }],
    }),
    room: { pods: room.pods, source: "measured" },
    nodeSize: typicalNodeSize(room),
  });
  return `Capacity: ${answer.sentence}`;
}
