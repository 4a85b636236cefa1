/**
 * Where scenarios come from: the built-in ones, the runbook's stories as
 * files in built-in/ (read them as examples of the format), or a file of the
 * operator's own, named by its path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../shared/errors";
import { parseScenario } from "./parse";
import type { Scenario } from "./types";

const BUILT_IN_DIR = join(__dirname, "built-in");
/** Largest scenario file read: a scenario is a few dozen lines. */
const MAX_FILE_BYTES = 256 * 1024;

/** The built-in scenarios' names, in a stable order. */
export function builtInNames(): string[] {
  return readdirSync(BUILT_IN_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/**
 * The scenario a user names: a built-in's name, or the path of a YAML or JSON
 * file, relative to where the user ran the command (npm runs scripts in the
 * package's root and says where it was called from in INIT_CWD).
 */
export function loadScenario(nameOrFile: string, cwd: string = process.env.INIT_CWD ?? process.cwd()): Scenario {
  if (builtInNames().includes(nameOrFile)) {
    return parseScenario(readFileSync(join(BUILT_IN_DIR, `${nameOrFile}.yaml`), "utf8"), nameOrFile);
  }
  const file = resolve(cwd, nameOrFile);
  if (!/[./\\]/.test(nameOrFile) || !existsSync(file)) {
    throw new UsageError(
      `--scenario ${JSON.stringify(nameOrFile.slice(0, 80))} is neither a built-in scenario (${builtInNames().join(", ")}) nor a file that exists.`,
    );
  }
  if (!statSync(file).isFile() || statSync(file).size > MAX_FILE_BYTES) {
    throw new UsageError(`--scenario ${nameOrFile} must be a scenario file of at most ${MAX_FILE_BYTES / 1024} KiB.`);
  }
  return parseScenario(readFileSync(file, "utf8"), nameOrFile);
}
