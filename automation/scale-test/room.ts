/**
 * How many of the target's pods the cluster has room for, measured before
 * load: each node the pods may use (Ready, not cordoned, carrying the
 * nodeSelector's labels, every NoSchedule/NoExecute taint tolerated), its
 * allocatable CPU, memory and pod slots, less
 * what the pods already on it request, divided by one pod's request. Pods the
 * HPA asks for past that room stay Pending, whatever the HPA does, so the
 * envelope must not expect them Ready. Capacity is the host's, so it is read
 * at run time, never assumed.
 */
import type * as K8s from "@kubernetes/client-node";
import { cpuMillicores, memoryBytes } from "../../components/quantity";
import type { SchedulingConfig, Toleration } from "../../components/config";
import type { NodeSize } from "../shared/capacity";
import type { NodeRoom, PodRequest, Room } from "../shared/results";

export type { NodeRoom, PodRequest, Room };

/** Where the target's pods may go: its stack's nodeSelector and tolerations. */
export type Placement = SchedulingConfig;
const ANYWHERE: Placement = { nodeSelector: {}, tolerations: [] };

const TERMINAL = new Set(["Succeeded", "Failed"]);

/** A pod's scheduling request: its containers' sum, or its largest init container if larger, plus overhead. */
export function podRequest(spec: K8s.V1PodSpec | undefined): PodRequest {
  const of = (c: K8s.V1Container) => ({
    cpuMillicores: cpuMillicores(String(c.resources?.requests?.cpu ?? "0")) ?? 0,
    memoryBytes: memoryBytes(String(c.resources?.requests?.memory ?? "0")) ?? 0,
  });
  const sum = (spec?.containers ?? [])
    .map(of)
    .reduce(
      (a, b) => ({ cpuMillicores: a.cpuMillicores + b.cpuMillicores, memoryBytes: a.memoryBytes + b.memoryBytes }),
      { cpuMillicores: 0, memoryBytes: 0 },
    );
  for (const init of (spec?.initContainers ?? []).map(of)) {
    sum.cpuMillicores = Math.max(sum.cpuMillicores, init.cpuMillicores);
    sum.memoryBytes = Math.max(sum.memoryBytes, init.memoryBytes);
  }
  sum.cpuMillicores += cpuMillicores(String(spec?.overhead?.cpu ?? "0")) ?? 0;
  sum.memoryBytes += memoryBytes(String(spec?.overhead?.memory ?? "0")) ?? 0;
  return sum;
}

/** Kubernetes' rule (ToleratesTaint): an empty key or effect matches any; Exists ignores the value. */
export function tolerates(t: Toleration, taint: K8s.V1Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  return t.operator === "Exists" || (t.value ?? "") === (taint.value ?? "");
}

/** Why the scheduler would not place pods of `placement` on a node, or undefined when it might. */
function unusable(node: K8s.V1Node, placement: Placement): string | undefined {
  const name = node.metadata?.name ?? "?";
  if (node.spec?.unschedulable) return `${name} is cordoned`;
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  if (ready?.status !== "True") return `${name} is not Ready`;
  const taint = node.spec?.taints?.find(
    (t) =>
      (t.effect === "NoSchedule" || t.effect === "NoExecute") &&
      !placement.tolerations.some((tol) => tolerates(tol, t)),
  );
  if (taint) return `${name} has the taint ${taint.key}:${taint.effect}`;
  const missing = Object.entries(placement.nodeSelector).find(([k, v]) => node.metadata?.labels?.[k] !== v);
  if (missing) return `${name} lacks the label ${missing[0]}=${missing[1]}`;
  return undefined;
}

/** What a node has left for pods, as the scheduler counts it from requests. */
interface Free {
  cpu: number;
  memory: number;
  pods: number;
  /** The in-cluster load's pods may land here. */
  loadable: boolean;
  allocatable: NonNullable<NodeRoom["allocatable"]>;
}

/** Each usable node's allocatable, free before any pod; the nodes the target cannot use, each with why. */
function freeOnNodes(nodes: K8s.V1Node[], placement: Placement): { free: Map<string, Free>; skipped: string[] } {
  const skipped: string[] = [];
  const free = new Map<string, Free>();
  for (const node of nodes) {
    const why = unusable(node, placement);
    if (why) {
      skipped.push(why);
      continue;
    }
    const a = node.status?.allocatable ?? {};
    const allocatable = {
      cpuMillicores: cpuMillicores(String(a.cpu ?? "0")) ?? 0,
      memoryBytes: memoryBytes(String(a.memory ?? "0")) ?? 0,
      pods: Number(a.pods ?? 0),
    };
    free.set(node.metadata?.name ?? "?", {
      cpu: allocatable.cpuMillicores,
      memory: allocatable.memoryBytes,
      pods: allocatable.pods,
      allocatable,
      // The load pods tolerate nothing and select nothing.
      loadable: unusable(node, ANYWHERE) === undefined,
    });
  }
  return { free, skipped };
}

function take(room: Free, r: PodRequest): void {
  room.cpu -= r.cpuMillicores;
  room.memory -= r.memoryBytes;
  room.pods -= 1;
}

/**
 * The room for pods of `request`. `isTarget` tells the target's own pods;
 * `reserve` are pods about to be created elsewhere (the in-cluster load), each
 * placed on the node with the most free CPU, as the scheduler's spreading would.
 */
