/**
 * Where the planner checks a peak: the room the kubeconfig's cluster has now
 * for the target's pods (the scale test's own measure, scale-test/room.ts), or
 * that of the empty nodes the user describes; none when neither is asked for.
 */
import type { FeastflowConfig, WorkloadConfig } from "../../components/config";
import { workloadNames } from "../../components/names";
import { cpuText, memoryText, podsPerNode, type NodeSize } from "../shared/capacity";
import { podRequest } from "../scale-test/room";
import type { PodRequest } from "../shared/results";
import type { PlanOptions } from "./args";

/** The room a plan judges by: how many target pods fit, where the number comes from, the node to add. */
export interface PlanRoom {
  pods: number;
  source: string;
  nodeSize?: NodeSize;
  /** The measured room in one sentence, for the heading. */
  said?: string;
}

/** One pod's scheduling request, from the stack's config. */
export function requestOf(workload: WorkloadConfig): PodRequest {
  const { cpu, memory } = workload.resources.requests;
  // Read as the scale test's room reads a pod spec, so both count one pod alike.
  return podRequest({ containers: [{ name: "target", resources: { requests: { cpu, memory } } }] });
}

/** The room for `plan.target`'s pods, or undefined when the plan has no cluster to check. */
export async function planRoom(
  plan: PlanOptions,
  config: FeastflowConfig,
  io: { err: (text: string) => void },
): Promise<PlanRoom | undefined> {
  const cluster = plan.cluster;
  if (!cluster) return undefined;
  const workload = config[plan.target];
  const request = requestOf(workload);
  if (cluster.from === "described") {
    const { nodes, nodeSize } = cluster;
    const size = `${cpuText(nodeSize.cpuMillicores)}, ${memoryText(nodeSize.memoryBytes)}`;
    return {
      pods: nodes * podsPerNode(nodeSize, request),
      source: `${nodes} empty ${nodes === 1 ? "node" : "nodes"} of ${size}, as described`,
      nodeSize,
    };
  }
  const { connect } = await import("../scale-test/kube");
  const { describeRoom, measureRoom, typicalNodeSize } = await import("../scale-test/room");
  io.err("plan: reading the cluster's nodes and pods for the room...");
  const kube = await connect();
  const names = workloadNames(plan.target);
  const room = await measureRoom(
    kube.core,
    { namespace: config.namespace, labels: names.selector, request, placement: workload.scheduling },
    [],
  );
  return {
    pods: room.pods,
    source: `measured at ${kube.server}`,
    nodeSize: cluster.nodeSize ?? typicalNodeSize(room),
    said: describeRoom(room, names.workload, request, 0),
  };
}
