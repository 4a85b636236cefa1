/**
 * The building blocks of config validation: the keys each config object may
 * hold, which of them null may unset, and a checker that collects one sentence
 * per problem, naming the full key path, the bad value and what is allowed.
 */

/** Raised for invalid stack config; `problems` holds one sentence per bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

export type Raw = Record<string, unknown>;

/** Largest value of a Kubernetes int32 field (replicas, ports, percentages, seconds). */
const INT32_MAX = 2147483647;

/**
 * Keys allowed in each config object, by path pattern (`*` stands for an
 * array index). Anything else is reported as unknown, so a typo such as
 * `maxReplica` fails instead of being silently ignored.
 */
const RULES_KEYS = ["stabilizationWindowSeconds", "selectPolicy", "policies"];
const WORKLOAD_KEYS: Record<string, string[]> = {
  "": [
    "image",
    "imagePullPolicy",
    "port",
    "healthPath",
    "replicas",
    "service",
    "resources",
    "scheduling",
    "autoscaling",
  ],
  service: ["type", "nodePort"],
  resources: ["requests", "limits"],
  "resources.requests": ["cpu", "memory"],
  "resources.limits": ["cpu", "memory"],
  // nodeSelector's keys are the stack's own labels: checked by scheduling.ts, not listed here.
  scheduling: ["nodeSelector", "tolerations"],
  "scheduling.tolerations.*": ["key", "operator", "value", "effect", "tolerationSeconds"],
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

/**
 * Values a stack may unset with null, dropping their default: a workload may
 * go without a memory target, a fixed nodePort, a request or a limit. Null for
 * any other value is an error (see merge.ts for objects and lists).
 */
const WORKLOAD_OPTIONAL = [
  "service.nodePort",
  "resources.requests.cpu",
  "resources.requests.memory",
  "resources.limits.cpu",
  "resources.limits.memory",
  "autoscaling.cpuUtilization",
  "autoscaling.memoryUtilization",
];
export const OPTIONAL_KEYS: ReadonlySet<string> = new Set(
  ["backend", "frontend"].flatMap((w) => WORKLOAD_OPTIONAL.map((key) => `${w}.${key}`)),
);

function prefixed(prefix: string, keys: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(keys).map(([k, v]) => [k ? `${prefix}.${k}` : prefix, v]));
}

export function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Longest rendering of a value in a message; a megabyte of config must not become a megabyte of error. */
const SHOWN_CHARS = 200;

/** A value as a message shows it: JSON, numbers as JS writes them (NaN, -0), long values cut. */
export function show(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  const text = JSON.stringify(value) ?? String(value);
  if (text.length <= SHOWN_CHARS) return text;
  const size = typeof value === "string" ? `${value.length} characters` : `${text.length} characters of JSON`;
  return `${text.slice(0, SHOWN_CHARS)}… (${size})`;
}

/** A key as a message shows it: plain when it is a plain word, quoted (and cut) otherwise. */
function showKey(key: string): string {
  return /^[A-Za-z0-9_$-]{1,64}$/.test(key) ? key : show(key);
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
    // `raw.__proto__ = {...}` (a config key named __proto__ assigned by a reader) swaps the
    // prototype instead of adding a key; inherited values would then pass for the stack's own.
    const proto = Object.getPrototypeOf(raw);
    if (proto !== Object.prototype && proto !== null) this.unknownKey(path, "__proto__", allowed);
    for (const [key, value] of Object.entries(raw)) {
      if (allowed.includes(key)) this.unknownKeys(value, path ? `${path}.${key}` : key);
      else this.unknownKey(path, key, allowed);
    }
  }

  private unknownKey(path: string, key: string, allowed: string[]): void {
    const shown = showKey(key);
    const display = (path ? `${path}.${shown}` : shown).replace(/\.(\d+)(?=\.|$)/g, "[$1]");
    const hint = key.length >= 3 && allowed.find((a) => a.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)));
    this.problems.push(
      `${display} is not a known key${hint ? ` (did you mean ${hint}?)` : ""}; allowed: ${allowed.join(", ")}`,
    );
  }

  /** An integer within min..max; max defaults to the int32 ceiling every Kubernetes integer field has. */
  integer(key: string, value: unknown, min: number, max = INT32_MAX): void {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(key, value, `must be an integer between ${min} and ${max}`);
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

  /** A string the predicate accepts; `what` says what is allowed. */
  text(key: string, value: unknown, valid: (text: string) => boolean, what: string): void {
    if (typeof value !== "string" || !valid(value)) this.fail(key, value, `must be ${what}`);
  }
}
