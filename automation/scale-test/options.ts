/**
 * Command-line options of `npm run scale-test`, parsed with node:util
 * parseArgs and the shared option parsers. Pure: takes argv, returns typed
 * options or throws a UsageError naming the flag and the bad value. What can
 * only be judged against the stack's config is judged in offline-checks.ts.
 */
import type { WorkloadName } from "../../components/config";
import { UsageError } from "../shared/errors";
import { ConfigOverride, parseOverride } from "../shared/overrides";
import { millicores, outputFile, parseFlags, seconds, wholeNumber, workload } from "../shared/parse";
import { assertLocalTarget } from "../load";
import { reportFormatOf } from "../report";
import { loadScenario, type Scenario } from "../scenario";
import { readBaseline, type Baseline } from "./baseline";
import { LOAD_FLAGS, parseLoadOptions, type LoadOptions } from "./load-options";
import { parseTolerances, type Tolerances } from "./tolerance";

export interface ScaleTestOptions extends LoadOptions {
  stack: string;
  target: WorkloadName;
  /** Load duration in seconds; undefined means derived from the expectations. */
  durationSeconds?: number;
  /** The most connections the load may open (it opens them as the rate needs them). */
  connections: number;
  /**
   * Cap on requests per second over all connections (--rate): a number caps
   * the rate there, 0 lifts every cap, and undefined means the default cap,
   * derived as the run goes from what the load generators' CPU allows.
   */
  rate?: number;
  path: string;
  url?: string;
  expectReplicas?: number;
  withinSeconds?: number;
  /** Total CPU demand the load puts on the target, millicores (--demand). */
  demandMillicores?: number;
  maxErrors: number;
  verifyScaleDown: boolean;
  skipDeploy: boolean;
  destroy: boolean;
  /** Where the JSON results go ("-" for stdout). */
  jsonFile?: string;
  reportFile?: string;
  /** Stack config overrides by path, from repeated --config KEY=VALUE. */
  config: ConfigOverride[];
  /** The scenario to drive and judge (--scenario); undefined runs one step of demand. */
  scenario?: Scenario;
  /** A previous run to compare the figures with (--baseline), read and checked. */
  baseline?: Baseline;
  /** Each figure's tolerance against the baseline: the defaults and --tolerance. */
  tolerances: Tolerances;
  debug: boolean;
}

/** Per target: the endpoint worth loading. */
export const TARGET_PATHS: Record<WorkloadName, string> = {
  backend: "/api/menu/search?q=chicken",
  frontend: "/menu",
};

/**
 * The most connections by default: the load opens them as requests come due
 * while the others are busy, so this is only a ceiling on concurrency (rate
 * × latency), far above what a few hundred requests per second need.
 */
export const DEFAULT_CONNECTIONS = 100;

/** Bounds of the numeric options; a run of a day is already far beyond any HPA reaction. */
const LIMITS = {
  seconds: 86_400,
  connections: 1000,
  rate: 100_000,
  demand: 1_000_000,
  replicas: 2_147_483_647,
  errors: 1_000_000_000,
  path: 2048,
} as const;

