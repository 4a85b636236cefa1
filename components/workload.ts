/**
 * The Workload component: one FeastFlow app as a Deployment (no `replicas`
 * while an HPA manages it), its Service and, at two replicas or more, a
 * PodDisruptionBudget, with probes, resources and a graceful shutdown.
 */
import * as k8s from "@pulumi/kubernetes";
import * as kx from "@pulumi/kubernetesx";
import * as pulumi from "@pulumi/pulumi";
import { WorkloadConfig } from "./config";
import type { WorkloadNames } from "./names";
import { restrictedContainerSecurity, restrictedPodSecurity } from "./security";

export interface WorkloadArgs {
  /** Namespace to deploy into. */
  namespace: pulumi.Input<string>;
  /** The validated workload config (image, port, probes, resources, autoscaling). */
  config: WorkloadConfig;
  /** Object names and labels (components/names.ts). */
  names: WorkloadNames;
}

/** Seconds a terminating pod keeps serving while endpoints and kube-proxy drop it. */
const PRE_STOP_SECONDS = 5;

/**
 * What `pulumi up` waits for on an autoscaled Deployment: its spec rolled out (the Deployment
 * controller's Progressing reason once every pod of the new template is available; the provider
 * also waits for the controller to observe the spec), not every replica the HPA asked for being
 * Ready. The provider's own check wants the latter, so an up in the middle of a scale-up (a
 * flash sale's ceiling raised while new pods start) would wait for them, and one while pods are
 * Pending for room (at capacity, or until a node autoscaler adds a node) would wait up to its
 * 10-minute timeout and fail, though nothing Pulumi changed is unfinished.
 */
const ROLLED_OUT = 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}=NewReplicaSetAvailable';

/**
 * One FeastFlow service: Deployment, Service and, when at least two replicas are
 * guaranteed, a PodDisruptionBudget. Built for scaling without dropped requests:
 * readiness on the health path, surge-only rollouts, a preStop delay before
 * SIGTERM, and no `spec.replicas` when an HPA owns the replica count.
 */
export class Workload extends pulumi.ComponentResource {
  public readonly deployment: k8s.apps.v1.Deployment;
  public readonly service: k8s.core.v1.Service;
  public readonly disruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  public readonly deploymentName: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;

  constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("feastflow:workload:Workload", name, {}, opts);
    const { config, namespace, names } = args;
    const { labels, selector } = names;
    const metadata = { name: names.workload, namespace, labels };
    const autoscaled = config.autoscaling.enabled;

    this.deployment = new k8s.apps.v1.Deployment(
      names.workload,
      {
        metadata: autoscaled ? { ...metadata, annotations: { "pulumi.com/waitFor": ROLLED_OUT } } : metadata,
        spec: deploymentSpec(name, names, config),
      },
      { parent: this },
    );

    this.service = new k8s.core.v1.Service(
      names.workload,
      {
        metadata,
        spec: {
          type: config.service.type,
          selector,
          ports: [{ name: "http", port: config.port, targetPort: "http", nodePort: config.service.nodePort }],
        },
      },
      { parent: this },
    );

    const guaranteedReplicas = autoscaled ? config.autoscaling.minReplicas : config.replicas;
    if (guaranteedReplicas >= 2) {
      this.disruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
        names.workload,
        {
          metadata,
          spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
        },
        { parent: this },
      );
    }

    this.deploymentName = this.deployment.metadata.name;
    this.serviceName = this.service.metadata.name;
    this.registerOutputs({ deploymentName: this.deploymentName, serviceName: this.serviceName });
  }
}

/**
 * The Deployment spec. kubernetesx's PodBuilder always sets `replicas`; under an
 * HPA that field must be absent, or every `pulumi up` would fight the autoscaler
 * (server-side apply conflicts with kube-controller-manager, pulumi-kubernetes
 * #2491/#2569, or a reset of the scaled count).
 */
function deploymentSpec(
  name: string,
  names: WorkloadNames,
  config: WorkloadConfig,
): pulumi.Output<k8s.types.input.apps.v1.DeploymentSpec> {
  const pod = new kx.PodBuilder({
    securityContext: restrictedPodSecurity(),
    terminationGracePeriodSeconds: 30,
    automountServiceAccountToken: false,
    containers: [container(name, config)],
    ...placement(config),
  });
  return pod
    .asDeploymentSpec({
      replicas: config.replicas,
      revisionHistoryLimit: 5,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    })
    .apply((spec) => {
      // kubernetesx selects on `app: <container name>`; ours are the runbook's labels.
      const { replicas, ...rest } = spec;
      const labelled = {
        ...rest,
        selector: { matchLabels: names.selector },
        template: { ...rest.template, metadata: { labels: names.labels } },
      };
      return config.autoscaling.enabled ? labelled : { ...labelled, replicas };
    });
}

/** The stack's nodeSelector and tolerations, each only when it says something (no empty fields in the manifest). */
function placement(config: WorkloadConfig): Pick<k8s.types.input.core.v1.PodSpec, "nodeSelector" | "tolerations"> {
  const { nodeSelector, tolerations } = config.scheduling;
  return {
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector: { ...nodeSelector } } : {}),
    ...(tolerations.length > 0 ? { tolerations: tolerations.map((t) => ({ ...t })) } : {}),
  };
}

function container(name: string, config: WorkloadConfig): kx.types.Container {
  const probe = (period: number, failures: number) => ({
    httpGet: { path: config.healthPath, port: "http" },
    periodSeconds: period,
    timeoutSeconds: 2,
    failureThreshold: failures,
  });
  return {
    name,
    image: config.image,
    imagePullPolicy: config.imagePullPolicy,
    ports: { http: config.port },
    env: { PORT: String(config.port) },
    resources: { requests: { ...config.resources.requests }, limits: { ...config.resources.limits } },
    // Readiness drops a pod from the Service within ~10 s of trouble; liveness is
    // slower so a busy pod under load is not killed for answering late.
    readinessProbe: probe(5, 2),
    livenessProbe: { ...probe(10, 3), initialDelaySeconds: 10 },
    // Keep serving while endpoints and kube-proxy catch up with the termination;
    // the app drains in-flight requests on the SIGTERM that follows.
    lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SECONDS } } },
    securityContext: restrictedContainerSecurity(),
    // The root filesystem is read-only; /tmp is the one writable place.
    volumeMounts: [{ volume: { name: "tmp", emptyDir: { sizeLimit: "64Mi" } }, destPath: "/tmp" }],
  };
}
