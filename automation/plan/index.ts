/**
 * `npm run plan`: the predicted HPA timeline for a stack's config and a load
 * profile, the computed replacement of the old guide's hand-written table.
 * A thin CLI over the pure model in hpa-model.ts: read the stack file, apply
 * `--set` overrides, validate with parseConfig, simulate, print.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import YAML from "yaml";
import { PROJECT, type WorkloadConfig, type WorkloadName } from "../../components/config-types";
import { ConfigError } from "../../components/config-checker";
import { parseConfig } from "../../components/config-parse";
import { Simulation, simulate } from "../hpa-model";
import { REPO_ROOT } from "../shared/repo";
import { LoadProfile, PROFILES, constant, namedProfile } from "../hpa-model/load-profile";

export const USAGE = `Usage: npm run plan -- --stack NAME [options]

Predicts how the HPA scales a workload under a load profile, from Pulumi.<NAME>.yaml.

Options:
  --stack NAME           stack whose Pulumi.<NAME>.yaml to read (required)
  --target NAME          backend (default) or frontend
  --profile NAME         load profile: ${Object.keys(PROFILES).join(", ")} (default: seed)
  --demand MILLICORES    constant total CPU demand instead of a profile, e.g. 800 or 800m
  --duration SECONDS     how long to simulate (default: the profile's length, 600 for --demand)
  --set KEY=VALUE        override a config key by dotted path, value parsed as JSON when it parses,
                         e.g. --set backend.autoscaling.maxReplicas=20 (repeatable)
  --json                 print [{ t, desiredReplicas, readyReplicas, cpuUtilization }] instead of a table
  -h, --help             show this help`;

/** Where the CLI writes; tests capture it. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

class UsageError extends Error {}

type Raw = Record<string, unknown>;

/** The `<project>:*` keys of Pulumi.<stack>.yaml without their prefix; {} (with a warning) if the file is absent. */
export function readStackConfig(root: string, stack: string, project: string, warn: (text: string) => void): Raw {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    warn(`warning: ${path.basename(file)} not found in ${root}; using the default config`);
    return {};
  }
  const doc: unknown = YAML.parse(fs.readFileSync(file, "utf8"));
  const config = (doc as { config?: Raw } | null)?.config ?? {};
  const raw: Raw = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(`${project}:`)) raw[key.slice(project.length + 1)] = value;
  }
  return raw;
}

/** Applies one `KEY=VALUE` override in place, creating objects along the dotted path. */
export function applyOverride(raw: Raw, assignment: string): void {
  const eq = assignment.indexOf("=");
  if (eq <= 0) throw new UsageError(`--set expects KEY=VALUE, got "${assignment}"`);
  const keys = assignment
    .slice(0, eq)
    .replace(/^[\w-]+:/, "") // a `feastflow:` prefix as in `pulumi config set`
    .split(".");
  const text = assignment.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text; // plain strings such as an image tag
  }
  let node: Raw = raw;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null) node[key] = {};
    node = node[key] as Raw;
  }
  node[keys[keys.length - 1]] = value;
}

interface Plan {
  stack: string;
  target: WorkloadName;
  profile: LoadProfile;
  profileLabel: string;
  duration: number;
  json: boolean;
  sets: string[];
}

function positive(name: string, text: string, parse: (t: string) => number): number {
  const value = parse(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`${name} must be a non-negative number, got "${text}"`);
  return value;
}

/** Turns argv into a plan, or throws UsageError; returns undefined for --help. */
export function parsePlanArgs(argv: string[]): Plan | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        stack: { type: "string" },
        target: { type: "string", default: "backend" },
        profile: { type: "string" },
        demand: { type: "string" },
        duration: { type: "string" },
        set: { type: "string", multiple: true, default: [] },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  if (!values.stack) throw new UsageError("--stack is required");
  if (values.target !== "backend" && values.target !== "frontend") {
    throw new UsageError(`--target must be backend or frontend, got "${values.target}"`);
  }
  if (values.profile !== undefined && values.demand !== undefined) {
    throw new UsageError("use either --profile or --demand, not both");
  }
  let profile: LoadProfile;
  let profileLabel: string;
  let duration: number;
  if (values.demand !== undefined) {
    const demand = positive("--demand", values.demand, (t) => Number(t.replace(/m$/, "")));
    profile = constant(demand);
    profileLabel = `constant ${demand}m`;
    duration = 600;
  } else {
    let named;
    try {
      named = namedProfile(values.profile ?? "seed");
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    profile = named.profile;
    profileLabel = `${named.name}: ${named.description}`;
    duration = named.durationSeconds;
  }
  if (values.duration !== undefined) duration = Math.round(positive("--duration", values.duration, Number));
  return {
    stack: values.stack,
    target: values.target,
    profile,
    profileLabel,
    duration,
    json: values.json,
    sets: values.set,
  };
}