const OPTIONS = {
  stack: { type: "string", default: "kind" },
  target: { type: "string" },
  scenario: { type: "string" },
  duration: { type: "string" },
  connections: { type: "string", default: String(DEFAULT_CONNECTIONS) },
  rate: { type: "string" },
  path: { type: "string" },
  url: { type: "string" },
  ...LOAD_FLAGS,
  "expect-replicas": { type: "string" },
  within: { type: "string" },
  demand: { type: "string" },
  "max-errors": { type: "string", default: "0" },
  "verify-scale-down": { type: "boolean", default: false },
  "skip-deploy": { type: "boolean", default: false },
  destroy: { type: "boolean", default: false },
  config: { type: "string", short: "c", multiple: true, default: [] as string[] },
  json: { type: "string" },
  report: { type: "string" },
  baseline: { type: "string" },
  tolerance: { type: "string", multiple: true, default: [] as string[] },
  debug: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** A request path: starts with "/", no blanks or control characters, bounded. */
function requestPath(text: string): string {
  if (!/^\/[\x21-\x7e]*$/.test(text) || text.startsWith("//") || text.length > LIMITS.path) {
    throw new UsageError(
      `--path must be a request path starting with a single "/", without blanks, at most ${LIMITS.path} characters (got ${JSON.stringify(text.slice(0, 80))}).`,
    );
  }
  return text;
}

/** A base URL on this machine (see target-guard.ts), without a query or fragment. */
function localUrl(text: string): string {
  let parsed: URL;
  try {
    parsed = assertLocalTarget(text);
  } catch (err) {
    throw new UsageError(`--url: ${(err as Error).message}`);
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new UsageError(
      `--url must be a plain base URL such as http://127.0.0.1:30500 (got ${JSON.stringify(text)}).`,
    );
  }
  return text.replace(/\/$/, "");
}

/** The target: the scenario's, which --target may repeat but not contradict; else --target, else the backend. */
function scenarioTarget(scenario: Scenario | undefined, given: WorkloadName | undefined): WorkloadName {
  if (scenario && given && given !== scenario.target) {
    throw new UsageError(
      `--target ${given} contradicts scenario ${scenario.source}, whose target is ${scenario.target}; drop --target.`,
    );
  }
  return scenario?.target ?? given ?? "backend";
}

const optional = <T>(text: string | undefined, parse: (text: string) => T): T | undefined =>
  text === undefined ? undefined : parse(text);

/** A scenario sets the demand, the length and the expectations: the flags that do are refused beside it. */
function refuseBesideScenario(scenario: Scenario, values: ReturnType<typeof parseFlags<typeof OPTIONS>>): void {
  const set = (
    [
      ["--demand", values.demand],
      ["--duration", values.duration],
      ["--expect-replicas", values["expect-replicas"]],
      ["--within", values.within],
      ["--verify-scale-down", values["verify-scale-down"] || undefined],
    ] as const
  ).filter(([, v]) => v !== undefined);
  if (set.length > 0) {
    throw new UsageError(
      `--scenario ${scenario.source} sets the demand, the run's length and what is expected of every sample, so it does not go with ${set.map(([f]) => f).join(", ")}.`,
    );
  }
}

/** Parses argv (without node and script); returns "help" for --help. */
export function parseOptions(argv: string[]): ScaleTestOptions | "help" {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return "help";
  const scenario = optional(values.scenario, (t) => loadScenario(t));
  const target = scenarioTarget(
    scenario,
    optional(values.target, (t) => workload("--target", t)),
  );
  const options: ScaleTestOptions = {
    stack: values.stack,
    target,
    durationSeconds: optional(values.duration, (t) => seconds("--duration", t, 1, LIMITS.seconds)),
    connections: wholeNumber("--connections", values.connections, 1, LIMITS.connections),
    rate: optional(values.rate, (t) => wholeNumber("--rate", t, 0, LIMITS.rate)),
    path: requestPath(values.path ?? TARGET_PATHS[target]),
    url: optional(values.url, localUrl),
    expectReplicas: optional(values["expect-replicas"], (t) => wholeNumber("--expect-replicas", t, 1, LIMITS.replicas)),
    withinSeconds: optional(values.within, (t) => seconds("--within", t, 1, LIMITS.seconds)),
    demandMillicores: optional(values.demand, (t) => millicores("--demand", t, 1, LIMITS.demand)),
    maxErrors: wholeNumber("--max-errors", values["max-errors"], 0, LIMITS.errors),
    verifyScaleDown: values["verify-scale-down"],
    skipDeploy: values["skip-deploy"],
    destroy: values.destroy,
    jsonFile: optional(values.json, (t) => outputFile("--json", t)),
    reportFile: optional(values.report, (t) => outputFile("--report", t)),
    config: values.config.map((text) => parseOverride(text)),
    scenario,
    baseline: optional(values.baseline, (t) => readBaseline(t)),
    tolerances: parseTolerances(values.tolerance),
    debug: values.debug,
    ...parseLoadOptions(values),
  };
  if (scenario) refuseBesideScenario(scenario, values);
  if (values.tolerance.length > 0 && options.baseline === undefined) {
    throw new UsageError(
      "--tolerance judges the figures against a previous run, so it needs --baseline PREVIOUS.json.",
    );
  }
  if (options.withinSeconds !== undefined && options.durationSeconds !== undefined) {
    if (options.withinSeconds > options.durationSeconds) {
      throw new UsageError(
        `--within ${options.withinSeconds} s is beyond --duration ${options.durationSeconds} s: the load would stop before the deadline.`,
      );
    }
  }
  if (options.skipDeploy && options.config.length > 0) {
    throw new UsageError(
      "--config changes the stack's config, which only a deploy applies; drop --skip-deploy or the --config overrides.",
    );
  }
  if (options.reportFile !== undefined && reportFormatOf(options.reportFile) === undefined) {
    throw new UsageError(
      `--report names its format by its extension: run.html (the whole report, one self-contained page) or run.svg (the chart) (got ${JSON.stringify(options.reportFile)}).`,
    );
  }
  return options;
}
