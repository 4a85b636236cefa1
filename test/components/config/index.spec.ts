import { expect } from "chai";
import { ConfigError, DEFAULTS, parseConfig } from "../../../components/config";
import { setPath, stackConfig } from "../../support/program";

/** The kind stack's config with one dotted key changed. */
function kindWith(key: string, value: unknown): Record<string, unknown> {
  const raw = stackConfig("kind");
  setPath(raw, key, value);
  return raw;
}

/** The value at a dotted path, e.g. `backend.autoscaling` of DEFAULTS. */
function at(value: unknown, dotted: string): unknown {
  return dotted.split(".").reduce((node, key) => (node as Record<string, unknown>)[key], value);
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

describe("config (components/config)", function () {
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
    [
      "backend.autoscaling.minReplicas",
      0,
      "backend.autoscaling.minReplicas (0) must be an integer between 1 and 2147483647",
    ],
    [
      "frontend.autoscaling.maxReplicas",
      2.5,
      "frontend.autoscaling.maxReplicas (2.5) must be an integer between 1 and 2147483647",
    ],
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
      'metricsServer.metricResolution ("5s") must be whole seconds from 10s to 3600s, e.g. "15s" (write "60s", not "1m")',
    ],
    [
      "backend.imagePullPolicy",
      "Sometimes",
      'backend.imagePullPolicy ("Sometimes") must be one of: Always, IfNotPresent, Never',
    ],
    ["namespace", "FeastFlow", `namespace ("FeastFlow") must be a DNS-1123 label (lowercase letters, digits, '-')`],
    [
      "backend.healthPath",
      "api/health",
      'backend.healthPath ("api/health") must be an HTTP path starting with a single "/" (RFC 3986 characters, %XX escapes, at most 256 characters)',
    ],
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

  /** One spec per case: the kind stack with `key` set to `value` is rejected with exactly these lines. */
  function rejectsEach(cases: [string, unknown, string[]][]): void {
    for (const [key, value, problems] of cases) {
      const shown = String(JSON.stringify(value) ?? value);
      it(`rejects ${key} = ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`, function () {
        expect(problemsOf(kindWith(key, value))).to.deep.equal(problems);
      });
    }
  }

  describe("integers", function () {
    rejectsEach([
      ["backend.replicas", 1e12, ["backend.replicas (1000000000000) must be an integer between 0 and 2147483647"]],
      [
        "backend.autoscaling.maxReplicas",
        2147483648,
        ["backend.autoscaling.maxReplicas (2147483648) must be an integer between 1 and 2147483647"],
      ],
      [
        "backend.autoscaling.scaleUp.policies",
        [{ type: "Pods", value: 1e15, periodSeconds: 30 }],
        [
          "backend.autoscaling.scaleUp.policies[0].value (1000000000000000) must be an integer between 1 and 2147483647",
        ],
      ],
      [
        "frontend.service.nodePort",
        1e12,
        ["frontend.service.nodePort (1000000000000) must be an integer between 30000 and 32767"],
      ],
      ["backend.replicas", NaN, ["backend.replicas (NaN) must be an integer between 0 and 2147483647"]],
      [
        "backend.autoscaling.maxReplicas",
        Infinity,
        ["backend.autoscaling.maxReplicas (Infinity) must be an integer between 1 and 2147483647"],
      ],
      ["backend.port", "5000", ['backend.port ("5000") must be an integer between 1 and 65535']],
      [
        "backend.autoscaling.cpuUtilization",
        "70",
        ['backend.autoscaling.cpuUtilization ("70") must be an integer between 1 and 1000'],
      ],
    ]);

    it("caps minReplicas and maxReplicas at int32 even when they agree", function () {
      const raw = kindWith("backend.autoscaling.minReplicas", 1e15);
      setPath(raw, "backend.autoscaling.maxReplicas", 1e15);
      expect(problemsOf(raw)).to.deep.equal([
        "backend.autoscaling.minReplicas (1000000000000000) must be an integer between 1 and 2147483647",
        "backend.autoscaling.maxReplicas (1000000000000000) must be an integer between 1 and 2147483647",
      ]);
    });

    it("accepts the largest int32 as maxReplicas", function () {
      expect(
        parseConfig(kindWith("backend.autoscaling.maxReplicas", 2147483647)).backend.autoscaling.maxReplicas,
      ).to.equal(2147483647);
    });

    it("stores a window of -0 as 0", function () {
      const config = parseConfig(kindWith("backend.autoscaling.scaleUp.stabilizationWindowSeconds", -0));
      expect(Object.is(config.backend.autoscaling.scaleUp.stabilizationWindowSeconds, 0)).to.equal(true);
    });
  });

  describe("quantities", function () {
    rejectsEach([
      [
        "backend.resources.requests.cpu",
        "0",
        [
          'backend.resources.requests.cpu ("0") must be above 0: backend.autoscaling.cpuUtilization (70) is a percentage of it',
        ],
      ],
      [
        "backend.resources.requests.memory",
        "0Mi",
        [
          'backend.resources.requests.memory ("0Mi") must be above 0: backend.autoscaling.memoryUtilization (80) is a percentage of it',
        ],
      ],
      [
        "backend.resources.limits.cpu",
        "0",
        ['backend.resources.limits.cpu ("0") must be above 0; to set no limit, use null'],
      ],
      [
        "backend.resources.requests.cpu",
        "0.5m",
        ['backend.resources.requests.cpu ("0.5m") must be a whole number of millicores (at least "1m")'],
      ],
      [
        "backend.resources.requests.cpu",
        " 200m",
        [
          'backend.resources.requests.cpu (" 200m") is not a valid cpu quantity; use cores ("0.5", "1") or millicores ("200m")',
        ],
      ],
    ]);

    it("rejects requests and limits larger than any node", function () {
      const raw = kindWith("backend.resources", {
        requests: { cpu: "99999999Ei", memory: "33Ti" },
        limits: { cpu: "1025", memory: "99999999Ei" },
      });
      expect(problemsOf(raw)).to.deep.equal([
        'backend.resources.requests.cpu ("99999999Ei") must be at most 1024 cores ("1024"): no node has more',
        'backend.resources.limits.cpu ("1025") must be at most 1024 cores ("1024"): no node has more',
        'backend.resources.requests.memory ("33Ti") must be at most 32 TiB ("32Ti"): no node has more',
        'backend.resources.limits.memory ("99999999Ei") must be at most 32 TiB ("32Ti"): no node has more',
      ]);
    });

    it("accepts requests and limits up to 1024 cores and 32Ti", function () {
      const resources = { requests: { cpu: "1024", memory: "32Ti" }, limits: { cpu: "1024000m", memory: "32Ti" } };
      expect(parseConfig(kindWith("backend.resources", resources)).backend.resources).to.deep.equal(resources);
    });

    it("accepts a zero CPU request when no CPU target divides by it", function () {
      const raw = kindWith("backend.autoscaling.cpuUtilization", null);
      setPath(raw, "backend.resources.requests.cpu", "0");
      expect(parseConfig(raw).backend.resources.requests.cpu).to.equal("0");
    });
  });

  describe("image references", function () {
    const rule = "must be an image reference [host[:port]/]name[:tag][@sha256:<64 hex>] with a lowercase name";
    const bad = [
      "a:b:c@@",
      "-rf",
      "Feastflow-Backend:1.0.0",
      "feastflow backend:1.0.0",
      "",
      "feastflow-backend:",
      "feastflow-backend:-1",
      `feastflow-backend@sha256:${"a".repeat(63)}`,
      "../feastflow-backend",
      "ghcr.io//feastflow/backend",
    ];
    rejectsEach(bad.map((image) => ["backend.image", image, [`backend.image (${JSON.stringify(image)}) ${rule}`]]));
    rejectsEach([
      [
        "metricsServer.image",
        "registry.k8s.io/metrics-server:v0.8.0 --kubelet-insecure-tls",
        [`metricsServer.image ("registry.k8s.io/metrics-server:v0.8.0 --kubelet-insecure-tls") ${rule}`],
      ],
      ["frontend.image", "FeastFlow/Frontend", [`frontend.image ("FeastFlow/Frontend") ${rule}`]],
    ]);

    it("accepts names, registry hosts with ports, tags up to 128 characters and digests", function () {
      const good = [
        "feastflow-backend",
        "feastflow-backend:1.0.0",
        "ghcr.io/feastflow/backend:1.0.0",
        "localhost:5000/feastflow/backend:1.0.0",
        "[::1]:5000/feastflow/backend",
        "Registry.Example.com/feast__flow/back-end.v2:1.0_rc-1",
        `feastflow-backend:${"t".repeat(128)}`,
        `registry.k8s.io/metrics-server/metrics-server:v0.8.0@sha256:${"0123456789abcdef".repeat(4)}`,
      ];
      for (const image of good) expect(parseConfig(kindWith("backend.image", image)).backend.image).to.equal(image);
    });

    it("rejects a tag of 129 characters", function () {
      const image = `feastflow-backend:${"t".repeat(129)}`;
      expect(problemsOf(kindWith("backend.image", image))).to.deep.equal([
        `backend.image ("feastflow-backend:${"t".repeat(129)}") ${rule}`,
      ]);
    });
  });

  describe("node ports", function () {
    const clash = [
      "frontend.service.nodePort (30500) is already backend.service.nodePort; each Service needs a nodePort of its own",
    ];

    it("rejects two Services on the same nodePort in one sentence naming both keys", function () {
      const raw = kindWith("backend.service.nodePort", 30500);
      setPath(raw, "frontend.service.nodePort", 30500);
      expect(problemsOf(raw)).to.deep.equal(clash);
    });

    it("rejects a nodePort that clashes with the other workload's default", function () {
      expect(problemsOf({ frontend: { service: { nodePort: 30500 } } })).to.deep.equal(clash);
    });

    it("lets a workload take a nodePort the other one no longer uses", function () {
      const raw = kindWith("backend.service", { type: "ClusterIP" });
      setPath(raw, "frontend.service.nodePort", 30500);
      expect(parseConfig(raw).frontend.service.nodePort).to.equal(30500);
    });
  });

  describe("namespace", function () {
    const system = ["kube-system", "kube-public", "kube-node-lease", "default", "kube-feastflow"];
    rejectsEach(
      system.map((ns) => [
        "namespace",
        ns,
        [`namespace ("${ns}") is a Kubernetes system namespace; use one of FeastFlow's own (not default or kube-*)`],
      ]),
    );

    it('accepts any other DNS-1123 label, including "123" and "null"', function () {
      for (const ns of ["123", "null", "feastflow-staging"]) {
        expect(parseConfig(kindWith("namespace", ns)).namespace).to.equal(ns);
      }
    });
  });

  describe("health paths", function () {
    const rule =
      'must be an HTTP path starting with a single "/" (RFC 3986 characters, %XX escapes, at most 256 characters)';
    const bad = [
      "//evil.example/",
      "http://evil.example/healthz",
      "/api/%zz",
      "/api/health#top",
      "/api/\u0000",
      "/a b",
    ];
    rejectsEach(
      bad.map((path) => ["backend.healthPath", path, [`backend.healthPath (${JSON.stringify(path)}) ${rule}`]]),
    );

    it("rejects a path longer than 256 characters", function () {
      expect(problemsOf(kindWith("backend.healthPath", `/${"a".repeat(256)}`))).to.deep.equal([
        `backend.healthPath ("/${"a".repeat(198)}… (257 characters)) ${rule}`,
      ]);
    });

    it("accepts paths with a query, escapes and up to 256 characters", function () {
      for (const path of ["/healthz?verbose=1", "/api/v1/health%2Fdeep", `/${"a".repeat(255)}`]) {
        expect(parseConfig(kindWith("frontend.healthPath", path)).frontend.healthPath).to.equal(path);
      }
    });
  });

  describe("metricResolution", function () {
    const rule = 'must be whole seconds from 10s to 3600s, e.g. "15s" (write "60s", not "1m")';
    rejectsEach(
      ["9s", "3601s", "99999999999999999999s", "1m", "15"].map((d) => [
        "metricsServer.metricResolution",
        d,
        [`metricsServer.metricResolution ("${d}") ${rule}`],
      ]),
    );

    it("accepts 10s to 3600s", function () {
      for (const d of ["10s", "3600s"]) {
        expect(parseConfig(kindWith("metricsServer.metricResolution", d)).metricsServer.metricResolution).to.equal(d);
      }
    });
  });

  describe("null", function () {
    const objects = [
      "backend",
      "metricsServer",
      "backend.service",
      "backend.resources",
      "backend.resources.requests",
      "backend.autoscaling",
      "backend.autoscaling.scaleUp",
      "backend.autoscaling.scaleDown.policies",
    ];
    for (const key of objects) {
      it(`takes the defaults for ${key}: null`, function () {
        expect(at(parseConfig(kindWith(key, null)), key)).to.deep.equal(at(DEFAULTS, key));
      });
    }

    rejectsEach([
      ["backend.port", null, ["backend.port (null) must be an integer between 1 and 65535"]],
      ["namespace", null, ["namespace (null) must be a DNS-1123 label (lowercase letters, digits, '-')"]],
      ["backend.autoscaling.enabled", null, ["backend.autoscaling.enabled (null) must be true or false"]],
      [
        "backend.autoscaling.scaleUp.policies",
        [null],
        ["backend.autoscaling.scaleUp.policies[0] (null) must be an object { type, value, periodSeconds }"],
      ],
    ]);
  });

  describe("shapes", function () {
    rejectsEach([
      ["backend.autoscaling", 5, ["backend.autoscaling (5) must be an object (or null for the defaults)"]],
      ["backend.autoscaling", [], ["backend.autoscaling ([]) must be an object (or null for the defaults)"]],
      ["frontend", "on", ['frontend ("on") must be an object (or null for the defaults)']],
      [
        "backend.autoscaling.scaleUp.policies",
        "Percent",
        ['backend.autoscaling.scaleUp.policies ("Percent") must be a list (or null for the defaults)'],
      ],
      ["metricsServer.enabled", "true", ['metricsServer.enabled ("true") must be true or false']],
    ]);
  });

  describe("keys", function () {
    const topLevel = "allowed: namespace, metricsServer, backend, frontend";

    it("rejects a __proto__ key parsed from JSON", function () {
      const raw = JSON.parse('{"__proto__": {"namespace": "kube-system"}}') as Record<string, unknown>;
      expect(problemsOf(raw)).to.deep.equal([`__proto__ is not a known key; ${topLevel}`]);
    });

    it("rejects a __proto__ key assigned by a reader, which swaps the prototype", function () {
      const raw = stackConfig("kind");
      raw["__proto__"] = { namespace: "kube-system" };
      setPath(raw, "backend.service.__proto__", { type: "ClusterIP" });
      expect(problemsOf(raw)).to.deep.equal([
        `__proto__ is not a known key; ${topLevel}`,
        "backend.service.__proto__ is not a known key; allowed: type, nodePort",
      ]);
    });

    rejectsEach([
      [
        "backend.autoscaling.constructor",
        {},
        [
          "backend.autoscaling.constructor is not a known key; allowed: enabled, minReplicas, maxReplicas, cpuUtilization, memoryUtilization, scaleUp, scaleDown",
        ],
      ],
      [
        "backend.autoscaling.scaleUp.policies",
        [{ type: "Pods", value: 1, periodSeconds: 15, toString: "x" }],
        ["backend.autoscaling.scaleUp.policies[0].toString is not a known key; allowed: type, value, periodSeconds"],
      ],
    ]);

    it("quotes and cuts a key that is not a plain word", function () {
      const raw = { backend: { "my key": 1 }, ["k".repeat(10000)]: 1 };
      expect(problemsOf(raw)).to.deep.equal([
        'backend."my key" is not a known key; allowed: image, imagePullPolicy, port, healthPath, replicas, service, resources, scheduling, autoscaling',
        `"${"k".repeat(199)}… (10000 characters) is not a known key; ${topLevel}`,
      ]);
    });
  });

  describe("policies", function () {
    const policy = { type: "Pods", value: 1, periodSeconds: 15 };

    it("rejects more than 10 policies in one direction in one line", function () {
      const many = Array.from({ length: 100000 }, () => policy);
      expect(problemsOf(kindWith("backend.autoscaling.scaleDown.policies", many))).to.deep.equal([
        "backend.autoscaling.scaleDown.policies (100000 policies) must hold at most 10, Kubernetes' limit per direction",
      ]);
      expect(problemsOf(kindWith("backend.autoscaling.scaleUp.policies", many.slice(0, 11)))).to.deep.equal([
        "backend.autoscaling.scaleUp.policies (11 policies) must hold at most 10, Kubernetes' limit per direction",
      ]);
    });

    it("accepts 10 policies", function () {
      const ten = Array.from({ length: 10 }, () => policy);
      expect(
        parseConfig(kindWith("backend.autoscaling.scaleUp.policies", ten)).backend.autoscaling.scaleUp.policies,
      ).to.have.length(10);
    });
  });

  it("shows at most 200 characters of a long value", function () {
    expect(problemsOf(kindWith("backend.imagePullPolicy", "x".repeat(1e6)))).to.deep.equal([
      `backend.imagePullPolicy ("${"x".repeat(199)}… (1000000 characters)) must be one of: Always, IfNotPresent, Never`,
    ]);
  });

  it("verifies kubelet certificates unless a stack opts out, as the kind stack does", function () {
    expect(parseConfig({}).metricsServer.kubeletInsecureTls).to.equal(false);
    expect(parseConfig(stackConfig("dev")).metricsServer.kubeletInsecureTls).to.equal(false);
    expect(parseConfig(stackConfig("kind")).metricsServer.kubeletInsecureTls).to.equal(true);
  });
});
