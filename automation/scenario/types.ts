/**
 * A scenario: the demand an operator fears, as phases of so many seconds,
 * each with its load and the stack config changes it applies when it
 * starts. The same value serves `npm run plan` (predicted) and the scale
 * test (driven and judged). Plain data.
 */
import type { WorkloadName } from "../../components/config";

/** An amount of CPU demand: millicores, or pods' worth at the stack's CPU target (N × request × target). */
export type Amount = { millicores: number } | { pods: number };

/** What loads the target during a phase. */
export type PhaseLoad =
  /** A CPU demand, constant (from = to) or linear from one amount to the other over the phase. */
  | { kind: "demand"; from: Amount; to: Amount }
  /** N clients back to back, each sending its next request when the last one answers (the runbook's script). */
  | { kind: "concurrency"; clients: number }
  /** A fixed request rate, whatever a request costs. */
  | { kind: "rate"; perSecond: number };

/** One stack config change, by path, as `pulumi config set --path` takes it. */
export interface ConfigChange {
  key: string;
  value: string | number | boolean;
}

export interface Phase {
  name: string;
  seconds: number;
  load: PhaseLoad;
  /** Applied with the Automation API (config set + up) when the phase starts. */
  config: ConfigChange[];
}

export interface Scenario {
  name: string;
  /** One sentence: what it stands for. */
  description: string;
  target: WorkloadName;
  phases: Phase[];
  /** Where it came from: a built-in's name, or the file's path. */
  source: string;
}
