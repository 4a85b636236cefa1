/**
 * Reads of live cluster state the end-to-end specs assert on, through the same
 * client the scale test uses.
 */
import type { Kube } from "../../../automation/scale-test/kube";

/** One pod as the flash-sale check compares it: identity and restarts. */
export interface PodIdentity {
  name: string;
  uid: string;
  restarts: number;
  ready: boolean;
}

export async function pods(kube: Kube, namespace: string, app: string): Promise<PodIdentity[]> {
  const list = await kube.core.listNamespacedPod({ namespace, labelSelector: `component=${app}` });
  return list.items
    .filter((p) => !p.metadata?.deletionTimestamp)
    .map((p) => ({
      name: p.metadata?.name ?? "",
      uid: p.metadata?.uid ?? "",
      restarts: (p.status?.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0),
      ready: (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    }));
}

export async function deployment(kube: Kube, namespace: string, name: string) {
  const d = await kube.apps.readNamespacedDeployment({ namespace, name });
  return {
    replicas: d.spec?.replicas ?? 0,
    ready: d.status?.readyReplicas ?? 0,
    /**
     * The spec but for spec.replicas, which the HPA sets: what a deploy would
     * change. (metadata.generation also moves when the HPA rescales.)
     */
    declared: JSON.stringify({ ...d.spec, replicas: undefined }),
  };
}

export async function hpa(kube: Kube, namespace: string, name: string) {
  const h = await kube.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace, name });
  return {
    minReplicas: h.spec?.minReplicas,
    maxReplicas: h.spec?.maxReplicas,
    desired: h.status?.desiredReplicas,
    /** The whole spec, to compare: an HPA carries no metadata.generation to tell a spec change by. */
    declared: JSON.stringify(h.spec),
    /** When the HPA last changed the replica count; undefined if it never did. */
    lastScaleTime: h.status?.lastScaleTime ? new Date(h.status.lastScaleTime).getTime() : undefined,
  };
}

/** True while the namespace exists (also while it is terminating). */
export async function namespaceExists(kube: Kube, name: string): Promise<boolean> {
  try {
    await kube.core.readNamespace({ name });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return false;
    throw err;
  }
}

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; returns the seconds it took. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 5000,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return (Date.now() - start) / 1000;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Searches each ready backend pod has served since it started, by pod name,
 * from the backend's own GET /api/stats through the API server's pod proxy:
 * what the service saw, not what the load generator says it sent.
 */
export async function servedSearches(kube: Kube, namespace: string): Promise<Map<string, number>> {
  const served = new Map<string, number>();
  for (const pod of (await pods(kube, namespace, "backend")).filter((p) => p.ready)) {
    const body = await kube.core.connectGetNamespacedPodProxyWithPath({
      name: `${pod.name}:5000`,
      namespace,
      path: "api/stats",
    });
    const stats = (typeof body === "string" ? JSON.parse(body) : body) as { searches: number };
    served.set(pod.name, stats.searches);
  }
  return served;
}
