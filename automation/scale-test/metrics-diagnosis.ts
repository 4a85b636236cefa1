/**
 * Pure diagnosis of why the metrics API does not serve, from facts the
 * adapter (cluster-checks.ts) gathered. Each answer is one sentence a user can
 * act on; undefined means nothing looks wrong.
 */

export interface MetricsFacts {
  /** The v1beta1.metrics.k8s.io APIService; undefined when it is not registered. */
  apiService?: { available: boolean; reason?: string; message?: string; service?: string };
  /** metrics-server pods behind the APIService's Service. */
  pods: Array<{ name: string; ready: boolean; phase: string; args: string[] }>;
}

const KIND_TLS_HINT =
  "on KIND (self-signed kubelet certificates) metrics-server needs --kubelet-insecure-tls, without it its readiness never passes and Pulumi's Deployment await times out after 10 minutes; set feastflow:metricsServer.kubeletInsecureTls to true";

/** Why metrics.k8s.io does not serve, or undefined when the APIService is Available. */
export function diagnoseMetrics(facts: MetricsFacts): string | undefined {
  const api = facts.apiService;
  if (!api) {
    return "The metrics API (v1beta1.metrics.k8s.io) is not served because metrics-server is absent; set feastflow:metricsServer.enabled to true or install metrics-server.";
  }
  if (facts.pods.length === 0 && !api.available) {
    return `metrics-server is absent: the metrics API is registered (Service ${api.service ?? "unknown"}) but no metrics-server pod runs behind it.`;
  }
  const notReady = facts.pods.filter((p) => !p.ready);
  if (notReady.length > 0 && notReady.length === facts.pods.length) {
    const pod = notReady[0];
    if (!pod.args.some((arg) => arg.startsWith("--kubelet-insecure-tls"))) {
      return `metrics-server is not Ready (pod ${pod.name} is ${pod.phase}) and runs without --kubelet-insecure-tls: ${KIND_TLS_HINT}.`;
    }
    return `metrics-server is not Ready (pod ${pod.name} is ${pod.phase}); see its logs (kubectl logs -n <namespace> ${pod.name}).`;
  }
  if (!api.available) {
    const why = [api.reason, api.message].filter(Boolean).join(": ");
    return `metrics-server is Ready but the APIService v1beta1.metrics.k8s.io is not Available (${why || "no reason given"}); the API server cannot reach it (check the aggregation-layer flags).`;
  }
  return undefined;
}

/** The HPA's utilization targets need resource requests on every container; says which is missing. */
export function missingRequests(
  target: string,
  containers: Array<{ name: string; resources?: { requests?: Record<string, unknown> } }>,
  needs: { cpu: boolean; memory: boolean },
): string | undefined {
  for (const container of containers) {
    const requests = container.resources?.requests ?? {};
    for (const resource of ["cpu", "memory"] as const) {
      if (needs[resource] && requests[resource] === undefined) {
        return `The ${target} container "${container.name}" has no ${resource} request, so the HPA cannot compute ${resource} utilization; set feastflow:${target}.resources.requests.${resource}.`;
      }
    }
  }
  return undefined;
}
