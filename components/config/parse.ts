/**
 * Pure parsing of stack config into a typed FeastflowConfig. Kept free of the
 * Pulumi SDK so tools such as `npm run plan` load it instantly.
 */
import { Checker, ConfigError, isObject, Raw } from "./checker";
import { checkHealthPath, checkImage, checkMetricResolution, checkNamespace } from "./formats";
import { overDefaults } from "./merge";
import { checkResources } from "./resources";
import { checkScheduling } from "./scheduling";
import {
  AutoscalingConfig,
  FeastflowConfig,
  POLICY_TYPES,
  PULL_POLICIES,
  SELECT_POLICIES,
  SERVICE_TYPES,
  ScalingRules,
  WorkloadConfig,
} from "./types";

/** Kubernetes' limits on HPA behavior (autoscaling/v2 HPAScalingRules). */
const BEHAVIOR = { maxWindowSeconds: 3600, maxPeriodSeconds: 1800, maxPolicies: 10 };
/** The API server's default Service node port range (--service-node-port-range). */
const NODE_PORTS = { min: 30000, max: 32767 };

function checkRules(c: Checker, key: string, rules: ScalingRules): void {
  c.integer(`${key}.stabilizationWindowSeconds`, rules.stabilizationWindowSeconds, 0, BEHAVIOR.maxWindowSeconds);
  c.oneOf(`${key}.selectPolicy`, rules.selectPolicy, SELECT_POLICIES);
  if (rules.policies.length === 0) {
    c.fail(`${key}.policies`, rules.policies, "must be a non-empty list of { type, value, periodSeconds }");
    return;
  }
  if (rules.policies.length > BEHAVIOR.maxPolicies) {
    // Said before any item is checked: a list of thousands must not become thousands of lines.
    c.problems.push(
      `${key}.policies (${rules.policies.length} policies) must hold at most ${BEHAVIOR.maxPolicies}, Kubernetes' limit per direction`,
    );
    return;
  }
  rules.policies.forEach((policy, i) => {
    const at = `${key}.policies[${i}]`;
    if (!isObject(policy)) return c.fail(at, policy, "must be an object { type, value, periodSeconds }");
    c.oneOf(`${at}.type`, policy.type, POLICY_TYPES);
    c.integer(`${at}.value`, policy.value, 1);
    c.integer(`${at}.periodSeconds`, policy.periodSeconds, 1, BEHAVIOR.maxPeriodSeconds);
  });
}

function checkAutoscaling(c: Checker, key: string, a: AutoscalingConfig): void {
  const at = `${key}.autoscaling`;
  c.boolean(`${at}.enabled`, a.enabled);
  c.integer(`${at}.minReplicas`, a.minReplicas, 1);
  c.integer(`${at}.maxReplicas`, a.maxReplicas, 1);
  if (Number.isInteger(a.minReplicas) && Number.isInteger(a.maxReplicas) && a.minReplicas > a.maxReplicas) {
    c.problems.push(`${at}.minReplicas (${a.minReplicas}) must be <= ${at}.maxReplicas (${a.maxReplicas})`);
  }
  // CPU may exceed 100 %: a pod may burst above its request up to its limit.
  // Memory above 100 % of the request rarely makes sense, so it stays within 1..100.
  if (a.cpuUtilization !== undefined) c.integer(`${at}.cpuUtilization`, a.cpuUtilization, 1, 1000);
  if (a.memoryUtilization !== undefined) c.integer(`${at}.memoryUtilization`, a.memoryUtilization, 1, 100);
  if (a.enabled && a.cpuUtilization === undefined && a.memoryUtilization === undefined) {
    c.problems.push(`${at} is enabled but sets neither cpuUtilization nor memoryUtilization`);
  }
  checkRules(c, `${at}.scaleUp`, a.scaleUp);
  checkRules(c, `${at}.scaleDown`, a.scaleDown);
}

function checkWorkload(c: Checker, key: string, w: WorkloadConfig): void {
  checkImage(c, `${key}.image`, w.image);
  c.oneOf(`${key}.imagePullPolicy`, w.imagePullPolicy, PULL_POLICIES);
  c.integer(`${key}.port`, w.port, 1, 65535);
  checkHealthPath(c, `${key}.healthPath`, w.healthPath);
  c.integer(`${key}.replicas`, w.replicas, 0);
  c.oneOf(`${key}.service.type`, w.service.type, SERVICE_TYPES);
  const nodePort = w.service.nodePort;
  if (nodePort !== undefined) {
    c.integer(`${key}.service.nodePort`, nodePort, NODE_PORTS.min, NODE_PORTS.max);
    if (w.service.type === "ClusterIP") {
      c.fail(`${key}.service.nodePort`, nodePort, "needs service.type NodePort or LoadBalancer");
    }
  }
  checkResources(c, key, w);
  checkScheduling(c, key, w.scheduling);
  checkAutoscaling(c, key, w.autoscaling);
}

/** Two Services cannot share a node port: the second one's creation would fail at deploy time. */
function checkNodePortsDiffer(c: Checker, config: FeastflowConfig): void {
  const port = config.backend.service.nodePort;
  const valid = Number.isInteger(port) && typeof port === "number" && port >= NODE_PORTS.min && port <= NODE_PORTS.max;
  if (valid && port === config.frontend.service.nodePort) {
    c.problems.push(
      `frontend.service.nodePort (${port}) is already backend.service.nodePort; each Service needs a nodePort of its own`,
    );
  }
}

/**
 * Turns raw stack config (keys without the `feastflow:` prefix) into a typed,
 * validated config with defaults filled. Throws ConfigError naming every bad key.
 */
export function parseConfig(raw: Raw): FeastflowConfig {
  const c = new Checker();
  // Unknown keys first: a typo (or a __proto__ key) never reaches the merge.
  c.unknownKeys(raw);
  if (c.problems.length > 0) throw new ConfigError(c.problems);

  const config = overDefaults(c, raw);
  checkNamespace(c, "namespace", config.namespace);
  const ms = config.metricsServer;
  c.boolean("metricsServer.enabled", ms.enabled);
  c.boolean("metricsServer.kubeletInsecureTls", ms.kubeletInsecureTls);
  checkMetricResolution(c, "metricsServer.metricResolution", ms.metricResolution);
  checkImage(c, "metricsServer.image", ms.image);
  checkWorkload(c, "backend", config.backend);
  checkWorkload(c, "frontend", config.frontend);
  checkNodePortsDiffer(c, config);
  if (c.problems.length > 0) throw new ConfigError(c.problems);
  return config;
}
