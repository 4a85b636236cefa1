/**
 * KEY=VALUE stack config overrides (`--config`/`-c` on both CLIs), read the way
 * `pulumi config set --path KEY VALUE` reads them: KEY is a path such as
 * `backend.autoscaling.maxReplicas` or `backend.autoscaling.scaleUp.policies[0].value`,
 * with an optional `feastflow:` prefix; inside a path "true" and "false" are
 * booleans, integers are numbers and everything else is a string.
 */
import { UsageError } from "./errors";

export interface ConfigOverride {
  /** The key as `pulumi config set --path` takes it, without the project prefix. */
  key: string;
  /** The key split into object keys and list indexes. */
  path: Array<string | number>;
  /** The value as typed. */
  text: string;
  /** The value as Pulumi stores it. */
  value: string | number | boolean;
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_-]*)((?:\[\d{1,4}\])*)$/;
/** Keys that would reach an object's prototype rather than the config. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

function pathOf(key: string, raw: string, flag: string): Array<string | number> {
  const path: Array<string | number> = [];
  for (const segment of key.split(".")) {
    const match = SEGMENT.exec(segment);
    if (!match || FORBIDDEN.has(match[1])) {
      throw new UsageError(
        `${flag} key ${JSON.stringify(key)} is not a config path such as backend.autoscaling.maxReplicas or backend.autoscaling.scaleUp.policies[0].value (got "${raw}").`,
      );
    }
    path.push(match[1], ...[...match[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  }
  return path;
}

/** Pulumi's rule for a value set by path. */
function valueOf(text: string, nested: boolean): string | number | boolean {
  if (!nested) return text;
  if (text === "true" || text === "false") return text === "true";
  if (/^-?\d{1,15}$/.test(text)) return Number(text);
  return text;
}

/** Parses one `KEY=VALUE`, or throws a UsageError naming the flag. */
export function parseOverride(text: string, flag = "--config"): ConfigOverride {
  const at = text.indexOf("=");
  if (at <= 0) {
    throw new UsageError(`${flag} takes KEY=VALUE, e.g. backend.autoscaling.maxReplicas=20 (got "${text}").`);
  }
  const key = text.slice(0, at).replace(/^feastflow:/, "");
  const path = pathOf(key, text, flag);
  return { key, path, text: text.slice(at + 1), value: valueOf(text.slice(at + 1), path.length > 1) };
}

/** A copy of `raw` with the overrides applied in order, creating maps and lists along each path. */
export function applyOverrides(raw: Record<string, unknown>, overrides: ConfigOverride[]): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const { path, value } of overrides) {
    let node: Record<string | number, unknown> = out;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      const wantList = typeof path[i + 1] === "number";
      const next = node[segment];
      const fits = wantList ? Array.isArray(next) : typeof next === "object" && next !== null && !Array.isArray(next);
      if (!fits) node[segment] = wantList ? [] : {};
      node = node[segment] as Record<string | number, unknown>;
    });
  }
  return out;
}
