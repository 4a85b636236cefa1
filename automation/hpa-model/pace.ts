/**
 * How fast the behavior policies let replicas move: the controller's own rate
 * limits (rate-limits.ts) applied sync after sync, with the proposal always
 * as far as allowed. For budgets that need the pace without a load profile.
 */
import type { ScalingRules } from "../../components/config";
import { DEFAULT_MODEL_OPTIONS } from "./options";
import { ScaleEventHistory } from "./rate-limits";
import { resolveBehavior } from "./spec";

/** Syncs that change the count, and seconds from the first to the last; undefined when the policies forbid the move. */
export function policyPace(
  from: number,
  to: number,
  rules: { scaleUp: ScalingRules; scaleDown: ScalingRules },
  syncPeriodSeconds = DEFAULT_MODEL_OPTIONS.syncPeriodSeconds,
): { syncs: number; seconds: number } | undefined {
  const behavior = resolveBehavior(rules.scaleUp, rules.scaleDown, DEFAULT_MODEL_OPTIONS.downscaleStabilizationSeconds);
  // Stryker disable next-line ConditionalExpression: both rules are always given, so resolveBehavior always returns a behavior
  if (!behavior) return undefined;
  // Stryker disable next-line EqualityOperator: from = to returns before the direction is read
  const up = to > from;
  const direction = up ? behavior.scaleUp : behavior.scaleDown;
  if (from === to) return { syncs: 0, seconds: 0 };
  // Stryker disable next-line ConditionalExpression,StringLiteral: a Disabled direction's limit is the current count, so the loop below gives up with undefined all the same
  if (direction.selectPolicy === "Disabled") return undefined;
  const events = new ScaleEventHistory();
  const longest = Math.max(syncPeriodSeconds, ...direction.policies.map((p) => p.periodSeconds));
  let current = from;
  let syncs = 0;
  let last = 0;
  // A policy frees its budget after its period; waiting longer than the longest one cannot help.
  for (let t = 0, idle = 0; current !== to && idle <= longest; t += syncPeriodSeconds) {
    const limit = up ? events.scaleUpLimit(t, current, direction) : events.scaleDownLimit(t, current, direction);
    const next = up ? Math.min(to, Math.max(limit, current)) : Math.max(to, Math.min(limit, current));
    if (next === current) {
      idle += syncPeriodSeconds;
      continue;
    }
    events.record(t, current, next, behavior);
    current = next;
    syncs++;
    last = t;
    idle = 0;
  }
  return current === to ? { syncs, seconds: last } : undefined;
}
