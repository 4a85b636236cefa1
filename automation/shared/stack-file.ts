/**
 * Reads a stack's config from its file (Pulumi.<stack>.yaml) without Pulumi,
 * so the CLIs can judge options and overrides against it before touching a
 * cluster.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { rawConfig } from "../../components/config";
import { UsageError } from "./errors";
import { REPO_ROOT } from "./repo";

/** Pulumi's own rule for stack names: letters, digits, `-`, `_` and `.`. */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** Stacks of the project at `root`, from its Pulumi.<stack>.yaml files. */
export function listStacks(root: string = REPO_ROOT): string[] {
  return fs
    .readdirSync(root)
    .map((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/**
 * The `feastflow:*` config of Pulumi.<stack>.yaml, keys without the prefix.
 * Top-level scalars are turned into the strings Pulumi would hand the
 * program. An unknown stack or an unreadable file is a UsageError.
 */
export function readStackConfig(stack: string, root: string = REPO_ROOT): Record<string, unknown> {
  if (!STACK_NAME.test(stack)) {
    throw new UsageError(
      `--stack must be a stack name of letters, digits, "-", "_" or "." (got ${JSON.stringify(stack)}).`,
    );
  }
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = listStacks(root);
    throw new UsageError(
      `Stack ${stack} has no stack file (${path.basename(file)}) in ${root}; known stacks: ${known.join(", ") || "none"}.`,
    );
  }
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`${path.basename(file)} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const config = (doc as { config?: unknown } | null)?.config;
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new UsageError(`${path.basename(file)}: "config" must be a map of keys to values.`);
  }
  const entries = Object.entries(config as Record<string, unknown>).map(([key, value]) => [
    key,
    value !== null && typeof value === "object" ? value : String(value),
  ]);
  return rawConfig(Object.fromEntries(entries));
}
