/**
 * The defaults of every config key: the values of the kubectl/YAML setup this
 * project replaces. A stack file overrides any of them, key by key; lists
 * (scaling policies) are replaced whole.
 */
import { FeastflowConfig, ScalingRules, WorkloadConfig } from "./types";

const scaleUp: ScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Percent", value: 100, periodSeconds: 30 },
    { type: "Pods", value: 4, periodSeconds: 30 },
  ],
};

const scaleDown: ScalingRules = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Min",
  policies: [
    { type: "Percent", value: 50, periodSeconds: 60 },
    { type: "Pods", value: 2, periodSeconds: 60 },
  ],
};

const backend: WorkloadConfig = {
  image: "feastflow-backend:1.0.0",
  imagePullPolicy: "IfNotPresent",
  port: 5000,
  healthPath: "/api/health",
  replicas: 2,
  service: { type: "NodePort", nodePort: 30500 },
  resources: {
    requests: { cpu: "200m", memory: "256Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
  },
  scheduling: { nodeSelector: {}, tolerations: [] },
  autoscaling: {
    enabled: true,
    minReplicas: 2,
    maxReplicas: 10,
    cpuUtilization: 70,
    memoryUtilization: 80,
    scaleUp,
    scaleDown,
  },
};

const frontend: WorkloadConfig = {
  image: "feastflow-frontend:1.0.0",
  imagePullPolicy: "IfNotPresent",
  port: 8080,
  healthPath: "/healthz",
  replicas: 2,
  service: { type: "NodePort", nodePort: 30080 },
  resources: {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "250m", memory: "256Mi" },
  },
  scheduling: { nodeSelector: {}, tolerations: [] },
  autoscaling: {
    enabled: true,
    minReplicas: 2,
    maxReplicas: 8,
    cpuUtilization: 60,
    scaleUp,
    scaleDown,
  },
};

export const DEFAULTS: FeastflowConfig = {
  namespace: "feastflow",
  metricsServer: {
    enabled: true,
    // Secure unless a stack opts out: only KIND-like clusters with self-signed
    // kubelet certificates need the check skipped (Pulumi.kind.yaml says so).
    kubeletInsecureTls: false,
    metricResolution: "15s",
    image: "registry.k8s.io/metrics-server/metrics-server:v0.8.0",
  },
  backend,
  frontend,
};