function seconds(t: number): string {
  return t < 600 ? `${t} s` : `${Math.floor(t / 60)} min ${t % 60 ? `${t % 60} s` : ""}`.trim();
}

/**
 * The table people read: every sync where the HPA acted or its reason changed,
 * every change in Ready pods between syncs, and the first and last sync.
 */
export function formatTimeline(sim: Simulation): string {
  // No colors: the table ends up in CI logs and reports as often as on a terminal.
  const table = new Table({
    head: ["time", "load", "CPU %", "desired", "ready", "HPA action"],
    style: { head: [], border: [] },
  });
  const syncTimes = new Set(sim.timeline.map((p) => p.t));
  const readyBetween = sim.readyChanges.filter((c) => !syncTimes.has(c.t));
  type Row = { t: number; cells: string[] };
  const rows: Row[] = [];
  // "wants 9", "wants 8" …: the same story with other numbers is not a new row.
  const story = (action: string) => action.replace(/\d+/g, "#");
  let lastAction = "";
  let lastDesired = -1;
  sim.timeline.forEach((p, i) => {
    const last = i === sim.timeline.length - 1;
    if (i === 0 || last || story(p.action) !== lastAction || p.desiredReplicas !== lastDesired) {
      const cpu = p.cpuUtilization === null ? "–" : `${p.cpuUtilization}`;
      const cells = [
        seconds(p.t),
        `${Math.round(p.demandMillicores)}m`,
        cpu,
        `${p.desiredReplicas}`,
        `${p.readyReplicas}`,
        p.action,
      ];
      rows.push({ t: p.t, cells });
    }
    lastAction = story(p.action);
    lastDesired = p.desiredReplicas;
  });
  let desired = sim.timeline[0]?.desiredReplicas ?? 0;
  for (const change of readyBetween) {
    desired = [...sim.timeline].reverse().find((p) => p.t < change.t)?.desiredReplicas ?? desired;
    rows.push({
      t: change.t,
      cells: [seconds(change.t), "", "", `${desired}`, `${change.readyReplicas}`, "pods Ready"],
    });
  }
  rows.sort((a, b) => a.t - b.t);
  for (const row of rows) table.push(row.cells);
  return table.toString();
}

/** The CLI: resolves to the exit code (0 ok, 1 bad config, 2 usage error). */
export async function main(argv: string[], io: Io, root = REPO_ROOT): Promise<number> {
  const usageError = (error: UsageError) => {
    io.err(`plan: ${error.message}\n\n${USAGE}`);
    return 2;
  };
  let plan: Plan | undefined;
  try {
    plan = parsePlanArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error);
    throw error;
  }
  if (!plan) {
    io.out(USAGE);
    return 0;
  }
  try {
    const raw = readStackConfig(root, plan.stack, PROJECT, io.err);
    for (const assignment of plan.sets) applyOverride(raw, assignment);
    const config = parseConfig(raw);
    const workload = config[plan.target];
    if (!workload.autoscaling.enabled) {
      io.err(`${plan.target}.autoscaling.enabled is false: the Deployment stays at ${workload.replicas} replicas`);
      if (plan.json) io.out("[]");
      return 0;
    }
    const metricResolutionSeconds = Number.parseInt(config.metricsServer.metricResolution, 10);
    const sim = simulate(workload, plan.profile, plan.duration, { metricResolutionSeconds });
    io.out(plan.json ? formatJson(sim) : [describePlan(plan, workload, sim), formatTimeline(sim)].join("\n"));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usageError(error);
    if (error instanceof ConfigError) {
      io.err(`plan: invalid config for stack ${plan.stack}:\n  ${error.problems.join("\n  ")}`);
      return 1;
    }
    throw error;
  }
}

/** The machine-readable timeline: one point per HPA sync. */
export function formatJson(sim: Simulation): string {
  const points = sim.timeline.map(({ t, desiredReplicas, readyReplicas, cpuUtilization }) => ({
    t,
    desiredReplicas,
    readyReplicas,
    cpuUtilization,
  }));
  return JSON.stringify(points, null, 2);
}

function describePlan(plan: Plan, workload: WorkloadConfig, sim: Simulation): string {
  const a = workload.autoscaling;
  const r = workload.resources;
  return [
    `${plan.target} on stack ${plan.stack}: ${a.minReplicas}–${a.maxReplicas} replicas, ` +
      `CPU target ${a.cpuUtilization ?? "–"} %, memory target ${a.memoryUtilization ?? "–"} %, ` +
      `requests ${r.requests.cpu}/${r.requests.memory}, limits ${r.limits.cpu}/${r.limits.memory}`,
    `load ${plan.profileLabel}; ${plan.duration} s simulated, HPA sync every ${sim.options.syncPeriodSeconds} s`,
  ].join("\n");
}

if (require.main === module) {
  main(process.argv.slice(2), { out: (text) => console.log(text), err: (text) => console.error(text) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
