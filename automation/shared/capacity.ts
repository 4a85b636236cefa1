/**
 * Capacity, answered before the event: how many pods a scenario's peak needs,
 * how many the cluster has room for, and how many more nodes of a given size
 * would hold the rest. The room is measured (scale-test/room.ts) or that of
 * nodes the user describes; a node's size is its allocatable CPU, memory and
 * pod slots. Pure.
 */
import type { PodRequest } from "./results";
import { plural } from "./text";

/** One node's allocatable resources. */
export interface NodeSize {
  cpuMillicores: number;
  memoryBytes: number;
  /** Pod slots; the kubelet's default --max-pods is 110. */
  pods: number;
}

/** The kubelet's default --max-pods: a node's pod slots unless it says otherwise. */
export const DEFAULT_NODE_PODS = 110;

/** Pods of `request` an empty node of `size` holds: the scheduler's NodeResourcesFit on CPU, memory and slots. */
export function podsPerNode(size: NodeSize, request: PodRequest): number {
  const fit = (have: number, need: number) => (need > 0 ? Math.floor(have / need) : Infinity);
  return Math.max(
    0,
    Math.min(fit(size.cpuMillicores, request.cpuMillicores), fit(size.memoryBytes, request.memoryBytes), size.pods),
  );
}

/** `4 CPU`, `2.5 CPU`, `1500m CPU`. */
export function cpuText(millicores: number): string {
  return millicores >= 1000 && millicores % 100 === 0 ? `${millicores / 1000} CPU` : `${millicores}m CPU`;
}

/** `16Gi`, `1.5Gi`, `512Mi`. */
export function memoryText(bytes: number): string {
  const gi = bytes / 2 ** 30;
  if (gi >= 1) return `${Number.isInteger(gi) ? gi : gi.toFixed(1)}Gi`;
  return `${Math.round(bytes / 2 ** 20)}Mi`;
}

export interface CapacityInput {
  /** Whose peak, for the sentence: "the flash-sale scenario", "a constant 900m". */
  what: string;
  /** Whose pods: "backend". */
  target: string;
  /** The most pods the HPA may ask for at the peak: the band's upper side. */
  peakPods: number;
  request: PodRequest;
  /** The pods the cluster can run at once, and where that number comes from; undefined: no cluster known. */
  room?: { pods: number; source: string };
  /** The size of a node to add; undefined: none known. */
  nodeSize?: NodeSize;
}

/** The answer in numbers: how many more nodes of the size would hold the peak; null when that cannot be said. */
export interface CapacityAnswer {
  peakPods: number;
  roomPods: number | null;
  podsPerNode: number | null;
  moreNodes: number | null;
  sentence: string;
}

/**
 * "The flash-sale scenario peaks at up to 20 backend pods × 200m = 4000m CPU (5.0Gi
 * memory); the cluster has room for 8 (measured); 2 more nodes of 4 CPU, 16Gi
 * (9 pods each) would hold it."
 */
export function capacity(input: CapacityInput): CapacityAnswer {
  const { peakPods, request, room, nodeSize } = input;
  const cpu = peakPods * request.cpuMillicores;
  const memory = request.memoryBytes > 0 ? ` (${memoryText(peakPods * request.memoryBytes)} memory)` : "";
  const peak = `${input.what} peaks at up to ${plural(peakPods, `${input.target} pod`)} × ${request.cpuMillicores}m = ${cpu}m CPU${memory}`;
  const perNode = nodeSize ? podsPerNode(nodeSize, request) : null;
  const size = nodeSize ? `${cpuText(nodeSize.cpuMillicores)}, ${memoryText(nodeSize.memoryBytes)}` : "";
  if (!room) {
    const nodes = perNode ? Math.ceil(peakPods / perNode) : null;
    return {
      peakPods,
      roomPods: null,
      podsPerNode: perNode,
      moreNodes: nodes,
      sentence:
        nodes === null
          ? `${peak}; no cluster to check it against (pass --cluster, or --nodes with --node-cpu and --node-memory).`
          : `${peak}; ${plural(nodes, "node")} of ${size} (${perNode} pods each) would hold it.`,
    };
  }
  const has = `the cluster has room for ${room.pods} (${room.source})`;
  if (room.pods >= peakPods) {
    return {
      peakPods,
      roomPods: room.pods,
      podsPerNode: perNode,
      moreNodes: 0,
      sentence: `${peak}; ${has}, so it holds the peak with room for ${room.pods - peakPods} more.`,
    };
  }
  const short = peakPods - room.pods;
  const past = `pods past ${room.pods} stay Pending`;
  if (perNode === null) {
    return {
      peakPods,
      roomPods: room.pods,
      podsPerNode: null,
      moreNodes: null,
      sentence: `${peak}; ${has}, ${short} short: ${past}; pass --node-cpu and --node-memory to say how many more nodes would hold it.`,
    };
  }
  if (perNode === 0) {
    return {
      peakPods,
      roomPods: room.pods,
      podsPerNode: 0,
      moreNodes: null,
      sentence: `${peak}; ${has}, ${short} short: ${past}, and a node of ${size} holds no pod at that request.`,
    };
  }
  const more = Math.ceil(short / perNode);
  return {
    peakPods,
    roomPods: room.pods,
    podsPerNode: perNode,
    moreNodes: more,
    sentence: `${peak}; ${has}; ${plural(more, "more node")} of ${size} (${perNode} pods each) would hold it.`,
  };
}
