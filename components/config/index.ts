/**
 * FeastFlow's stack config, the one door to it: the typed shape, the
 * defaults, the validating parser and the reader of Pulumi's raw entries,
 * plus loadConfig for the Pulumi program. The tools (scale test, planner)
 * judge config offline through the same parser, so the Pulumi SDK is loaded
 * only when loadConfig runs.
 */
import type * as pulumiSdk from "@pulumi/pulumi";
import { ConfigError } from "./checker";
import { parseConfig } from "./parse";
import { rawConfig } from "./raw";
import type { FeastflowConfig } from "./types";

export * from "./types";
export { DEFAULTS } from "./defaults";
export { ConfigError } from "./checker";
export { metricResolutionSeconds } from "./formats";
export { parseConfig } from "./parse";
export { rawConfig } from "./raw";

/**
 * Reads this stack's `feastflow:*` config through Pulumi and validates it.
 * A bad config ends the program as a RunError: Pulumi then prints the problems
 * alone, without the stack trace and program text of an unhandled exception.
 */
export function loadConfig(): FeastflowConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here only, see the file comment
  const pulumi = require("@pulumi/pulumi") as typeof pulumiSdk;
  try {
    return parseConfig(rawConfig(pulumi.runtime.allConfig()));
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new pulumi.RunError(`invalid stack config:\n  ${error.problems.join("\n  ")}`);
    }
    throw error;
  }
}
