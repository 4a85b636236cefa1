import { expect } from "chai";
import { ConfigError, DEFAULTS, parseConfig } from "../../components/config";
import { setPath, stackConfig } from "../support/program";

/** The kind stack's config with one dotted key changed. */
function kindWith(key: string, value: unknown): Record<string, unknown> {
  const raw = stackConfig("kind");
  setPath(raw, key, value);
  return raw;
}

function problemsOf(raw: Record<string, unknown>): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the config to be rejected");
}

describe("config (components/config.ts)", function () {
  it("fills every default from an empty config", function () {
    expect(parseConfig({})).to.deep.equal(DEFAULTS);
  });

  it("accepts both real stack files", function () {
    expect(parseConfig(stackConfig("kind")).backend.autoscaling.maxReplicas).to.equal(10);
    expect(parseConfig(stackConfig("dev")).metricsServer.enabled).to.equal(false);
  });

  it("merges a nested override with the defaults around it", function () {
    const config = parseConfig({ backend: { autoscaling: { maxReplicas: 20 } } });
    expect(config.backend.autoscaling).to.include({ minReplicas: 2, maxReplicas: 20, cpuUtilization: 70 });
    expect(config.backend.autoscaling.scaleUp).to.deep.equal(DEFAULTS.backend.autoscaling.scaleUp);
  });

  it("replaces a policy list whole rather than merging items", function () {
    const policies = [{ type: "Pods", value: 1, periodSeconds: 15 }];
    const config = parseConfig({ backend: { autoscaling: { scaleUp: { policies } } } });
    expect(config.backend.autoscaling.scaleUp.policies).to.deep.equal(policies);
  });

  it("unsets an optional target given as null", function () {
    const config = parseConfig({ backend: { autoscaling: { memoryUtilization: null } } });
    expect(config.backend.autoscaling).not.to.have.property("memoryUtilization");
  });

  it("drops the default nodePort when a stack picks ClusterIP", function () {
    expect(parseConfig({ backend: { service: { type: "ClusterIP" } } }).backend.service).to.deep.equal({
      type: "ClusterIP",
    });
  });

  it("reports every problem at once, one line each", function () {
    const raw = kindWith("backend.port", 0);
    setPath(raw, "frontend.autoscaling.minReplicas", 0);
    expect(problemsOf(raw)).to.have.length(2);
  });

  const rejects: [string, unknown, string][] = [
    [
      "backend.autoscaling.minReplicas",
      11,
      "backend.autoscaling.minReplicas (11) must be <= backend.autoscaling.maxReplicas (10)",
    ],
    ["backend.autoscaling.minReplicas", 0, "backend.autoscaling.minReplicas (0) must be an integer >= 1"],
    ["frontend.autoscaling.maxReplicas", 2.5, "frontend.autoscaling.maxReplicas (2.5) must be an integer >= 1"],
    [
      "backend.autoscaling.memoryUtilization",
      120,
      "backend.autoscaling.memoryUtilization (120) must be an integer between 1 and 100",
    ],
    [
      "backend.autoscaling.cpuUtilization",
      0,
      "backend.autoscaling.cpuUtilization (0) must be an integer between 1 and 1000",
    ],
    [
      "backend.resources.requests.cpu",
      "200mm",
      'backend.resources.requests.cpu ("200mm") is not a valid cpu quantity; use cores ("0.5", "1") or millicores ("200m")',
    ],
    [
      "frontend.resources.limits.memory",
      "lots",
      'frontend.resources.limits.memory ("lots") is not a valid memory quantity; use bytes with a unit ("256Mi", "1Gi", "512M")',
    ],
    [
      "backend.resources.limits.cpu",
      "100m",
      "backend.resources.limits.cpu (100m) must be >= backend.resources.requests.cpu (200m)",
    ],
    ["backend.port", 70000, "backend.port (70000) must be an integer between 1 and 65535"],
    ["backend.service.nodePort", 8080, "backend.service.nodePort (8080) must be an integer between 30000 and 32767"],
    [
      "backend.service.type",
      "Ingress",
      'backend.service.type ("Ingress") must be one of: ClusterIP, NodePort, LoadBalancer',
    ],
    [
      "backend.autoscaling.scaleUp.policies",
      [{ type: "Percentage", value: 100, periodSeconds: 30 }],
      'backend.autoscaling.scaleUp.policies[0].type ("Percentage") must be one of: Pods, Percent',
    ],
    [
      "backend.autoscaling.scaleDown.selectPolicy",
      "Maximum",
      'backend.autoscaling.scaleDown.selectPolicy ("Maximum") must be one of: Max, Min, Disabled',
    ],
    [
      "backend.autoscaling.scaleDown.stabilizationWindowSeconds",
      -1,
      "backend.autoscaling.scaleDown.stabilizationWindowSeconds (-1) must be an integer between 0 and 3600",
    ],
    [
      "backend.autoscaling.scaleUp.policies",
      [{ type: "Pods", value: 4, periodSeconds: -30 }],
      "backend.autoscaling.scaleUp.policies[0].periodSeconds (-30) must be an integer between 1 and 1800",
    ],
    [
      "backend.autoscaling.maxReplica",
      20,
      "backend.autoscaling.maxReplica is not a known key (did you mean maxReplicas?); allowed: enabled, minReplicas, maxReplicas, cpuUtilization, memoryUtilization, scaleUp, scaleDown",
    ],
    [
      "metricsServer.kubeletInsecureTLS",
      true,
      "metricsServer.kubeletInsecureTLS is not a known key (did you mean kubeletInsecureTls?); allowed: enabled, kubeletInsecureTls, metricResolution, image",
    ],
    [
      "metricsServer.metricResolution",
      "5s",
      'metricsServer.metricResolution ("5s") must be a duration in seconds >= 10s, e.g. "15s"',
    ],
    [
      "backend.imagePullPolicy",
      "Sometimes",
      'backend.imagePullPolicy ("Sometimes") must be one of: Always, IfNotPresent, Never',
    ],
    ["namespace", "FeastFlow", `namespace ("FeastFlow") must be a DNS-1123 label (lowercase letters, digits, '-')`],
    ["backend.healthPath", "api/health", 'backend.healthPath ("api/health") must be an HTTP path starting with "/"'],
    ["backend.autoscaling.enabled", "yes", 'backend.autoscaling.enabled ("yes") must be true or false'],
  ];

  for (const [key, value, message] of rejects) {
    it(`rejects ${key} = ${JSON.stringify(value)}`, function () {
      expect(problemsOf(kindWith(key, value))).to.deep.equal([message]);
    });
  }

  it("rejects a utilization target with no matching request", function () {
    const raw = kindWith("backend.resources.requests.memory", null);
    setPath(raw, "backend.resources.limits.memory", null);
    expect(problemsOf(raw)).to.deep.equal([
      "backend.autoscaling.memoryUtilization (80) needs backend.resources.requests.memory: the HPA measures utilization against the request",
    ]);
  });

  it("rejects a nodePort on a ClusterIP Service", function () {
    const raw = kindWith("backend.service", { type: "ClusterIP", nodePort: 30500 });
    expect(problemsOf(raw)).to.deep.equal([
      "backend.service.nodePort (30500) needs service.type NodePort or LoadBalancer",
    ]);
  });

  it("rejects autoscaling with no target at all", function () {
    const raw = kindWith("frontend.autoscaling.cpuUtilization", null);
    expect(problemsOf(raw)).to.deep.equal([
      "frontend.autoscaling is enabled but sets neither cpuUtilization nor memoryUtilization",
    ]);
  });

  it("rejects an unknown top-level key", function () {
    expect(problemsOf({ backnd: {} })).to.deep.equal([
      "backnd is not a known key (did you mean backend?); allowed: namespace, metricsServer, backend, frontend",
    ]);
  });

  it("verifies kubelet certificates unless a stack opts out, as the kind stack does", function () {
    expect(parseConfig({}).metricsServer.kubeletInsecureTls).to.equal(false);
    expect(parseConfig(stackConfig("dev")).metricsServer.kubeletInsecureTls).to.equal(false);
    expect(parseConfig(stackConfig("kind")).metricsServer.kubeletInsecureTls).to.equal(true);
  });
});
