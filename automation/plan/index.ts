/**
 * `npm run plan`: the predicted HPA timeline for a stack's config and a
 * scenario (or a constant demand), computed instead of written by hand. A
 * thin CLI over the pure model (../hpa-model) and the scenarios
 * (../scenario): read the stack file, apply --config overrides, validate,
 * fit the scenario, simulate, print.
 */
import { writeFileSync } from "node:fs";
import { ConfigError, metricResolutionSeconds, parseConfig } from "../../components/config";
import { envelope, simulate } from "../hpa-model";
import { capacity } from "../shared/capacity";
import { runCli } from "../shared/cli";
import { applyOverrides } from "../shared/overrides";
import { REPO_ROOT } from "../shared/repo";
import { readStackConfig } from "../shared/stack-file";
import { parsePlanArgs, USAGE } from "./args";
import { describeBand, describePlan, formatJson, formatTimeline } from "./format";
import { planLoad } from "./load";
import { requestOf } from "./room";
import { planRoom } from "./room";

/** Past this many seconds of load the band takes long enough to say so first. */
const LONG_SECONDS = 3600;

/** Where the CLI writes; tests capture it. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * The CLI: resolves to the exit code (0 ok, 2 bad options or stack config). Usage errors are thrown for the top-level handler to report.
 */
export async function main(argv: string[], io: Io, root = REPO_ROOT): Promise<number> {
  const plan = parsePlanArgs(argv);
  if (plan === "help") {
    io.out(USAGE);
    return 0;
  }
  const raw = applyOverrides(readStackConfig(plan.stack, root), plan.config);
  let config;
  try {
    config = parseConfig(raw);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`plan: invalid config for stack ${plan.stack}:\n  ${error.problems.join("\n  ")}`);
    return 2;
  }
  const workload = config[plan.target];
  if (!workload.autoscaling.enabled) {
    io.err(
      `plan: ${plan.target}.autoscaling.enabled is false, so the Deployment stays at ${workload.replicas} replicas.`,
    );
    if (plan.jsonFile !== undefined) write(plan.jsonFile, "[]", io);
    return 0;
  }
  const load = planLoad(plan, raw);
  if (load.seconds > LONG_SECONDS) {
    io.err(
      `plan: modeling ${load.label} (${load.seconds} s) over every combination the band spans; a day takes a few seconds...`,
    );
  }
  const room = await planRoom(plan, config, io);
  const model = {
    metricResolutionSeconds: metricResolutionSeconds(config.metricsServer.metricResolution),
    ...(room ? { schedulablePods: room.pods } : {}),
    ...(plan.memoryBytesPerPod === undefined ? {} : { memoryBytesPerPod: plan.memoryBytesPerPod }),
  };
  const sim = simulate(workload, load.demand, load.seconds, model, load.timeline);
  const env = envelope({
    workload,
    demand: load.demand,
    fromSeconds: 0,
    toSeconds: load.seconds,
    initialReplicas: workload.autoscaling.minReplicas,
    model,
    changes: load.changes,
  });
  if (plan.jsonFile !== undefined) write(plan.jsonFile, formatJson(env), io);
  else {
    const fit = capacity({
      what: plan.scenario ? `The ${plan.scenario.name} scenario` : `A constant ${plan.demand?.millicores}m`,
      target: plan.target,
      peakPods: Math.max(...env.points.map((pt) => pt.maxDesired)),
      request: requestOf(workload),
      room: room && { pods: room.pods, source: room.source },
      nodeSize: room?.nodeSize ?? plan.nodeSize,
    });
    io.out(
      [
        describePlan(plan, load, workload, sim),
        ...(room?.said ? [room.said] : []),
        describeBand(env),
        `Capacity: ${fit.sentence}`,
        formatTimeline(sim, env, load.phases),
      ].join("\n"),
    );
  }
  return 0;
}

function write(file: string, text: string, io: Io): void {
  if (file === "-") io.out(text);
  else writeFileSync(file, `${text}\n`);
}

if (require.main === module) {
  runCli("plan", (argv) =>
    main(argv, { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) }),
  );
}
