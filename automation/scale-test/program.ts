/**
 * What the load does, second by second from load start: the one step of
 * demand of a plain run, or a scenario's phases with their config changes.
 * The steering follows it; the report marks its phases. Pure.
 */
import { demandAt, type ConfigChange, type ResolvedScenario } from "../scenario";
import type { PhaseMark } from "../shared/results";

/** The load at one moment: a CPU demand to hold, a fixed rate, or clients back to back. */
export type LoadAt =
  | { kind: "demand"; millicores: number }
  | { kind: "rate"; perSecond: number }
  | { kind: "concurrency"; clients: number };

/** The stack config changes a phase applies at its start. */
export interface ProgramChange {
  atSeconds: number;
  phase: string;
  config: ConfigChange[];
}

export interface Program {
  /** The load `t` seconds after load start (the last phase's on and after its end). */
  at(t: number): LoadAt;
  /** How long the load runs. */
  seconds: number;
  phases: PhaseMark[];
  changes: ProgramChange[];
}

/** A plain run: one demand from load start for `seconds`. */
export function stepProgram(millicores: number, seconds: number): Program {
  return {
    at: () => ({ kind: "demand", millicores }),
    seconds,
    phases: [],
    changes: [],
  };
}

/** A scenario's phases end to end. */
export function scenarioProgram(s: ResolvedScenario): Program {
  const last = s.phases[s.phases.length - 1];
  return {
    at: (t) => {
      const phase = s.phases.find((p) => t >= p.fromSeconds && t < p.toSeconds) ?? last;
      const l = phase.load;
      if (l.kind === "rate") return l;
      if (l.kind === "concurrency") return l;
      return { kind: "demand", millicores: demandAt(s, Math.min(t, last.toSeconds - 1e-6)) ?? 0 };
    },
    seconds: s.totalSeconds,
    phases: s.phases.map((p) => ({ name: p.name, fromSeconds: p.fromSeconds, toSeconds: p.toSeconds })),
    changes: s.phases
      .filter((p) => p.config.length > 0)
      .map((p) => ({ atSeconds: p.fromSeconds, phase: p.name, config: p.config })),
  };
}

/** The phase holding `t`, for a sentence ("in phase sale"); undefined outside the phases. */
export function phaseAt(phases: PhaseMark[], t: number): string | undefined {
  return phases.find((p) => t >= p.fromSeconds && t < p.toSeconds)?.name;
}
