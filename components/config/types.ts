/**
 * The typed shape of FeastFlow's stack configuration (project namespace `feastflow`).
 * `parse.ts` turns raw stack config into these values, filling defaults and
 * rejecting bad input; everything downstream trusts them.
 */

/** Pulumi config namespace of this project (`feastflow:<key>`). */
export const PROJECT = "feastflow";

export const PULL_POLICIES = ["Always", "IfNotPresent", "Never"] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

export const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer"] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const POLICY_TYPES = ["Pods", "Percent"] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export const SELECT_POLICIES = ["Max", "Min", "Disabled"] as const;
export type SelectPolicy = (typeof SELECT_POLICIES)[number];

/** One HPA scaling policy: change by `value` pods or percent per `periodSeconds`. */
export interface ScalingPolicy {
  type: PolicyType;
  value: number;
  periodSeconds: number;
}

/** One direction of HPA `behavior` (scaleUp or scaleDown). */
export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: SelectPolicy;
  policies: ScalingPolicy[];
}

/** Kubernetes quantities as written in config, plus their parsed values. */
export interface ResourceAmounts {
  cpu: string;
  memory: string;
}

export interface Resources {
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

export interface AutoscalingConfig {
  enabled: boolean;
  minReplicas: number;
  maxReplicas: number;
  /** Target average CPU utilization, percent of the CPU request. */
  cpuUtilization?: number;
  /** Target average memory utilization, percent of the memory request. */
  memoryUtilization?: number;
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

export interface ServiceConfig {
  type: ServiceType;
  /** Fixed node port; only with type NodePort or LoadBalancer. */
  nodePort?: number;
}

export const TOLERATION_OPERATORS = ["Equal", "Exists"] as const;
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/** A pod toleration as Kubernetes takes it; omitted fields mean what Kubernetes says they mean. */
export interface Toleration {
  key?: string;
  operator?: (typeof TOLERATION_OPERATORS)[number];
  value?: string;
  effect?: (typeof TAINT_EFFECTS)[number];
  tolerationSeconds?: number;
}

/** Where the pods may run: nodes with these labels, tolerating these taints. */
export interface SchedulingConfig {
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
}

/** One FeastFlow workload (backend or frontend). */
export interface WorkloadConfig {
  image: string;
  imagePullPolicy: PullPolicy;
  port: number;
  healthPath: string;
  /** Replica count, used only when autoscaling is disabled. */
  replicas: number;
  service: ServiceConfig;
  resources: Resources;
  scheduling: SchedulingConfig;
  autoscaling: AutoscalingConfig;
}

export interface MetricsServerConfig {
  enabled: boolean;
  /** Skip kubelet certificate checks: KIND and self-signed kubelets only. */
  kubeletInsecureTls: boolean;
  /** Scrape interval, e.g. "15s" (metrics-server accepts >= 10s). */
  metricResolution: string;
  image: string;
}

export interface FeastflowConfig {
  namespace: string;
  metricsServer: MetricsServerConfig;
  backend: WorkloadConfig;
  frontend: WorkloadConfig;
}

export type WorkloadName = "backend" | "frontend";
