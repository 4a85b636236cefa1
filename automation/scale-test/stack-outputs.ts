/**
 * The contract between the Pulumi program (index.ts exports) and the scale
 * test, and the pure conversions from what the Automation API returns.
 */
import type { Target } from "../shared/results";

/** Per-workload outputs exported by index.ts. */
export interface WorkloadOutputs {
  deploymentName: string;
  serviceName: string;
  /** Absent when autoscaling is disabled for the workload. */
  hpaName?: string;
  serviceType: string;
  port: number;
  nodePort?: number;
  minReplicas: number;
  maxReplicas: number;
}

export interface StackOutputs {
  namespace: string;
  backend: WorkloadOutputs;
  frontend: WorkloadOutputs;
}

/** The Automation API's OutputMap / ConfigMap shape: `{ key: { value, secret } }`. */
export type ValueMap = Record<string, { value: unknown; secret?: boolean }>;

function requireField<T>(target: string, object: Record<string, unknown>, key: string, type: "string" | "number"): T {
  const value = object[key];
  if (typeof value !== type) {
    throw new Error(
      `Stack output ${target}.${key} is ${JSON.stringify(value)}, expected a ${type}; is index.ts exporting it?`,
    );
  }
  return value as T;
}

function workload(outputs: ValueMap, name: Target): WorkloadOutputs {
  const raw = outputs[name]?.value;
  if (typeof raw !== "object" || raw === null) {
    throw new Error(
      `Stack output "${name}" is missing; deploy the stack first (drop --skip-deploy) or check index.ts's exports.`,
    );
  }
  const o = raw as Record<string, unknown>;
  const optional = (key: string, type: "string" | "number") =>
    o[key] === undefined || o[key] === null ? undefined : requireField(name, o, key, type);
  return {
    deploymentName: requireField(name, o, "deploymentName", "string"),
    serviceName: requireField(name, o, "serviceName", "string"),
    hpaName: optional("hpaName", "string") as string | undefined,
    serviceType: requireField(name, o, "serviceType", "string"),
    port: requireField(name, o, "port", "number"),
    nodePort: optional("nodePort", "number") as number | undefined,
    minReplicas: requireField(name, o, "minReplicas", "number"),
    maxReplicas: requireField(name, o, "maxReplicas", "number"),
  };
}

/** Checks and types the stack outputs; throws a sentence naming the first bad one. */
export function parseOutputs(outputs: ValueMap): StackOutputs {
  const namespace = outputs.namespace?.value;
  if (typeof namespace !== "string") {
    throw new Error(
      "Stack output namespace is missing; deploy the stack first (drop --skip-deploy) or check index.ts's exports.",
    );
  }
  return { namespace, backend: workload(outputs, "backend"), frontend: workload(outputs, "frontend") };
}

/** How to reach the Service from this machine: its NodePort on loopback. Never a port-forward (one pod only). */
export function serviceUrl(w: WorkloadOutputs, target: Target): string {
  if (w.nodePort === undefined) {
    throw new Error(
      `The ${target} Service (${w.serviceName}) is ${w.serviceType} with no nodePort, so it is not reachable from this machine; pass --url, or set feastflow:${target}.service.type to NodePort.`,
    );
  }
  return `http://127.0.0.1:${w.nodePort}`;
}
