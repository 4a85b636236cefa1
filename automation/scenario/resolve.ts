/**
 * A scenario against a stack: each phase's start and end, the workload's
 * config in force in it (the stack's, with every earlier phase's changes),
 * and its load in this stack's terms (pods' worth turned into millicores at
 * the CPU target then in force). What the stack cannot take (a change that
 * breaks its config, pods' worth for an HPA without a CPU target) is named
 * here, still before anything is deployed. Pure.
 */
import { ConfigError, parseConfig, type FeastflowConfig, type WorkloadConfig } from "../../components/config";
import { UsageError } from "../shared/errors";
import { applyOverrides, parseOverride } from "../shared/overrides";
import type { Amount, ConfigChange, Phase, Scenario } from "./types";

/** A phase's load in this stack's terms. */
export type ResolvedLoad =
  | { kind: "demand"; fromMillicores: number; toMillicores: number }
  | { kind: "concurrency"; clients: number }
  | { kind: "rate"; perSecond: number };

export interface ResolvedPhase {
  name: string;
  /** Seconds since the scenario's start. */
  fromSeconds: number;
  toSeconds: number;
  load: ResolvedLoad;
  /** The changes this phase applies at its start (empty: none). */
  config: ConfigChange[];
  /** The target's config in force during the phase, its changes included. */
  workload: WorkloadConfig;
  /** The whole stack config in force during the phase. */
  stackConfig: FeastflowConfig;
}

export interface ResolvedScenario {
  scenario: Scenario;
  phases: ResolvedPhase[];
  totalSeconds: number;
}

/** One pod's worth of demand: its CPU request at the CPU target, millicores; undefined without a target. */
export function podWorth(workload: WorkloadConfig): number | undefined {
  const request = Number(/^(\d+)m$/.exec(workload.resources.requests.cpu ?? "")?.[1] ?? NaN);
  const target = workload.autoscaling.cpuUtilization;
  return target === undefined || !Number.isFinite(request) ? undefined : (request * target) / 100;
}

function millicoresOf(a: Amount, workload: WorkloadConfig): number | undefined {
  if ("millicores" in a) return a.millicores;
  const worth = podWorth(workload);
  return worth === undefined ? undefined : Math.round(a.pods * worth);
}

function resolveLoad(phase: Phase, workload: WorkloadConfig, at: string, problems: string[]): ResolvedLoad | undefined {
  const l = phase.load;
  if (l.kind !== "demand") return l;
  const from = millicoresOf(l.from, workload);
  const to = millicoresOf(l.to, workload);
  if (from === undefined || to === undefined) {
    problems.push(`${at}.demand is given in pods, but the target's HPA has no CPU target to count a pod's worth by`);
    return undefined;
  }
  return { kind: "demand", fromMillicores: from, toMillicores: to };
}

/** The scenario on the stack whose raw config (overrides applied) is `raw`; throws one UsageError naming every problem. */
export function resolveScenario(scenario: Scenario, raw: Record<string, unknown>): ResolvedScenario {
  const problems: string[] = [];
  const phases: ResolvedPhase[] = [];
  let current = raw;
  let stackConfig: FeastflowConfig | undefined;
  let t = 0;
  scenario.phases.forEach((phase, i) => {
    const at = `phases[${i}]`;
    current = applyOverrides(
      current,
      phase.config.map((c) => parseOverride(`${c.key}=${String(c.value)}`)),
    );
    try {
      stackConfig = parseConfig(current);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // Named once, at the phase whose changes broke it; the phases after it inherit the same config.
      if (phase.config.length > 0 || i === 0) {
        problems.push(`${at}.config leaves the stack's config invalid: ${err.problems.join("; ")}`);
      }
      return;
    }
    const workload = stackConfig[scenario.target];
    if (!workload.autoscaling.enabled)
      problems.push(`${at}: ${scenario.target}.autoscaling.enabled is false, so there is no HPA to drive`);
    const load = resolveLoad(phase, workload, at, problems);
    if (load)
      phases.push({
        name: phase.name,
        fromSeconds: t,
        toSeconds: t + phase.seconds,
        load,
        config: phase.config,
        workload,
        stackConfig,
      });
    t += phase.seconds;
  });
  if (problems.length > 0) {
    throw new UsageError(`Scenario ${scenario.source} does not fit this stack: ${problems.join("; ")}.`);
  }
  return { scenario, phases, totalSeconds: t };
}

/** The demand a resolved scenario asks for at second `t`, millicores; undefined in a concurrency or rate phase. */
export function demandAt(s: ResolvedScenario, t: number): number | undefined {
  const phase = s.phases.find((p) => t >= p.fromSeconds && t < p.toSeconds);
  if (!phase) return 0;
  if (phase.load.kind !== "demand") return undefined;
  const { fromMillicores: from, toMillicores: to } = phase.load;
  const span = phase.toSeconds - phase.fromSeconds;
  return from + ((to - from) * (t - phase.fromSeconds)) / span;
}
