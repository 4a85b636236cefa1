import { Autoscaler } from "./components/autoscaler";
import { loadConfig, WorkloadName } from "./components/config";
import { MetricsServer } from "./components/metrics-server";
import { Namespace } from "./components/namespace";
import { workloadNames } from "./components/names";
import { Workload } from "./components/workload";

// Validated before any resource is declared: a bad key fails the preview here.
const config = loadConfig();

const ns = new Namespace("feastflow", { name: config.namespace });

if (config.metricsServer.enabled) {
  new MetricsServer("metrics-server", { config: config.metricsServer });
}

/** A workload plus, when its config asks for one, the HPA that scales it. */
function scaledWorkload(name: WorkloadName) {
  const wc = config[name];
  const names = workloadNames(name);
  const workload = new Workload(name, { namespace: ns.name, config: wc, names });
  const hpa = wc.autoscaling.enabled
    ? new Autoscaler(name, {
        namespace: ns.name,
        deploymentName: workload.deploymentName,
        config: wc.autoscaling,
        names,
      })
    : undefined;
  return {
    deploymentName: workload.deploymentName,
    serviceName: workload.serviceName,
    hpaName: hpa?.name,
    serviceType: wc.service.type,
    port: wc.port,
    nodePort: wc.service.nodePort,
    minReplicas: wc.autoscaling.enabled ? wc.autoscaling.minReplicas : wc.replicas,
    maxReplicas: wc.autoscaling.enabled ? wc.autoscaling.maxReplicas : wc.replicas,
  };
}

export const namespace = ns.name;
export const backend = scaledWorkload("backend");
export const frontend = scaledWorkload("frontend");
export const metricsServer = {
  enabled: config.metricsServer.enabled,
  kubeletInsecureTls: config.metricsServer.kubeletInsecureTls,
};
