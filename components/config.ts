import * as pulumi from "@pulumi/pulumi";
import { FeastflowConfig, PROJECT } from "./config-types";
import { parseConfig } from "./config-parse";
import { ConfigError } from "./config-checker";

export * from "./config-types";
export { DEFAULTS } from "./config-defaults";
export { ConfigError } from "./config-checker";
export { parseConfig } from "./config-parse";

/**
 * Reads this stack's `feastflow:*` config through Pulumi and validates it.
 * A bad config ends the program as a RunError: Pulumi then prints the problems
 * alone, without the stack trace and program text of an unhandled exception.
 */
export function loadConfig(): FeastflowConfig {
  const raw: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    const [namespace, key] = fullKey.split(":");
    if (namespace !== PROJECT) continue;
    try {
      raw[key] = JSON.parse(value);
    } catch {
      raw[key] = value; // plain strings such as the namespace
    }
  }
  try {
    return parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new pulumi.RunError(`invalid stack config:\n  ${error.problems.join("\n  ")}`);
    }
    throw error;
  }
}
