/**
 * The one reader of `feastflow:*` stack config: turns the entries Pulumi
 * hands out (the program's allConfig, the Automation API's getAllConfig, a
 * stack file's `config:` block) into the raw keys parseConfig takes.
 */
import { PROJECT } from "./types";

/**
 * Raw config keyed without the project prefix. Pulumi stores an object key as
 * a JSON string and a top-level scalar as a plain string, so only text that
 * is a JSON object or list is decoded: a namespace such as "123" or "null"
 * stays the string it was set to. Text that fails to decode is kept as is, for
 * validation to report.
 */
export function rawConfig(entries: Record<string, unknown>, project: string = PROJECT): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(entries)) {
    const at = fullKey.indexOf(":");
    if (at < 0 || fullKey.slice(0, at) !== project) continue;
    Object.defineProperty(raw, fullKey.slice(at + 1), { value: decode(value), enumerable: true, writable: true });
  }
  return raw;
}

function decode(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
