/**
 * How a stack's values lie over the defaults. Objects merge key by key; lists
 * (scaling policies) and plain values replace. `null` means "no value of my own":
 *
 * - for an object or a list (`backend`, `autoscaling`, `scaleUp`, `policies`, …)
 *   the defaults stay, as if the key were absent: YAML reads a key whose
 *   contents are all commented out as null;
 * - for an optional value (OPTIONAL_KEYS: a utilization target, a nodePort, a
 *   request or a limit) it unsets the default;
 * - for any other value it stays null, and validation rejects it with the key.
 *
 * A value of the wrong shape where the defaults hold an object or a list is
 * reported here and replaced by the defaults, so the checks that follow always
 * walk the defaults' shape and report each mistake once.
 */
import { DEFAULTS } from "./defaults";
import { Checker, isObject, OPTIONAL_KEYS, Raw } from "./checker";
import { FeastflowConfig } from "./types";
export function overDefaults(c: Checker, raw: Raw): FeastflowConfig {
  return overlay(c, "", defaultsFor(raw), raw) as FeastflowConfig;
}

function overlay(c: Checker, key: string, base: unknown, value: unknown): unknown {
  if (value === undefined) return base;
  if (value === null) {
    if (isObject(base) || Array.isArray(base)) return base;
    return OPTIONAL_KEYS.has(key) ? undefined : null;
  }
  if (isObject(base) && !isObject(value)) return rejectShape(c, key, value, "must be an object", base);
  if (Array.isArray(base) && !Array.isArray(value)) return rejectShape(c, key, value, "must be a list", base);
  if (Array.isArray(value)) return value.map((item, i) => overlay(c, `${key}[${i}]`, undefined, item));
  if (isObject(value)) return merged(c, key, isObject(base) ? base : {}, value);
  // -0 passes every integer check; keep the 0 it means, so no encoder writes "-0" into a manifest.
  return Object.is(value, -0) ? 0 : value;
}

function merged(c: Checker, key: string, base: Raw, value: Raw): Raw {
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(value)) {
    const next = overlay(c, key ? `${key}.${k}` : k, out[k], v);
    if (next === undefined) delete out[k];
    else out[k] = next;
  }
  return out;
}

function rejectShape(c: Checker, key: string, value: unknown, rule: string, base: unknown): unknown {
  c.fail(key, value, `${rule} (or null for the defaults)`);
  return base;
}

/**
 * The defaults for this stack. The default fixed nodePorts belong to the
 * default NodePort Services: a stack that picks another Service type without
 * naming a nodePort does not inherit one.
 */
function defaultsFor(raw: Raw): FeastflowConfig {
  const defaults = structuredClone(DEFAULTS);
  for (const name of ["backend", "frontend"] as const) {
    const service = isObject(raw[name]) ? (raw[name] as Raw).service : undefined;
    if (isObject(service) && service.type !== undefined && service.nodePort === undefined) {
      delete defaults[name].service.nodePort;
    }
  }
  return defaults;
}
