/**
 * Cluster-side preflight for the scale test: gathers facts with the client
 * library and hands them to the pure diagnoses in metrics-diagnosis.ts. Also
 * waits for the metrics API to serve the target's pods, which Pulumi's await
 * does not cover (it waits for Deployments and Services, not APIServices or HPAs).
 */
import { PreflightError } from "../shared/errors";
import { sleep } from "../shared/sleep";
import type { Kube } from "./kube";
import { diagnoseMetrics, MetricsFacts, missingRequests } from "./metrics-diagnosis";

const METRICS_API = "v1beta1.metrics.k8s.io";

const isNotFound = (err: unknown): boolean => (err as { code?: number }).code === 404;

/** `a=b,c=d` from a matchLabels map. */
export function labelSelector(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

/** Reads the APIService and the metrics-server pods behind it. */
export async function gatherMetricsFacts(kube: Kube): Promise<MetricsFacts> {
  let apiService;
  try {
    apiService = await kube.apiRegistration.readAPIService({ name: METRICS_API });
  } catch (err) {
    if (isNotFound(err)) return { pods: [] };
    throw err;
  }
  const available = apiService.status?.conditions?.find((c) => c.type === "Available");
  const ref = apiService.spec?.service;
  const facts: MetricsFacts = {
    apiService: {
      available: available?.status === "True",
      reason: available?.reason,
      message: available?.message,
      service: ref ? `${ref.namespace}/${ref.name}` : undefined,
    },
    pods: [],
  };
  if (!ref?.namespace || !ref.name) return facts;
  const service = await kube.core
    .readNamespacedService({ name: ref.name, namespace: ref.namespace })
    .catch(() => undefined);
  const selector = labelSelector(service?.spec?.selector);
  if (!selector) return facts;
  const pods = await kube.core.listNamespacedPod({ namespace: ref.namespace, labelSelector: selector });
  facts.pods = pods.items.map((pod) => ({
    name: pod.metadata?.name ?? "?",
    phase: pod.status?.phase ?? "Unknown",
    ready: pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    args: pod.spec?.containers.flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])]) ?? [],
  }));
  return facts;
}

/** The target Deployment's pod selector and ready replicas, after checking its containers request what the HPA measures. */
export async function checkWorkload(
  kube: Kube,
  target: string,
  namespace: string,
  deploymentName: string,
  needs: { cpu: boolean; memory: boolean },
): Promise<{ selector: string; readyReplicas: number }> {
  let deployment;
  try {
    deployment = await kube.apps.readNamespacedDeployment({ name: deploymentName, namespace });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw new PreflightError(
      `The ${target} Deployment ${namespace}/${deploymentName} does not exist; deploy the stack (drop --skip-deploy).`,
    );
  }
  const problem = missingRequests(target, deployment.spec?.template.spec?.containers ?? [], needs);
  if (problem) throw new PreflightError(problem);
  return {
    selector: labelSelector(deployment.spec?.selector.matchLabels),
    readyReplicas: deployment.status?.readyReplicas ?? 0,
  };
}

/**
 * Polls metrics.k8s.io until it reports every running pod of the target, then
 * until the HPA shows a CPU utilization: only then does load mean anything.
 * A new pod needs two metrics-server scrapes (2 × metricResolution) before it has a CPU rate.
 */
export async function waitForMetrics(
  kube: Kube,
  args: {
    namespace: string;
    selector: string;
    hpaName?: string;
    timeoutMs: number;
    /** Between polls; 5 s by default, a third of metrics-server's default resolution. */
    pollMs?: number;
    signal?: AbortSignal;
    onWait?: (text: string) => void;
  },
): Promise<void> {
  const deadline = Date.now() + args.timeoutMs;
  let status = "";
  while (Date.now() < deadline && !args.signal?.aborted) {
    status = await metricsStatus(kube, args.namespace, args.selector, args.hpaName).catch(
      (err) => `metrics API error: ${(err as Error).message.split("\n")[0]}`,
    );
    if (status === "ready") return;
    args.onWait?.(status);
    await sleep(Math.max(0, Math.min(args.pollMs ?? 5000, deadline - Date.now())), args.signal);
  }
  if (args.signal?.aborted) return;
  const problem = diagnoseMetrics(await gatherMetricsFacts(kube));
  throw new PreflightError(
    problem ??
      `The metrics API served no usable metrics for the target pods within ${Math.round(args.timeoutMs / 1000)} s (last seen: ${status}).`,
  );
}

async function metricsStatus(kube: Kube, namespace: string, selector: string, hpaName?: string): Promise<string> {
  const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: selector });
  const running = pods.items.filter((p) => p.status?.phase === "Running" && !p.metadata?.deletionTimestamp).length;
  const metrics = (await kube.custom.listNamespacedCustomObject({
    group: "metrics.k8s.io",
    version: "v1beta1",
    namespace,
    plural: "pods",
    labelSelector: selector,
  })) as { items?: unknown[] };
  const served = metrics.items?.length ?? 0;
  if (running === 0 || served < running) return `pod metrics for ${served} of ${running} running pods`;
  if (!hpaName) return "ready";
  const hpa = await kube.autoscaling.readNamespacedHorizontalPodAutoscaler({ name: hpaName, namespace });
  const cpu = hpa.status?.currentMetrics?.some(
    (m) => m.resource?.name === "cpu" && m.resource.current.averageUtilization !== undefined,
  );
  return cpu ? "ready" : `pod metrics served; HPA ${hpaName} has no CPU utilization yet`;
}
