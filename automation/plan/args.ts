/**
 * The planner's options, parsed with node:util parseArgs and the shared
 * option parsers, so flags that both CLIs take mean the same thing in both.
 */
import type { WorkloadName } from "../../components/config";
import { constant, LoadProfile, namedProfile, PROFILES } from "../hpa-model";
import { UsageError } from "../shared/errors";
import { ConfigOverride, parseOverride } from "../shared/overrides";
import { millicores, outputFile, parseFlags, seconds, workload } from "../shared/parse";

/** Longest simulated horizon: a week of one-second steps still runs in well under a second. */
const MAX_PLAN_SECONDS = 7 * 24 * 3600;
/** Largest total demand: a thousand cores is beyond any HPA this stack declares. */
const MAX_DEMAND_MILLICORES = 1_000_000;

export const USAGE = `Usage: npm run plan -- [options]

Predicts how the HPA scales a workload under a load profile, from the stack's
config (Pulumi.<stack>.yaml), with a model of the Kubernetes HPA controller: the
timeline, and the band of replicas a real cluster may show around it (the model
over every scrape and sync phase, metric lag, pod start-up and demand noise).

Options:
  --stack NAME            stack whose Pulumi.<NAME>.yaml to read (default: kind)
  --target NAME           backend | frontend (default: backend)
  --profile NAME          load profile: ${Object.keys(PROFILES).join(", ")} (default: seed)
  --demand MILLICORES     a constant total CPU demand instead of a profile, e.g. 800 or 800m
  --duration SECONDS      how long to simulate, e.g. 600, 600s or 10m
                          (default: the profile's length, 600 s with --demand; at most ${MAX_PLAN_SECONDS} s)
  -c, --config KEY=VALUE  stack config override by path, read like pulumi config set --path,
                          e.g. backend.autoscaling.maxReplicas=20 (repeatable)
  --json FILE             write the band, [{ t, minReady, maxReady, minDesired, maxDesired }] per second,
                          to FILE (- for stdout, instead of the table)
  --debug                 print the stack trace of an unexpected error
  -h, --help              show this help

Exit status: 0 on success, 2 on bad options or a stack config that is not valid (with the overrides).`;

export interface PlanOptions {
  stack: string;
  target: WorkloadName;
  profile: LoadProfile;
  /** How the load is described in the heading. */
  profileLabel: string;
  durationSeconds: number;
  config: ConfigOverride[];
  /** Where the JSON goes ("-" for stdout); undefined prints the table. */
  jsonFile?: string;
}

const OPTIONS = {
  stack: { type: "string", default: "kind" },
  target: { type: "string", default: "backend" },
  profile: { type: "string" },
  demand: { type: "string" },
  duration: { type: "string" },
  config: { type: "string", short: "c", multiple: true, default: [] as string[] },
  json: { type: "string" },
  debug: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** Turns argv into options; "help" for --help; throws UsageError for anything else wrong. */
export function parsePlanArgs(argv: string[]): PlanOptions | "help" {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return "help";
  if (values.profile !== undefined && values.demand !== undefined) {
    throw new UsageError("Use either --profile or --demand, not both.");
  }
  let profile: LoadProfile;
  let profileLabel: string;
  let durationSeconds: number;
  if (values.demand !== undefined) {
    const demand = millicores("--demand", values.demand, 1, MAX_DEMAND_MILLICORES);
    profile = constant(demand);
    profileLabel = `constant ${demand}m`;
    durationSeconds = 600;
  } else {
    const name = values.profile ?? "seed";
    if (!(name in PROFILES)) {
      throw new UsageError(
        `--profile must be one of ${Object.keys(PROFILES).join(", ")} (got ${JSON.stringify(name)}).`,
      );
    }
    const named = namedProfile(name);
    profile = named.profile;
    profileLabel = `${named.name}: ${named.description}`;
    durationSeconds = named.durationSeconds;
  }
  if (values.duration !== undefined) durationSeconds = seconds("--duration", values.duration, 1, MAX_PLAN_SECONDS);
  return {
    stack: values.stack,
    target: workload("--target", values.target),
    profile,
    profileLabel,
    durationSeconds,
    config: values.config.map((text) => parseOverride(text)),
    jsonFile: values.json === undefined ? undefined : outputFile("--json", values.json),
  };
}
