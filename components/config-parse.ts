import { Checker, ConfigError, isObject, Raw } from "./config-checker";
import { checkHealthPath, checkImage, checkMetricResolution, checkNamespace } from "./config-formats";
import { overDefaults } from "./config-merge";
import {
  AutoscalingConfig,
  FeastflowConfig,
  POLICY_TYPES,
  PULL_POLICIES,
  SELECT_POLICIES,
  SERVICE_TYPES,
  ScalingRules,
  WorkloadConfig,
} from "./config-types";
import { cpuMillicores, memoryBytes } from "./quantity";

/**
 * Pure parsing of stack config into a typed FeastflowConfig. Kept free of the
 * Pulumi SDK so tools such as `npm run plan` load it instantly.
 */

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

function checkResources(c: Checker, key: string, w: WorkloadConfig): void {
  const kinds = [
    { name: "cpu", parse: cpuMillicores, form: 'cores ("0.5", "1") or millicores ("200m")' },
    { name: "memory", parse: memoryBytes, form: 'bytes with a unit ("256Mi", "1Gi", "512M")' },
  ] as const;
  for (const { name, parse, form } of kinds) {
    const req = w.resources?.requests?.[name];
    const lim = w.resources?.limits?.[name];
    const reqKey = `${key}.resources.requests.${name}`;
    const limKey = `${key}.resources.limits.${name}`;
    const reqValue = typeof req === "string" ? parse(req) : undefined;
    const limValue = typeof lim === "string" ? parse(lim) : undefined;
    if (req !== undefined && reqValue === undefined)
      c.fail(reqKey, req, `is not a valid ${name} quantity; use ${form}`);
    if (lim !== undefined && limValue === undefined)
      c.fail(limKey, lim, `is not a valid ${name} quantity; use ${form}`);
    if (reqValue !== undefined && limValue !== undefined && limValue < reqValue) {
      c.problems.push(`${limKey} (${lim}) must be >= ${reqKey} (${req})`);
    }
  }
}

function checkAutoscaling(c: Checker, key: string, a: AutoscalingConfig, w: WorkloadConfig): void {
  const at = `${key}.autoscaling`;
  c.boolean(`${at}.enabled`, a.enabled);
  c.integer(`${at}.minReplicas`, a.minReplicas, 1);
  c.integer(`${at}.maxReplicas`, a.maxReplicas, 1);
  if (Number.isInteger(a.minReplicas) && Number.isInteger(a.maxReplicas) && a.minReplicas > a.maxReplicas) {
    c.problems.push(`${at}.minReplicas (${a.minReplicas}) must be <= ${at}.maxReplicas (${a.maxReplicas})`);
  }
  // CPU may exceed 100 %: a pod may burst above its request up to its limit.
  // Memory above 100 % of the request rarely makes sense, so it stays within 1..100.
  const targets = [
    { name: "cpuUtilization", resource: "cpu", max: 1000 },
    { name: "memoryUtilization", resource: "memory", max: 100 },
  ] as const;
  for (const { name, resource, max } of targets) {
    const target = a[name];
    if (target === undefined) continue;
    c.integer(`${at}.${name}`, target, 1, max);
    if (w.resources.requests[resource] === undefined) {
      c.problems.push(
        `${at}.${name} (${target}) needs ${key}.resources.requests.${resource}: the HPA measures utilization against the request`,
      );
    }
  }
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
  checkAutoscaling(c, key, w.autoscaling, w);
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
  if (c.problems.length > 0) throw new ConfigError(c.problems);
  return config;
}