export function roomFor(
  nodes: K8s.V1Node[],
  pods: K8s.V1Pod[],
  request: PodRequest,
  isTarget: (pod: K8s.V1Pod) => boolean,
  reserve: PodRequest[] = [],
  placement: Placement = ANYWHERE,
): Room {
  const { free, skipped } = freeOnNodes(nodes, placement);
  let scheduled = 0;
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (!node || TERMINAL.has(pod.status?.phase ?? "")) continue;
    if (isTarget(pod)) scheduled++;
    const room = free.get(node);
    if (!room) continue;
    take(room, podRequest(pod.spec));
  }
  for (const r of reserve) {
    const roomiest = [...free.values()].filter((f) => f.loadable).sort((a, b) => b.cpu - a.cpu)[0];
    if (!roomiest) break;
    take(roomiest, r);
  }
  const fit = (have: number, need: number) => (need > 0 ? Math.floor(have / need) : Infinity);
  const nodeRooms: NodeRoom[] = [...free.entries()].map(([name, f]) => ({
    name,
    freeCpuMillicores: f.cpu,
    freeMemoryBytes: f.memory,
    freePods: f.pods,
    allocatable: f.allocatable,
    fits: Math.max(0, Math.min(fit(f.cpu, request.cpuMillicores), fit(f.memory, request.memoryBytes), f.pods)),
  }));
  return { pods: scheduled + nodeRooms.reduce((n, r) => n + r.fits, 0), scheduled, nodes: nodeRooms, skipped };
}

const gib = (bytes: number) =>
  bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)}Gi` : `${Math.round(bytes / 2 ** 20)}Mi`;

/** Nodes left out that the sentence names; the rest are counted. */
const SKIPPED_SHOWN = 3;

/** Node names in the order people count them: feastflow-sim-2 before feastflow-sim-10. */
const byName = new Intl.Collator("en", { numeric: true }).compare;

/** Nodes with the same free room, in name order, each group where its first node falls: fifty like nodes read as one. */
function sameRoom(nodes: NodeRoom[]): NodeRoom[][] {
  const key = (n: NodeRoom) => `${n.freeCpuMillicores}/${n.freeMemoryBytes}/${n.freePods}`;
  const groups = new Map<string, NodeRoom[]>();
  for (const n of [...nodes].sort((a, b) => byName(a.name, b.name))) {
    const group = groups.get(key(n));
    if (group) group.push(n);
    else groups.set(key(n), [n]);
  }
  return [...groups.values()];
}

/** A group's names: all of a few, the ends of an unbroken run, or the first few of a scattered one. */
function groupNames(group: NodeRoom[], all: NodeRoom[]): string {
  if (group.length <= SKIPPED_SHOWN) return group.map((n) => n.name).join(", ");
  const order = [...all].sort((a, b) => byName(a.name, b.name));
  const first = order.indexOf(group[0]);
  const unbroken = group.every((n, i) => order[first + i] === n);
  return unbroken
    ? `${group[0].name} … ${group[group.length - 1].name}`
    : `${group
        .slice(0, SKIPPED_SHOWN)
        .map((n) => n.name)
        .join(", ")} and ${group.length - SKIPPED_SHOWN} more`;
}

/** The room in one sentence, for the run's derivation. */
export function describeRoom(room: Room, target: string, request: PodRequest, reserved: number): string {
  const nodes = sameRoom(room.nodes)
    .map((group) => {
      const n = group[0];
      const free = `${n.freeCpuMillicores}m CPU, ${gib(n.freeMemoryBytes)}, ${n.freePods} pod slots free`;
      return group.length === 1
        ? `${n.name}: ${free}`
        : `${group.length} nodes (${groupNames(group, room.nodes)}): ${free} each`;
    })
    .join("; ");
  const each = `${request.cpuMillicores}m CPU and ${gib(request.memoryBytes)} each`;
  const load = reserved > 0 ? ` after ${reserved} load pod${reserved === 1 ? "" : "s"}` : "";
  const shown = room.skipped.slice(0, SKIPPED_SHOWN).join(", ");
  const more = room.skipped.length - SKIPPED_SHOWN;
  const left = room.skipped.length > 0 ? `; left out: ${shown}${more > 0 ? ` and ${more} more` : ""}` : "";
  return (
    `Room: the cluster fits ${room.pods} ${target} pods at ${each} (${room.scheduled} running, ` +
    `${room.pods - room.scheduled} more${load}; ${nodes || "no schedulable node"}${left}); pods past ${room.pods} stay Pending.`
  );
}

/**
 * The size of a node like most of those the pods may use (their commonest
 * allocatable; of equally common ones, the largest): what "one more node"
 * means on this cluster. Undefined without a usable node.
 */
export function typicalNodeSize(room: Room): NodeSize | undefined {
  const counts = new Map<string, { size: NodeSize; n: number }>();
  for (const node of room.nodes) {
    if (!node.allocatable) continue;
    const key = JSON.stringify(node.allocatable);
    const seen = counts.get(key);
    if (seen) seen.n++;
    else counts.set(key, { size: node.allocatable, n: 1 });
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n || b.size.cpuMillicores - a.size.cpuMillicores)[0];
  return best && { ...best.size };
}

/** Reads the nodes and every pod and measures the room for the target's pods. */
export async function measureRoom(
  core: K8s.CoreV1Api,
  target: { namespace: string; labels: Record<string, string>; request: PodRequest; placement: Placement },
  reserve: PodRequest[],
): Promise<Room> {
  const [nodes, pods] = await Promise.all([core.listNode(), core.listPodForAllNamespaces()]);
  const isTarget = (pod: K8s.V1Pod) =>
    pod.metadata?.namespace === target.namespace &&
    Object.entries(target.labels).every(([k, v]) => pod.metadata?.labels?.[k] === v);
  return roomFor(nodes.items, pods.items, target.request, isTarget, reserve, target.placement);
}
