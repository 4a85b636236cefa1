import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** Repository root, where Pulumi.yaml and the stack files live. */
import { REPO_ROOT as ROOT } from "../../automation/shared/repo";
import { readStackConfig } from "../../automation/shared/stack-file";

/** One resource the program registered under mocks. */
export interface MockResource {
  type: string;
  name: string;
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What a program run produced: its resources and its resolved stack outputs. */
export interface ProgramRun {
  resources: MockResource[];
  outputs: Record<string, unknown>;
}

/** The `feastflow:*` config of a real stack file, keys without the prefix. */
export function stackConfig(stack: string): Record<string, unknown> {
  return readStackConfig(stack, ROOT);
}

/** Sets `a.b.c` in a nested object, the way `pulumi config set --path` does. */
export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = typeof node[key] === "object" && node[key] !== null ? node[key] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function resolve<T>(value: pulumi.Input<T> | undefined): Promise<T | undefined> {
  return new Promise((done) => pulumi.output(value).apply((v) => done(v as T | undefined)));
}

/** Resolves every Output nested in a plain exported value. */
async function resolveDeep(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) return resolveDeep(await resolve(value));
  if (Array.isArray(value)) return Promise.all(value.map(resolveDeep));
  if (value && typeof value === "object") {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v)]));
    return Object.fromEntries(entries);
  }
  return value;
}

/**
 * Runs index.ts under Pulumi mocks with the given `feastflow:*` config and
 * returns what it declared. The program is loaded fresh on every call.
 * `resources` receives each resource as it is declared, so a caller can see
 * what a failing run declared before it failed.
 */
export async function runProgram(
  config: Record<string, unknown>,
  stack = "test",
  resources: MockResource[] = [],
): Promise<ProgramRun> {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(config).map(([k, v]) => [`feastflow:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
    ),
  );
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "feastflow",
    stack,
    true,
  );
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(path.join(ROOT, "components")) || key === path.join(ROOT, "index.ts")) {
      delete require.cache[key];
    }
  }
  let program: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program = require(path.join(ROOT, "index.ts")) as Record<string, unknown>;
  } catch (error) {
    // Registrations are asynchronous: let those a failing program started reach the mocks first.
    await pulumi.runtime.awaitStackRegistrations?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
    throw error;
  }
  const outputs = (await resolveDeep({ ...program })) as Record<string, unknown>;
  await pulumi.runtime.awaitStackRegistrations?.();
  return { resources, outputs };
}

/** Resources of one Pulumi type token, e.g. "kubernetes:apps/v1:Deployment". */
export function ofType(run: ProgramRun, type: string): MockResource[] {
  return run.resources.filter((r) => r.type === type);
}

/** The single resource of a type with a given name; fails loudly otherwise. */
export function one(run: ProgramRun, type: string, name: string): MockResource {
  const found = run.resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}
