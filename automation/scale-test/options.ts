/**
 * Command-line options of `npm run scale-test`, parsed with node:util
 * parseArgs. Pure: takes argv, returns typed options or throws UsageError with
 * a sentence naming the flag and the bad value.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../shared/errors";
import type { Target } from "./types";

export interface ScaleTestOptions {
  stack: string;
  target: Target;
  /** Load duration in seconds; undefined means derived from the expectations (T + 30 s). */
  durationSeconds?: number;
  connections: number;
  /** Requests per second over all connections; undefined means uncapped (--rate 0). */
  rate?: number;
  path: string;
  url?: string;
  expectReplicas?: number;
  withinSeconds?: number;
  /** Total CPU demand the load puts on the target, millicores (--demand); undefined means estimated from the rate. */
  demandMillicores?: number;
  maxErrors: number;
  verifyScaleDown: boolean;
  skipDeploy: boolean;
  destroy: boolean;
  jsonFile?: string;
  reportFile?: string;
  /** Stack config overrides by path, from repeated --config key=value. */
  config: Record<string, string>;
}

/** Per target: the endpoint worth loading and a rate that moves its HPA without starving a 2-core host. */
export const TARGET_DEFAULTS: Record<Target, { path: string; rate: number }> = {
  backend: { path: "/api/menu/search?q=chicken", rate: 80 },
  frontend: { path: "/", rate: 400 },
};

export const USAGE = `Usage: npm run scale-test -- [options]

Deploys the stack with the Pulumi Automation API, drives HTTP load at a
FeastFlow Service, watches the HPA scale it, and passes only if replicas
scaled up in time with no failed requests. Table on stdout, progress on stderr.

Options:
  --stack NAME            Pulumi stack to deploy and test (default: kind)
  --target NAME           backend | frontend (default: backend)
  --duration SECONDS      load duration, e.g. 180, 180s, 3m (default: the scale-up deadline + 30 s)
  --connections N         concurrent HTTP connections (default: 10)
  --rate N                cap on requests/s over all connections, 0 = no cap
                          (default: backend ${TARGET_DEFAULTS.backend.rate}, frontend ${TARGET_DEFAULTS.frontend.rate}; protects a small host's control plane)
  --path PATH             request path (default: backend ${TARGET_DEFAULTS.backend.path}, frontend ${TARGET_DEFAULTS.frontend.path})
  --url URL               base URL of the Service, skips discovery (must be this machine: localhost,
                          127.0.0.1 or one of its addresses; never a port-forward, which reaches one pod)
  --expect-replicas N     ready replicas the scale-up must reach (default: min(maxReplicas, minReplicas + 2),
                          capped at what the HPA model says this load reaches)
  --within SECONDS        deadline for that, from load start (default: the HPA model's time + slack, at least 100 s;
                          without a model prediction, derived from the HPA config as Kubernetes' e2e tests do)
  --demand MILLICORES     total CPU the load puts on the target, e.g. 900 or 900m, for the HPA model
                          (default: --rate × a per-request cost measured for the backend's default path)
  --max-errors N          failed requests allowed: errors + timeouts + non-2xx (default: 0)
  --verify-scale-down     after load, also wait for replicas to come back to minReplicas
  --skip-deploy           do not run pulumi up; test what the stack already deployed
  --destroy               pulumi destroy the stack at the end, pass or fail
  --config KEY=VALUE      stack config override by path, e.g. backend.autoscaling.maxReplicas=20
                          (repeatable; written to the stack's config file like pulumi config set --path)
  --json FILE             write { series, load, verdict, expectations, comparison } as JSON
  --report FILE           write a chart of replicas (observed and the model's) and CPU over time as SVG
  -h, --help              show this help

Exit status: 0 when the verdict passes, 1 when it fails or a preflight check fails,
2 on bad options, 130 when interrupted.`;

const OPTIONS = {
  stack: { type: "string", default: "kind" },
  target: { type: "string", default: "backend" },
  duration: { type: "string" },
  connections: { type: "string", default: "10" },
  rate: { type: "string" },
  path: { type: "string" },
  url: { type: "string" },
  "expect-replicas": { type: "string" },
  within: { type: "string" },
  demand: { type: "string" },
  "max-errors": { type: "string", default: "0" },
  "verify-scale-down": { type: "boolean", default: false },
  "skip-deploy": { type: "boolean", default: false },
  destroy: { type: "boolean", default: false },
  config: { type: "string", multiple: true, default: [] as string[] },
  json: { type: "string" },
  report: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** A whole number >= min, or a UsageError naming the flag. */
export function parseCount(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min) {
    throw new UsageError(`--${flag} must be a whole number >= ${min} (got "${text}").`);
  }
  return value;
}

/** Seconds from `90`, `90s` or `2m`. */
export function parseSeconds(flag: string, text: string): number {
  const match = /^(\d+)(s|m)?$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) {
    throw new UsageError(`--${flag} must be a positive duration such as 90, 90s or 2m (got "${text}").`);
  }
  return Number(match[1]) * (match[2] === "m" ? 60 : 1);
}

/** Millicores from `900` or `900m`, at least 1. */
export function parseMillicores(flag: string, text: string): number {
  const match = /^(\d+)m?$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) {
    throw new UsageError(`--${flag} must be a positive CPU amount in millicores such as 900 or 900m (got "${text}").`);
  }
  return Number(match[1]);
}

function parseConfigPairs(pairs: string[]): Record<string, string> {
  const config: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0)
      throw new UsageError(`--config takes KEY=VALUE, e.g. backend.autoscaling.maxReplicas=20 (got "${pair}").`);
    config[pair.slice(0, at).replace(/^feastflow:/, "")] = pair.slice(at + 1);
  }
  return config;
}

/** Parses argv (without node and script); returns "help" for --help. */
export function parseOptions(argv: string[]): ScaleTestOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return "help";
  if (values.target !== "backend" && values.target !== "frontend") {
    throw new UsageError(`--target must be backend or frontend (got "${values.target}").`);
  }
  const target: Target = values.target;
  const rate = values.rate === undefined ? TARGET_DEFAULTS[target].rate : parseCount("rate", values.rate, 0);
  const path = values.path ?? TARGET_DEFAULTS[target].path;
  if (!path.startsWith("/")) throw new UsageError(`--path must start with "/" (got "${path}").`);
  return {
    stack: values.stack,
    target,
    durationSeconds: values.duration === undefined ? undefined : parseSeconds("duration", values.duration),
    connections: parseCount("connections", values.connections),
    rate: rate === 0 ? undefined : rate,
    path,
    url: values.url,
    expectReplicas:
      values["expect-replicas"] === undefined ? undefined : parseCount("expect-replicas", values["expect-replicas"]),
    withinSeconds: values.within === undefined ? undefined : parseSeconds("within", values.within),
    demandMillicores: values.demand === undefined ? undefined : parseMillicores("demand", values.demand),
    maxErrors: parseCount("max-errors", values["max-errors"], 0),
    verifyScaleDown: values["verify-scale-down"],
    skipDeploy: values["skip-deploy"],
    destroy: values.destroy,
    jsonFile: values.json,
    reportFile: values.report,
    config: parseConfigPairs(values.config),
  };
}

/**
 * Requests per connection before reconnecting: about every 2 s per
 * connection at the capped rate, so new pods get traffic soon after they are
 * Ready (kube-proxy balances per connection).
 */
export function reconnectRate(rate: number | undefined, connections: number): number {
  return rate === undefined ? 100 : Math.max(5, Math.round((rate / connections) * 2));
}
