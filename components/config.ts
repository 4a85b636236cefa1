import * as pulumi from "@pulumi/pulumi";
import { FeastflowConfig } from "./config-types";
import { rawConfig } from "./config-raw";
import { parseConfig } from "./config-parse";
import { ConfigError } from "./config-checker";

export * from "./config-types";
export { DEFAULTS } from "./config-defaults";
export { ConfigError } from "./config-checker";
export { parseConfig } from "./config-parse";
export { rawConfig } from "./config-raw";

/**
 * Reads this stack's `feastflow:*` config through Pulumi and validates it.
 * A bad config ends the program as a RunError: Pulumi then prints the problems
 * alone, without the stack trace and program text of an unhandled exception.
 */
export function loadConfig(): FeastflowConfig {
  try {
    return parseConfig(rawConfig(pulumi.runtime.allConfig()));
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new pulumi.RunError(`invalid stack config:\n  ${error.problems.join("\n  ")}`);
    }
    throw error;
  }
}
