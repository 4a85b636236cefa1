/**
 * The building blocks of config validation: the keys each config object may
 * hold, and a checker that collects one sentence per problem, naming the full
 * key path, the bad value and what is allowed.
 */

/** Raised for invalid stack config; `problems` holds one sentence per bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

export type Raw = Record<string, unknown>;

/**
 * Keys allowed in each config object, by path pattern (`*` stands for an
 * array index). Anything else is reported as unknown, so a typo such as
 * `maxReplica` fails instead of being silently ignored.
 */
const RULES_KEYS = ["stabilizationWindowSeconds", "selectPolicy", "policies"];
const WORKLOAD_KEYS: Record<string, string[]> = {
  "": ["image", "imagePullPolicy", "port", "healthPath", "replicas", "service", "resources", "autoscaling"],
  service: ["type", "nodePort"],
  resources: ["requests", "limits"],
  "resources.requests": ["cpu", "memory"],
  "resources.limits": ["cpu", "memory"],
  autoscaling: ["enabled", "minReplicas", "maxReplicas", "cpuUtilization", "memoryUtilization", "scaleUp", "scaleDown"],
  "autoscaling.scaleUp": RULES_KEYS,
  "autoscaling.scaleDown": RULES_KEYS,
  "autoscaling.scaleUp.policies.*": ["type", "value", "periodSeconds"],
  "autoscaling.scaleDown.policies.*": ["type", "value", "periodSeconds"],
};
const KNOWN_KEYS: Record<string, string[]> = {
  "": ["namespace", "metricsServer", "backend", "frontend"],
  metricsServer: ["enabled", "kubeletInsecureTls", "metricResolution", "image"],
  ...prefixed("backend", WORKLOAD_KEYS),
  ...prefixed("frontend", WORKLOAD_KEYS),
};

function prefixed(prefix: string, keys: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(keys).map(([k, v]) => [k ? `${prefix}.${k}` : prefix, v]));
}

export function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}
/** Collects problems while walking the config. */
export class Checker {
  readonly problems: string[] = [];

  fail(key: string, value: unknown, rule: string): void {
    this.problems.push(`${key} (${show(value)}) ${rule}`);
  }

  unknownKeys(raw: unknown, path = ""): void {
    if (Array.isArray(raw)) {
      raw.forEach((item, i) => this.unknownKeys(item, path ? `${path}.${i}` : String(i)));
      return;
    }
    if (!isObject(raw)) return;
    const pattern = path.replace(/\.\d+(?=\.|$)/g, ".*");
    const allowed = KNOWN_KEYS[pattern];
    if (!allowed) return;
    for (const [key, value] of Object.entries(raw)) {
      const full = path ? `${path}.${key}` : key;
      if (!allowed.includes(key)) {
        const hint = allowed.find((a) => a.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)));
        const display = full.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
        this.problems.push(
          `${display} is not a known key${hint ? ` (did you mean ${hint}?)` : ""}; allowed: ${allowed.join(", ")}`,
        );
      } else {
        this.unknownKeys(value, full);
      }
    }
  }

  integer(key: string, value: unknown, min: number, max: number): void {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
      this.fail(key, value, `must be an integer ${range}`);
    }
  }

  oneOf(key: string, value: unknown, allowed: readonly string[]): void {
    if (typeof value !== "string" || !allowed.includes(value)) {
      this.fail(key, value, `must be one of: ${allowed.join(", ")}`);
    }
  }

  boolean(key: string, value: unknown): void {
    if (typeof value !== "boolean") this.fail(key, value, "must be true or false");
  }

  text(key: string, value: unknown, pattern: RegExp, what: string): void {
    if (typeof value !== "string" || !pattern.test(value)) this.fail(key, value, `must be ${what}`);
  }
}
