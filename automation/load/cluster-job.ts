/**
 * The Kubernetes objects of one in-cluster load run, as plain manifests: an
 * Indexed Job of N load pods (created suspended, so its ServiceAccount and
 * Role exist before any pod does), the ServiceAccount the pods run as, a Role
 * that lets them `get` their control ConfigMap and nothing else, its
 * RoleBinding, and the ConfigMap. All carry the run's labels, so a run that
 * was killed is found and removed by the next one.
 */
import type { V1ConfigMap, V1Job, V1Role, V1RoleBinding, V1ServiceAccount } from "@kubernetes/client-node";
import { type Control, controlData } from "./pod-protocol";
import { serviceHost } from "./target-guard";

/** The image the pods run; cluster/images builds it under this name (cluster/versions.env LOADGEN_IMAGE). */
export const LOADGEN_IMAGE = "feastflow-loadgen:0.2.0";
/** Every load object carries this label; the run label tells runs apart. */
export const LOADGEN_NAME = "feastflow-loadgen";
export const RUN_LABEL = "feastflow.dev/run";
/** Selects the load objects of every run in a namespace. */
export const LOADGEN_SELECTOR = `app.kubernetes.io/name=${LOADGEN_NAME}`;

/**
 * Per pod. Measured on the cluster of cluster/: a load pod sending 37 req/s
 * used 23m of CPU and 22Mi (about 0.6m per req/s). The request of 100m
 * covers a share of about 150 req/s, more than a pod's share of the default
 * demand on most clusters, and it is what the scheduler accounts, so the
 * load pods cannot crowd the target off a node unnoticed; it stays small so
 * that on a small node they do not leave the target's new replicas Pending.
 * The limit of 500m keeps a runaway generator from taking more than half a
 * core from the target it measures; a pod that needs more falls behind, is
 * reported as saturated (health.ts), and more pods (--load-pods) are the
 * answer. 256Mi leaves room for bursts of open connections.
 */
export const LOADGEN_RESOURCES = {
  requests: { cpu: "100m", memory: "64Mi" },
  limits: { cpu: "500m", memory: "256Mi" },
} as const;

/** Seconds a finished Job (and, through its owner references, the rest) stays for a look at its logs. */
const TTL_AFTER_FINISHED_SECONDS = 600;
/** Added to the run's planned length for activeDeadlineSeconds: image pull, scheduling, the stop. */
const DEADLINE_MARGIN_SECONDS = 120;

export interface LoadJobSpec {
  /** Short, unique, a valid label value and DNS label part (newRunId). */
  runId: string;
  namespace: string;
  /** The stack's Service: its name and port from the stack outputs, its cluster IP from the cluster. */
  service: { name: string; port: number; clusterIP: string };
  /** http://<service>.<namespace>.svc:<port><path> */
  url: string;
  pods: number;
  /** Connections over all pods; each pod takes its share. */
  connections: number;
  image: string;
  /** The pods stop loading by themselves after this long. */
  maxSeconds: number;
  /** How long the pods may take to become ready. */
  readySeconds: number;
  /** The control the pods find at first. */
  control: Control;
}

export interface LoadObjects {
  job: V1Job;
  serviceAccount: V1ServiceAccount;
  role: V1Role;
  roleBinding: V1RoleBinding;
  configMap: V1ConfigMap;
}

/** A run id: time and randomness in base 36, 12 characters. */
export function newRunId(nowMs: number = Date.now(), random: () => number = Math.random): string {
  const noise = Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, "0");
  return `${nowMs.toString(36).slice(-8)}${noise}`;
}

/** The name of a run's Job (and of its ServiceAccount, Role and RoleBinding). */
export const jobName = (runId: string) => `${LOADGEN_NAME}-${runId}`;
export const controlName = (runId: string) => `${jobName(runId)}-control`;

/** The labels every object of the run carries. */
function runLabels(runId: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": LOADGEN_NAME,
    "app.kubernetes.io/component": "load-generator",
    "app.kubernetes.io/part-of": "feastflow",
    "app.kubernetes.io/managed-by": "feastflow-scale-test",
    [RUN_LABEL]: runId,
  };
}

/** The objects of one run; the Job is suspended until the others exist (see the file comment). */
export function loadObjects(spec: LoadJobSpec): LoadObjects {
  const name = jobName(spec.runId);
  const labels = runLabels(spec.runId);
  const metadata = { name, namespace: spec.namespace, labels };
  const control = controlName(spec.runId);
  return {
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata },
    role: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata,
      rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: [control], verbs: ["get"] }],
    },
    roleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name, namespace: spec.namespace }],
    },
    configMap: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { ...metadata, name: control },
      data: controlData(spec.control),
    },
    job: {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata,
      spec: {
        suspend: true,
        completionMode: "Indexed",
        completions: spec.pods,
        parallelism: spec.pods,
        // A pod that fails is not replaced: a late pod would miss the common start.
        backoffLimit: 0,
        activeDeadlineSeconds: spec.readySeconds + spec.maxSeconds + DEADLINE_MARGIN_SECONDS,
        ttlSecondsAfterFinished: TTL_AFTER_FINISHED_SECONDS,
        template: { metadata: { labels }, spec: podSpec(spec, name, control) },
      },
    },
  };
}

type PodSpec = NonNullable<NonNullable<V1Job["spec"]>["template"]["spec"]>;

/** Pod Security "restricted", requests and limits, spread over nodes, the Service's name pinned to its IP. */
function podSpec(spec: LoadJobSpec, name: string, control: string): PodSpec {
  return {
    restartPolicy: "Never",
    serviceAccountName: name,
    // The pods read their control through the API with this account's token.
    automountServiceAccountToken: true,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: 10,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: "RuntimeDefault" },
    },
    // The URL names the Service; /etc/hosts maps that name to its cluster IP,
    // read from the API. So the pods need no cluster DNS (the cluster of
    // cluster/ has none), and on clusters with DNS no lookups ride along with
    // the load's reconnects.
    hostAliases: [{ ip: spec.service.clusterIP, hostnames: [serviceHost(spec.service.name, spec.namespace)] }],
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { [RUN_LABEL]: spec.runId } },
      },
    ],
    containers: [
      {
        name: "loadgen",
        image: spec.image,
        imagePullPolicy: "IfNotPresent",
        env: [
          { name: "TARGET_URL", value: spec.url },
          { name: "SERVICE_NAME", value: spec.service.name },
          { name: "LOAD_PODS", value: String(spec.pods) },
          { name: "CONNECTIONS", value: String(spec.connections) },
          { name: "MAX_SECONDS", value: String(spec.maxSeconds) },
          { name: "CONTROL_CONFIGMAP", value: control },
          { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
          {
            name: "CPU_LIMIT_MILLICORES",
            valueFrom: { resourceFieldRef: { containerName: "loadgen", resource: "limits.cpu", divisor: "1m" } },
          },
        ],
        resources: {
          requests: { ...LOADGEN_RESOURCES.requests },
          limits: { ...LOADGEN_RESOURCES.limits },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
        },
      },
    ],
  };
}
