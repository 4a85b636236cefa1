/**
 * The MetricsServer component: metrics-server as typed resources (no remote
 * YAML at deploy time): its ServiceAccount, RBAC, Service, Deployment and the
 * v1beta1.metrics.k8s.io APIService, with --kubelet-insecure-tls only when the stack asks.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MetricsServerConfig } from "./config";
import { metricsServerRbac } from "./metrics-server-rbac";
import { APP_USER, restrictedContainerSecurity } from "./security";

export interface MetricsServerArgs {
  /** The validated metrics-server config (image, resolution, kubelet TLS). */
  config: MetricsServerConfig;
}

/** metrics-server lives where its APIService expects it. */
const NAMESPACE = "kube-system";
const NAME = "metrics-server";

/** The container arguments for a config; `--kubelet-insecure-tls` only when asked. */
function metricsServerArgs(config: MetricsServerConfig): string[] {
  const args = [
    "--cert-dir=/tmp",
    "--secure-port=10250",
    "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
    "--kubelet-use-node-status-port",
    `--metric-resolution=${config.metricResolution}`,
  ];
  // KIND's kubelets serve self-signed certificates: without this flag every
  // scrape fails, readiness never passes, and Pulumi's Deployment await times
  // out after 10 minutes (kubernetes-sigs/metrics-server#196).
  if (config.kubeletInsecureTls) args.push("--kubelet-insecure-tls");
  return args;
}

/**
 * metrics-server from typed resources (no remote YAML at deploy time): the
 * resource metrics API (`metrics.k8s.io`) that HPAs and `kubectl top` read.
 * Pulumi awaits its Deployment; it does not await the APIService, so callers
 * that need metrics must still wait for the API to serve.
 */
export class MetricsServer extends pulumi.ComponentResource {
  public readonly deployment: k8s.apps.v1.Deployment;
  public readonly apiService: k8s.apiregistration.v1.APIService;

  constructor(name: string, args: MetricsServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("feastflow:metrics-server:MetricsServer", name, {}, opts);
    const child = { parent: this };
    const labels = { "k8s-app": NAME };

    const account = new k8s.core.v1.ServiceAccount(
      NAME,
      { metadata: { name: NAME, namespace: NAMESPACE, labels } },
      child,
    );
    const rbac = metricsServerRbac(NAME, NAMESPACE, child);

    const service = new k8s.core.v1.Service(
      NAME,
      {
        metadata: { name: NAME, namespace: NAMESPACE, labels },
        spec: { selector: labels, ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: "https" }] },
      },
      child,
    );

    this.deployment = new k8s.apps.v1.Deployment(
      NAME,
      {
        metadata: { name: NAME, namespace: NAMESPACE, labels },
        spec: {
          selector: { matchLabels: labels },
          strategy: { rollingUpdate: { maxUnavailable: 0 } },
          template: { metadata: { labels }, spec: podSpec(args.config) },
        },
      },
      { parent: this, dependsOn: [account, ...rbac] },
    );

    this.apiService = new k8s.apiregistration.v1.APIService(
      "v1beta1.metrics.k8s.io",
      {
        metadata: { name: "v1beta1.metrics.k8s.io", labels },
        spec: {
          service: { name: NAME, namespace: NAMESPACE },
          group: "metrics.k8s.io",
          version: "v1beta1",
          insecureSkipTLSVerify: true,
          groupPriorityMinimum: 100,
          versionPriority: 100,
        },
      },
      { parent: this, dependsOn: [service, this.deployment] },
    );

    this.registerOutputs({});
  }
}

function podSpec(config: MetricsServerConfig): k8s.types.input.core.v1.PodSpec {
  const probe = (path: string) => ({
    httpGet: { path, port: "https", scheme: "HTTPS" },
    periodSeconds: 10,
    failureThreshold: 3,
  });
  return {
    serviceAccountName: NAME,
    priorityClassName: "system-cluster-critical",
    nodeSelector: { "kubernetes.io/os": "linux" },
    securityContext: { seccompProfile: { type: "RuntimeDefault" } },
    containers: [
      {
        name: NAME,
        image: config.image,
        imagePullPolicy: "IfNotPresent",
        args: metricsServerArgs(config),
        ports: [{ name: "https", containerPort: 10250, protocol: "TCP" }],
        readinessProbe: { ...probe("/readyz"), initialDelaySeconds: 20 },
        livenessProbe: probe("/livez"),
        resources: { requests: { cpu: "100m", memory: "200Mi" } },
        securityContext: { ...restrictedContainerSecurity(), runAsUser: APP_USER },
        volumeMounts: [{ name: "tmp-dir", mountPath: "/tmp" }],
      },
    ],
    volumes: [{ name: "tmp-dir", emptyDir: {} }],
  };
}
