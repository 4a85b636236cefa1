/**
 * LoadCluster (cluster-api.ts) on a real cluster, with @kubernetes/client-node
 * and the kubeconfig the scale test already loaded. Pod logs are followed
 * with a plain HTTPS request carrying the kubeconfig's credentials, so a
 * stream that breaks is noticed (and reopened by cluster-pods.ts).
 */
import http from "node:http";
import https from "node:https";
import { createInterface } from "node:readline";
import type * as K8s from "@kubernetes/client-node";
import { PreflightError } from "../shared/errors";
import type { LoadCluster, LoadPod } from "./cluster-api";
import { RUN_LABEL } from "./cluster-job";

export interface KubeHandle {
  k8s: typeof K8s;
  config: K8s.KubeConfig;
}

/** How long remove() waits for the pods and Jobs to be gone. */
const REMOVE_TIMEOUT_MS = 60_000;
const INDEX_LABEL = "batch.kubernetes.io/job-completion-index";
/** Container waiting reasons that waiting will not fix. */
const FATAL_WAITING = new Set([
  "ErrImageNeverPull",
  "ImagePullBackOff",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
]);

/** The apiserver's reason from a client error: its Status message when the body carries one. */
function reason(err: unknown): { code?: number; message: string } {
  const e = err as { code?: number; body?: unknown; message?: string };
  let message = e.message ?? String(err);
  try {
    const body = (typeof e.body === "string" ? JSON.parse(e.body) : e.body) as { message?: string } | undefined;
    if (typeof body?.message === "string") message = body.message;
  } catch {
    // Not JSON: keep the client's message.
  }
  return { code: e.code, message: message.split("\n")[0] };
}

/** Runs an API call; a failure becomes one sentence naming what was attempted. */
async function attempt<T>(action: string, namespace: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const { code, message } = reason(err);
    const hint =
      code === 403
        ? "; load from the cluster creates a Job, a ServiceAccount, a Role, a RoleBinding and a ConfigMap there (the admin ClusterRole bound in the namespace allows it)"
        : "";
    throw new PreflightError(`Could not ${action} in namespace ${namespace} (${message})${hint}.`);
  }
}

/** A load pod's state from the Pod object. */
export function podState(pod: K8s.V1Pod): LoadPod {
  const labels = pod.metadata?.labels ?? {};
  const status = pod.status?.containerStatuses?.[0];
  const waiting = status?.state?.waiting;
  const unscheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  let problem: string | undefined;
  if (waiting?.reason && waiting.reason !== "ContainerCreating" && waiting.reason !== "PodInitializing") {
    problem = `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ""}`;
  } else if (unscheduled) {
    problem = `not scheduled: ${unscheduled.message ?? unscheduled.reason}`;
  } else if (pod.status?.phase === "Failed") {
    problem = `failed: ${pod.status.reason ?? status?.state?.terminated?.reason ?? "unknown"}`;
  }
  return {
    name: pod.metadata?.name ?? "",
    index: Number(labels[INDEX_LABEL] ?? pod.metadata?.annotations?.[INDEX_LABEL] ?? -1),
    node: pod.spec?.nodeName ?? "",
    phase: pod.status?.phase ?? "Pending",
    started: Boolean(status?.state?.running || status?.state?.terminated),
    problem,
    fatal: waiting?.reason !== undefined && FATAL_WAITING.has(waiting.reason),
  };
}

