/**
 * The simulated load's view of the cluster: the target's Ready pods, and a
 * merge patch of the annotation kwok reads a simulated pod's CPU from.
 */
import type * as K8s from "@kubernetes/client-node";
import type { KubeHandle } from "./cluster-kube";
import { USAGE_CPU_ANNOTATION, type SimulatedPods } from "./simulated";

function isReady(pod: K8s.V1Pod): boolean {
  return (
    !pod.metadata?.deletionTimestamp &&
    (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")
  );
}

/** The target's pods (by label selector) in one namespace of the kubeconfig's cluster. */
export function kubeSimulatedPods(kube: KubeHandle, namespace: string, labelSelector: string): SimulatedPods {
  const core = kube.config.makeApiClient(kube.k8s.CoreV1Api);
  const mergePatch = kube.k8s.setHeaderOptions("Content-Type", kube.k8s.PatchStrategy.MergePatch);
  return {
    async ready() {
      const pods = await core.listNamespacedPod({ namespace, labelSelector });
      return pods.items.filter(isReady).map((p) => p.metadata?.name ?? "");
    },
    async setUsage(name, millicores) {
      const body = { metadata: { annotations: { [USAGE_CPU_ANNOTATION]: `${millicores}m` } } };
      try {
        await core.patchNamespacedPod({ name, namespace, body }, mergePatch);
      } catch (err) {
        // A pod deleted between the list and the patch needs no usage.
        if ((err as { code?: number }).code !== 404) throw err;
      }
    },
  };
}
