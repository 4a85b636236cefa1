/**
 * Where the scale test's load comes from, and the generator that sends it.
 * From this machine when the Service has a NodePort here; from a Job of load
 * pods inside the cluster when the Service is ClusterIP only, when the
 * cluster is not this machine (its NodePorts are elsewhere), or when asked
 * (--load-from). Simulated load, asked for by name only, sends no request:
 * it tells each Ready pod on simulated nodes its share of the demand's CPU
 * (load/simulated.ts). The choice is made once, in prepare.ts; calibrate.ts
 * opens the load with openLoad and drives the LoadRun it gets, whichever it is.
 */
import {
  clusterLoadGenerator,
  isLoopback,
  kubeLoadCluster,
  kubeSimulatedPods,
  localAddresses,
  localLoadGenerator,
  simulatedLoadGenerator,
  SIMULATED_REQUEST_COST_MS,
  serviceHost,
  type JobTiming,
  type KubeHandle,
  type LoadCluster,
  type LoadGenerator,
  type LoadRun,
} from "../load";
import { cpuMillicores } from "../../components/quantity";
import type { WorkloadConfig } from "../../components/config";
import { InterruptedError, PreflightError } from "../shared/errors";
import type { LoadFrom } from "./load-options";
import type { ScaleTestOptions } from "./options";
import type { Progress } from "./progress";
import { serviceUrl, type WorkloadOutputs } from "./stack-outputs";

type Choice = Pick<ScaleTestOptions, "url" | "loadFrom" | "target">;

/** True when the apiserver's address is this machine's: then its NodePorts are reachable here. */
export function clusterIsHere(server: string, local: string[] = localAddresses()): boolean {
  let host: string;
  try {
    host = new URL(server).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return false;
  }
  return isLoopback(host) || local.includes(host);
}

/** Where the load comes from for this Service on this cluster; throws when local load cannot reach it. */
export function loadFrom(options: Choice, workload: WorkloadOutputs, server: string, local?: string[]): LoadFrom {
  if (options.url !== undefined) return "local";
  if (options.loadFrom === "simulated") return "simulated";
  const here = clusterIsHere(server, local);
  if (options.loadFrom === "local") {
    if (!here) {
      throw new PreflightError(
        `The cluster at ${server} is not this machine, so the ${options.target} Service's NodePort is not here to load; load from the cluster (drop --load-from local) or pass --url.`,
      );
    }
    if (workload.nodePort === undefined) {
      throw new PreflightError(
        `The ${options.target} Service (${workload.serviceName}) is ${workload.serviceType} without a nodePort, so this machine cannot reach it; load from the cluster (drop --load-from local) or pass --url.`,
      );
    }
    return "local";
  }
  if (options.loadFrom === "cluster") return "cluster";
  return workload.nodePort === undefined || !here ? "cluster" : "local";
}

/**
 * The URL the load goes to, path included: the NodePort on loopback (or
 * --url) from this machine; the Service's cluster name from inside, on the
 * port the stack exports.
 */
export function loadUrl(
  options: Pick<ScaleTestOptions, "url" | "target" | "path">,
  at: { workload: WorkloadOutputs; namespace: string; from: LoadFrom },
): string {
  if (at.from === "simulated")
    return `simulated://${serviceHost(at.workload.serviceName, at.namespace)}${options.path}`;
  if (at.from === "cluster") {
    return `http://${serviceHost(at.workload.serviceName, at.namespace)}:${at.workload.port}${options.path}`;
  }
  return `${(options.url ?? serviceUrl(at.workload, options.target)).replace(/\/$/, "")}${options.path}`;
}

/** A generator whose target answered the probe; start() begins the load. */
export interface OpenedLoad {
  probeMs: number;
  start(rate: number): Promise<LoadRun>;
}

/** Where the load goes, decided once before any load: what openLoad needs of the prepared run. */
export interface LoadTarget {
  kube: KubeHandle;
  namespace: string;
  workload: WorkloadOutputs;
  /** The Service's base URL plus the path. */
  url: string;
  from: LoadFrom;
  /** The target's pods, and their config: where simulated load writes each pod's share, capped at its CPU limit. */
  selector: string;
  config: Pick<WorkloadConfig, "resources">;
}

/**
 * Opens the generator the options ask for and probes the target's idle
 * latency with it. Whatever goes wrong, the generator is closed first (a
 * cluster run's Job removed), and a target that does not answer is said so.
 */
export async function openLoad(
  p: LoadTarget,
  options: ScaleTestOptions,
  ctx: { io: Progress; signal: AbortSignal },
  maxSeconds: number,
  seams: {
    makeCluster?: (kube: KubeHandle, namespace: string) => LoadCluster;
    timing?: Partial<JobTiming>;
  } = {},
): Promise<OpenedLoad> {
  const makeCluster = seams.makeCluster ?? kubeLoadCluster;
  const limit = (): number | undefined => {
    const cpu = p.config.resources.limits.cpu;
    return cpu === undefined ? undefined : cpuMillicores(cpu);
  };
  const generator: LoadGenerator =
    p.from === "simulated"
      ? simulatedLoadGenerator({
          pods: kubeSimulatedPods(p.kube, p.namespace, p.selector),
          costMs: SIMULATED_REQUEST_COST_MS,
          limitMillicores: limit(),
          maxSeconds,
          warn: ctx.io.warn,
        })
      : p.from === "local"
        ? localLoadGenerator({ url: p.url, connections: options.connections, maxSeconds })
        : clusterLoadGenerator({
            cluster: makeCluster(p.kube, p.namespace),
            namespace: p.namespace,
            service: { name: p.workload.serviceName, port: p.workload.port },
            url: p.url,
            pods: options.loadPods,
            connections: options.connections,
            image: options.loadgenImage,
            maxSeconds,
            signal: ctx.signal,
            note: ctx.io.note,
            timing: seams.timing,
          });
  let probeMs: number;
  try {
    probeMs = await generator.probe();
  } catch (err) {
    await generator.close();
    if (err instanceof PreflightError || err instanceof InterruptedError) throw err;
    throw new PreflightError(`The load target ${p.url} does not answer as it should: ${(err as Error).message}.`);
  }
  return {
    probeMs,
    start: async (rate) => {
      try {
        return await generator.start(rate);
      } catch (err) {
        await generator.close();
        throw err;
      }
    },
  };
}
