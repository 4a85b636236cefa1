/**
 * The controller's scale-event history behind the behavior policies' rate
 * limits, kept and pruned exactly as kubernetes
 * `pkg/controller/podautoscaler/horizontal.go` keeps it.
 */
import type { ScalingPolicy, ScalingRules } from "../../components/config";
import type { ResolvedBehavior } from "./spec";

/** One rescale: how many replicas it added or removed, and when. */
export interface ScaleEvent {
  change: number;
  t: number;
}

/** What one policy allows at a sync: the count at the start of its period, and the count it allows now. */
export interface PolicyLimit {
  policy: ScalingPolicy;
  start: number;
  allowed: number;
}

/** One HPA's recent scale-ups and scale-downs, and the limits they leave for the next sync. */
export class ScaleEventHistory {
  private readonly upEvents: ScaleEvent[] = [];
  private readonly downEvents: ScaleEvent[] = [];

  /** The scale-ups and the scale-downs kept, in slot order. */
  get events(): { up: readonly Readonly<ScaleEvent>[]; down: readonly Readonly<ScaleEvent>[] } {
    return { up: this.upEvents, down: this.downEvents };
  }

  /** An independent copy, for a run that splits in two. */
  copy(): ScaleEventHistory {
    const copy = new ScaleEventHistory();
    for (const e of this.upEvents) copy.upEvents.push({ change: e.change, t: e.t });
    for (const e of this.downEvents) copy.downEvents.push({ change: e.change, t: e.t });
    return copy;
  }

  /** calculateScaleUpLimitWithScalingRules: Max takes the most generous policy, Min the strictest. */
  scaleUpLimit(now: number, current: number, rules: ScalingRules): number {
    if (rules.selectPolicy === "Disabled") return current;
    const allowed = this.policyLimits(now, current, rules, "up").map((l) => l.allowed);
    return rules.selectPolicy === "Min" ? Math.min(Infinity, ...allowed) : Math.max(-Infinity, ...allowed);
  }

  /** calculateScaleDownLimitWithBehaviors: the percent form truncates like Go's int32 conversion. */
  scaleDownLimit(now: number, current: number, rules: ScalingRules): number {
    if (rules.selectPolicy === "Disabled") return current;
    // Stryker disable next-line StringLiteral: policyLimits takes any direction but "up" as down
    const allowed = this.policyLimits(now, current, rules, "down").map((l) => l.allowed);
    return rules.selectPolicy === "Min" ? Math.max(-Infinity, ...allowed) : Math.min(Infinity, ...allowed);
  }

  /** Each policy's own limit in one direction, before selectPolicy picks among them. */
  policyLimits(now: number, current: number, rules: ScalingRules, direction: "up" | "down"): PolicyLimit[] {
    return rules.policies.map((policy) => {
      const start = this.periodStart(now, current, policy);
      const allowed =
        direction === "up"
          ? policy.type === "Pods"
            ? start + policy.value
            : Math.ceil(start * (1 + policy.value / 100))
          : policy.type === "Pods"
            ? start - policy.value
            : Math.trunc(start * (1 - policy.value / 100));
      return { policy, start, allowed };
    });
  }

  /** storeScaleEvent: keeps events for the longest policy period, reusing one outdated slot. */
  record(now: number, previous: number, next: number, behavior: ResolvedBehavior): void {
    // Stryker disable next-line EqualityOperator: every caller records a change only, so next never equals previous
    const up = next > previous;
    const events = up ? this.upEvents : this.downEvents;
    const rules = up ? behavior.scaleUp : behavior.scaleDown;
    const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
    let outdated = -1;
    events.forEach((e, i) => {
      if (e.t < now - longest) outdated = i;
    });
    const event = { change: Math.abs(next - previous), t: now };
    if (outdated >= 0) events[outdated] = event;
    else events.push(event);
  }

  /** Replica change recorded within the last `periodSeconds` (getReplicasChangePerPeriod). */
  private changeWithin(events: ScaleEvent[], now: number, periodSeconds: number): number {
    let change = 0;
    for (const e of events) if (e.t > now - periodSeconds) change += e.change;
    return change;
  }

  /** The count each policy allows from the replicas at the start of its period. */
  private periodStart(now: number, current: number, policy: ScalingPolicy): number {
    const added = this.changeWithin(this.upEvents, now, policy.periodSeconds);
    const deleted = this.changeWithin(this.downEvents, now, policy.periodSeconds);
    return current - added + deleted;
  }
}
