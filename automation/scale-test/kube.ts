/**
 * Connects to the cluster with @kubernetes/client-node. The library is
 * ESM-only; Node 20.19+ can `require` it, and the dynamic import below keeps
 * it off the start-up path of commands that fail before they need a cluster.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import type * as K8s from "@kubernetes/client-node";
import { PreflightError } from "../shared/errors";

export type K8sModule = typeof K8s;

/** API clients the scale test uses, built from one kubeconfig. */
export interface Kube {
  k8s: K8sModule;
  config: K8s.KubeConfig;
  server: string;
  core: K8s.CoreV1Api;
  apps: K8s.AppsV1Api;
  autoscaling: K8s.AutoscalingV2Api;
  custom: K8s.CustomObjectsApi;
  apiRegistration: K8s.ApiregistrationV1Api;
}

/** Loads the client library (ESM) from CommonJS. */
async function loadClient(): Promise<K8sModule> {
  return import("@kubernetes/client-node");
}

/**
 * Why no kubeconfig can be used, or undefined when one exists. Mirrors the
 * client's lookup: $KUBECONFIG's first file, else ~/.kube/config, else the
 * in-cluster service account.
 */
export function kubeconfigProblem(
  env: NodeJS.ProcessEnv,
  home: string,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const files = (env.KUBECONFIG ?? "").split(delimiter).filter(Boolean);
  if (files.length > 0) {
    const missing = files.find((file) => !exists(file));
    return missing === undefined
      ? undefined
      : `No kubeconfig: KUBECONFIG names ${missing}, which does not exist; start the cluster (npm run cluster:up, or kind create cluster --name feastflow --config apps/kind-cluster.yaml) or point KUBECONFIG at its kubeconfig.`;
  }
  if (exists(join(home, ".kube", "config")) || env.KUBERNETES_SERVICE_HOST) return undefined;
  return "No kubeconfig: KUBECONFIG is unset and ~/.kube/config does not exist; start a cluster (npm run cluster:up, or kind create cluster --name feastflow --config apps/kind-cluster.yaml) or set KUBECONFIG.";
}

/** Rejects after `ms` with `message`, so an unreachable API server cannot hang the preflight. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Loads the kubeconfig, proves the API server answers, and returns the clients. */
export async function connect(timeoutMs = 10_000): Promise<Kube> {
  const problem = kubeconfigProblem(process.env, homedir());
  if (problem) throw new PreflightError(problem);
  const k8s = await loadClient();
  const config = new k8s.KubeConfig();
  try {
    config.loadFromDefault();
  } catch (err) {
    throw new PreflightError(
      `The kubeconfig could not be read (${(err as Error).message}); fix it or point KUBECONFIG elsewhere.`,
    );
  }
  const server = config.getCurrentCluster()?.server ?? "(no current cluster)";
  try {
    await withTimeout(
      config.makeApiClient(k8s.VersionApi).getCode(),
      timeoutMs,
      `no answer within ${timeoutMs / 1000} s`,
    );
  } catch (err) {
    throw new PreflightError(
      `The cluster at ${server} is unreachable (${(err as Error).message}); start it (npm run cluster:up, or kind create cluster --name feastflow --config apps/kind-cluster.yaml) or select a running one in your kubeconfig.`,
    );
  }
  return {
    k8s,
    config,
    server,
    core: config.makeApiClient(k8s.CoreV1Api),
    apps: config.makeApiClient(k8s.AppsV1Api),
    autoscaling: config.makeApiClient(k8s.AutoscalingV2Api),
    custom: config.makeApiClient(k8s.CustomObjectsApi),
    apiRegistration: config.makeApiClient(k8s.ApiregistrationV1Api),
  };
}
