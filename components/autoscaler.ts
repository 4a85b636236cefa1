/** The Autoscaler component: one autoscaling/v2 HPA for a workload, its metrics and behavior straight from stack config. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AutoscalingConfig, ScalingRules } from "./config";
import type { WorkloadNames } from "./names";

export interface AutoscalerArgs {
  /** Namespace of the target Deployment. */
  namespace: pulumi.Input<string>;
  /** Name of the Deployment to scale. */
  deploymentName: pulumi.Input<string>;
  /** The validated autoscaling config: bounds, targets and behavior. */
  config: AutoscalingConfig;
  /** The workload's object names and labels; the HPA takes `names.hpa`. */
  names: WorkloadNames;
}

/**
 * An autoscaling/v2 HorizontalPodAutoscaler for one Deployment: CPU and optional
 * memory utilization targets (percent of the pods' requests), min/max replicas,
 * and explicit scale-up/scale-down behavior so the timeline is what the stack
 * config says, not the controller's defaults.
 */
export class Autoscaler extends pulumi.ComponentResource {
  public readonly hpa: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  public readonly name: pulumi.Output<string>;

  constructor(name: string, args: AutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("feastflow:autoscaler:Autoscaler", name, {}, opts);
    const { config } = args;
    this.hpa = new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      args.names.hpa,
      {
        metadata: {
          name: args.names.hpa,
          namespace: args.namespace,
          labels: args.names.labels,
          // The stack config is the HPA's source of truth. Operators patch HPAs by hand (the runbook's
          // flash sale is a `kubectl patch`), which makes kubectl a field manager of those fields; without
          // this, every later server-side apply of ours fails with a field conflict, and the stack could
          // never change the HPA again. With it, `pulumi up` takes the fields back.
          annotations: { "pulumi.com/patchForce": "true" },
        },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: args.deploymentName },
          minReplicas: config.minReplicas,
          maxReplicas: config.maxReplicas,
          metrics: metrics(config),
          behavior: { scaleUp: rules(config.scaleUp), scaleDown: rules(config.scaleDown) },
        },
      },
      { parent: this },
    );
    this.name = this.hpa.metadata.name;
    this.registerOutputs({ name: this.name });
  }
}

function metrics(config: AutoscalingConfig): k8s.types.input.autoscaling.v2.MetricSpec[] {
  const targets = [
    { name: "cpu", utilization: config.cpuUtilization },
    { name: "memory", utilization: config.memoryUtilization },
  ];
  return targets
    .filter((t) => t.utilization !== undefined)
    .map((t) => ({
      type: "Resource",
      resource: { name: t.name, target: { type: "Utilization", averageUtilization: t.utilization } },
    }));
}

function rules(config: ScalingRules): k8s.types.input.autoscaling.v2.HPAScalingRules {
  return {
    stabilizationWindowSeconds: config.stabilizationWindowSeconds,
    selectPolicy: config.selectPolicy,
    policies: config.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })),
  };
}
