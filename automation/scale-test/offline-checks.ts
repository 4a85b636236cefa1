/**
 * What can be judged against the stack's file before touching a cluster: the
 * stack exists, its config with the --config overrides is valid (the same
 * parser the Pulumi program uses), the target autoscales, and the options fit
 * the config (--expect-replicas within the HPA's bounds, a --rate for an HPA
 * without a CPU target, a Service local load can reach), and a scenario's
 * config changes and demands fit the stack.
 * Every problem is a UsageError, exit 2.
 */
import { ConfigError, parseConfig, type FeastflowConfig } from "../../components/config";
import { resolveScenario } from "../scenario";
import { UsageError } from "../shared/errors";
import { applyOverrides } from "../shared/overrides";
import { REPO_ROOT } from "../shared/repo";
import { readStackConfig } from "../shared/stack-file";
import type { ScaleTestOptions } from "./options";

/** The stack's config with the overrides applied, validated against the options; throws UsageError. */
export function checkAgainstStack(options: ScaleTestOptions, root: string = REPO_ROOT): FeastflowConfig {
  const raw = applyOverrides(readStackConfig(options.stack, root), options.config);
  let config: FeastflowConfig;
  try {
    config = parseConfig(raw);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const source =
      options.config.length > 0
        ? `Pulumi.${options.stack}.yaml with the --config overrides`
        : `Pulumi.${options.stack}.yaml`;
    throw new UsageError(`${source} is not a valid config: ${err.problems.join("; ")}.`);
  }
  const { target } = options;
  const workload = config[target];
  const hpa = workload.autoscaling;
  if (!hpa.enabled) {
    throw new UsageError(
      `${target}.autoscaling.enabled is false in stack ${options.stack}, so there is no HPA to test; set it to true (e.g. -c ${target}.autoscaling.enabled=true).`,
    );
  }
  const n = options.expectReplicas;
  if (n !== undefined && (n > hpa.maxReplicas || n <= hpa.minReplicas)) {
    throw new UsageError(
      `--expect-replicas ${n} must be above ${target}.autoscaling.minReplicas (${hpa.minReplicas}) and at most its maxReplicas (${hpa.maxReplicas}) in stack ${options.stack}.`,
    );
  }
  if (options.scenario) {
    if (hpa.cpuUtilization === undefined) {
      throw new UsageError(
        `${target}'s HPA has no CPU target in stack ${options.stack}, and a scenario is a story of CPU demand: give the HPA a CPU target (e.g. -c ${target}.autoscaling.cpuUtilization=70).`,
      );
    }
    resolveScenario(options.scenario, raw);
  } else if (hpa.cpuUtilization === undefined && !(options.rate !== undefined && options.rate > 0)) {
    throw new UsageError(
      `${target}'s HPA has no CPU target in stack ${options.stack}, so no CPU demand can set the load's rate: pass --rate with the requests per second to send.`,
    );
  }
  // Without a nodePort the load comes from inside the cluster, unless --load-from local insists on this machine.
  if (options.url === undefined && options.loadFrom === "local" && workload.service.nodePort === undefined) {
    throw new UsageError(
      `The ${target} Service is ${workload.service.type} without a nodePort in stack ${options.stack}, so this machine cannot reach it; load from the cluster (drop --load-from local), pass --url, or set ${target}.service.type to NodePort.`,
    );
  }
  return config;
}
