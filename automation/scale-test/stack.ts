/**
 * The Pulumi Automation API driver, apart from the CLI so tests and the e2e
 * suite can import it: deploy(), destroy(), outputs() and config() on a stack
 * of this repo's program (workDir is the repo root, found from __dirname).
 * Failures surface as PreflightError with one sentence from pulumi-errors.ts.
 */
import { delimiter, join } from "node:path";
import { existsSync } from "node:fs";
import type { Stack } from "@pulumi/pulumi/automation";
import { FeastflowConfig, parseConfig, rawConfig } from "../../components/config";
import { PreflightError } from "../shared/errors";
import type { ConfigOverride } from "../shared/overrides";
import { REPO_ROOT } from "../shared/repo";
import { explainPulumiError } from "./pulumi-errors";
import { parseOutputs, StackOutputs } from "./stack-outputs";

export interface StackRef {
  stackName: string;
  /** The Pulumi project to drive; this repo unless a caller (e.g. a test on a copy) says otherwise. */
  workDir?: string;
  /** Config overrides by path, as `pulumi config set --path` takes them (written to the stack's config file). */
  config?: ConfigOverride[];
}

export interface RunOptions {
  /** Engine output, line by line; the CLI sends it to stderr. */
  onOutput?: (text: string) => void;
  /** Aborts the running update (Ctrl-C). */
  signal?: AbortSignal;
}

/** True when a `pulumi` executable is on PATH; the Automation API drives that CLI. */
function pulumiOnPath(path = process.env.PATH ?? ""): boolean {
  return path.split(delimiter).some((dir) => dir && existsSync(join(dir, "pulumi")));
}

async function attempt<T>(stackName: string, action: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PreflightError) throw err;
    throw new PreflightError(explainPulumiError(err, stackName, action));
  }
}

/**
 * The program's TypeScript is transpiled, not type-checked, inside each `pulumi up` the scale test runs:
 * `npm run typecheck` checks it, and a type-check in every up costs seconds of CPU on a node the load
 * saturates, which is when a scenario's config change must be taken fast. Set the variable to "false" to
 * check anyway.
 */
const PROGRAM_ENV = { PULUMI_NODEJS_TRANSPILE_ONLY: process.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true" };

/** Creates or selects the stack on this repo's program and applies config overrides (path keys). */
export async function openStack(ref: StackRef): Promise<Stack> {
  if (!pulumiOnPath()) {
    throw new PreflightError(explainPulumiError({ code: "ENOENT" }, ref.stackName, "select"));
  }
  return attempt(ref.stackName, "stack select", async () => {
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: ref.stackName, workDir: ref.workDir ?? REPO_ROOT },
      { envVars: PROGRAM_ENV },
    );
    for (const { key, text } of ref.config ?? []) {
      await stack.setConfig(`feastflow:${key}`, { value: text }, true);
    }
    return stack;
  });
}

/** The stack's outputs, checked against the contract in stack-outputs.ts. */
export async function outputs(stack: Stack): Promise<StackOutputs> {
  const raw = await attempt(stack.name, "stack output", () => stack.outputs());
  try {
    return parseOutputs(raw);
  } catch (err) {
    throw new PreflightError((err as Error).message);
  }
}

/** The stack's `feastflow:*` config as the program reads it, before validation (keys without the prefix). */
export async function rawConfigOf(stack: Stack): Promise<Record<string, unknown>> {
  const all = await attempt(stack.name, "config", () => stack.getAllConfig());
  return rawConfig(Object.fromEntries(Object.entries(all).map(([key, { value }]) => [key, value])));
}

/** The stack's config, validated by the same parser the Pulumi program uses. */
export async function config(stack: Stack): Promise<FeastflowConfig> {
  const raw = await rawConfigOf(stack);
  try {
    return parseConfig(raw);
  } catch (err) {
    throw new PreflightError(`Stack ${stack.name} has invalid config: ${(err as Error).message}`);
  }
}

/** `pulumi up`, streaming engine output; returns the outputs. */
export async function deploy(stack: Stack, options: RunOptions = {}): Promise<StackOutputs> {
  await attempt(stack.name, "up", () => stack.up({ onOutput: options.onOutput, signal: options.signal }));
  return outputs(stack);
}

/** `pulumi destroy`, streaming engine output. */
export async function destroy(stack: Stack, options: RunOptions = {}): Promise<void> {
  await attempt(stack.name, "destroy", () => stack.destroy({ onOutput: options.onOutput, signal: options.signal }));
}

/** A config key's value before a run changed it: undefined when the stack did not set it. */
export type SavedConfig = Array<{ key: string; value: string | undefined }>;

/**
 * Sets config values by path (`pulumi config set --path`), saying first what
 * each key held, so `restoreConfig` can put the stack back as it was.
 */
export async function setConfig(
  stack: Stack,
  changes: Array<{ key: string; value: string | number | boolean }>,
): Promise<SavedConfig> {
  return attempt(stack.name, "config set", async () => {
    const saved: SavedConfig = [];
    for (const { key, value } of changes) {
      const full = `feastflow:${key}`;
      const before = await stack.getConfig(full, true).then(
        (v) => v.value,
        () => undefined,
      );
      saved.push({ key, value: before });
      await stack.setConfig(full, { value: String(value) }, true);
    }
    return saved;
  });
}

/** Puts saved config values back, newest change first; a key the stack did not set is removed. */
export async function restoreConfig(stack: Stack, saved: SavedConfig): Promise<void> {
  await attempt(stack.name, "config restore", async () => {
    for (const { key, value } of [...saved].reverse()) {
      const full = `feastflow:${key}`;
      if (value === undefined) await stack.removeConfig(full, true);
      else await stack.setConfig(full, { value }, true);
    }
  });
}
