/**
 * The "HPA action" column of the plan table: one sync's outcome in words,
 * with what changed and what held it back.
 */
import type { ResourceMetricSpec } from "./replica-calculator";

/** Why the controller changed less than the stabilized recommendation: its ScalingLimited reasons. */
export type Limit = "ScaleUpLimit" | "TooManyReplicas" | "ScaleDownLimit" | "TooFewReplicas" | undefined;

const LIMIT_WORDS: Record<NonNullable<Limit>, string> = {
  ScaleUpLimit: "limited by scaleUp policies",
  TooManyReplicas: "at maxReplicas",
  ScaleDownLimit: "limited by scaleDown policies",
  TooFewReplicas: "at minReplicas",
};

/** One sync, step by step: the replica count before it, then after each stage of normalization. */
export interface SyncSteps {
  minReplicas: number;
  maxReplicas: number;
  current: number;
  /** The largest metric proposal. */
  proposed: number;
  /** After the stabilization windows. */
  stabilized: number;
  /** After the rate limits and the min/max clamps. */
  final: number;
  limit: Limit;
  /** The metric whose proposal won, and the utilization each metric reported. */
  metric: ResourceMetricSpec;
  utilization: Record<string, number>;
}

/** The "HPA action" column: what changed and what held it back. */
export function describeAction(s: SyncSteps): string {
  const { current, proposed, stabilized, final, limit, metric } = s;
  const why = `${metric.resource} ${s.utilization[metric.resource]}% vs ${metric.targetUtilization}%`;
  const notes: string[] = [];
  if (stabilized !== proposed)
    notes.push(`${proposed > current ? "scale-up" : "scale-down"} stabilized (wants ${proposed})`);
  if (final !== stabilized && limit) notes.push(`${LIMIT_WORDS[limit]} (wants ${stabilized})`);
  if (final > current) return [`scale up ${current} → ${final} (${why})`, ...notes].join("; ");
  if (final < current) return [`scale down ${current} → ${final}`, ...notes].join("; ");
  // Held at a bound: the bound is the story, not the window that also held it.
  if (proposed < current && current === s.minReplicas) return "hold: at minReplicas";
  if (proposed > current && current === s.maxReplicas) return `hold: at maxReplicas (${why}, wants ${proposed})`;
  return notes.length > 0 ? `hold: ${notes.join("; ")}` : "—";
}