/** LoadCluster for one namespace of the kubeconfig's current cluster. */
export function kubeLoadCluster(kube: KubeHandle, namespace: string, removeTimeoutMs = REMOVE_TIMEOUT_MS): LoadCluster {
  const { k8s, config } = kube;
  const core = config.makeApiClient(k8s.CoreV1Api);
  const batch = config.makeApiClient(k8s.BatchV1Api);
  const rbac = config.makeApiClient(k8s.RbacAuthorizationV1Api);
  const mergePatch = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch);
  const run = <T>(action: string, work: () => Promise<T>) => attempt(action, namespace, work);

  return {
    async serviceIP(name, port) {
      const service = await run(`read Service ${name}`, () => core.readNamespacedService({ name, namespace }));
      const ip = service.spec?.clusterIP;
      if (!ip || ip === "None") {
        throw new PreflightError(
          `The Service ${name} in ${namespace} has no cluster IP (headless), so there is no Service to load.`,
        );
      }
      if (!(service.spec?.ports ?? []).some((p) => p.port === port)) {
        throw new PreflightError(
          `The Service ${name} in ${namespace} does not serve port ${port}, the port the stack exports.`,
        );
      }
      return ip;
    },

    async remove(selector) {
      const jobs = await run("list load Jobs", () => batch.listNamespacedJob({ namespace, labelSelector: selector }));
      const runs = jobs.items.map((j) => j.metadata?.labels?.[RUN_LABEL]).filter((r): r is string => Boolean(r));
      const only = { namespace, labelSelector: selector };
      // The Jobs first: once a Job is being deleted, its controller no longer replaces the pods removed below.
      await run("delete load Jobs", () =>
        batch.deleteCollectionNamespacedJob({ ...only, propagationPolicy: "Foreground" }),
      );
      await run("delete load objects", () =>
        Promise.all([
          core.deleteCollectionNamespacedPod(only),
          core.deleteCollectionNamespacedConfigMap(only),
          core.deleteCollectionNamespacedServiceAccount(only),
          rbac.deleteCollectionNamespacedRole(only),
          rbac.deleteCollectionNamespacedRoleBinding(only),
        ]),
      );
      const deadline = Date.now() + removeTimeoutMs;
      for (;;) {
        const [pods, left] = await Promise.all([
          run("list load pods", () => core.listNamespacedPod(only)),
          run("list load Jobs", () => batch.listNamespacedJob(only)),
        ]);
        if (pods.items.length + left.items.length === 0) return runs;
        if (Date.now() > deadline) {
          throw new PreflightError(
            `Load pods (${selector}) were still in namespace ${namespace} ${removeTimeoutMs / 1000} s after their removal: ${pods.items.map((p) => p.metadata?.name).join(", ")}.`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },

    async create({ job, serviceAccount, role, roleBinding, configMap }) {
      const created = await run("create the load Job", () => batch.createNamespacedJob({ namespace, body: job }));
      const name = created.metadata?.name ?? "";
      const ownerReferences = [{ apiVersion: "batch/v1", kind: "Job", name, uid: created.metadata?.uid ?? "" }];
      const owned = <T extends { metadata?: K8s.V1ObjectMeta }>(o: T): T => ({
        ...o,
        metadata: { ...o.metadata, ownerReferences },
      });
      await run("create the load pods' ServiceAccount", () =>
        core.createNamespacedServiceAccount({ namespace, body: owned(serviceAccount) }),
      );
      await run("create the load pods' Role", () => rbac.createNamespacedRole({ namespace, body: owned(role) }));
      await run("create the load pods' RoleBinding", () =>
        rbac.createNamespacedRoleBinding({ namespace, body: owned(roleBinding) }),
      );
      await run("create the load control ConfigMap", () =>
        core.createNamespacedConfigMap({ namespace, body: owned(configMap) }),
      );
      await run("start the load Job", () =>
        batch.patchNamespacedJob({ name, namespace, body: { spec: { suspend: false } } }, mergePatch),
      );
    },

    async writeControl(name, data) {
      await run("update the load control", () =>
        core.patchNamespacedConfigMap({ name, namespace, body: { data } }, mergePatch),
      );
    },

    async pods(runId) {
      const list = await run("list load pods", () =>
        core.listNamespacedPod({ namespace, labelSelector: `${RUN_LABEL}=${runId}` }),
      );
      return list.items.filter((p) => !p.metadata?.deletionTimestamp).map(podState);
    },

    async jobProblems(job) {
      const events = await run("read the load Job's events", () =>
        core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Job,involvedObject.name=${job}` }),
      );
      const warnings = events.items.filter((e) => e.type === "Warning").map((e) => `${e.reason}: ${e.message}`);
      return [...new Set(warnings)];
    },

    async follow(pod, onLine, onEnd) {
      const server = config.getCurrentCluster()?.server ?? "";
      const url = new URL(`/api/v1/namespaces/${namespace}/pods/${pod}/log?container=loadgen&follow=true`, server);
      const options: https.RequestOptions = {};
      await config.applyToHTTPSOptions(options);
      let ended = false;
      const end = () => {
        if (!ended) {
          ended = true;
          onEnd();
        }
      };
      // http for a plain-http apiserver address (kubectl proxy), https otherwise.
      const req = (url.protocol === "http:" ? http : https).get(url, options, (res) => {
        // A stream cut short (the pod deleted, the connection reset) errors; it ends the follow like an end does.
        res.on("error", end);
        if (res.statusCode !== 200) {
          res.resume();
          return end();
        }
        const lines = createInterface({ input: res });
        lines.on("line", onLine);
        lines.on("close", end);
        // readline passes its input's errors on; unheard, they would end the process.
        lines.on("error", end);
      });
      req.on("error", end);
      return () => {
        ended = true;
        req.destroy();
      };
    },
  };
}
