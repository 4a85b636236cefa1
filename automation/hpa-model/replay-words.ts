/**
 * The rules that shaped one replayed sync, in words: pods not ready counted
 * at 0 %, the tolerance, the stabilization window and the recommendation it
 * kept, the named policy and what it allowed, min and max. Read off the
 * decision's steps and the controller's histories as they stood at the sync.
 */
import type { ScalingPolicy, ScalingRules } from "../../components/config";
import type { SyncSteps } from "./action";
import type { ControllerOptions, Decision, HpaController } from "./controller";
import { isUnreadyForCpu, isWithinTolerance, resourceReplicas, type PodView } from "./replica-calculator";

/** "Pods 4 per 30 s", "Percent 100 % per 15 s". */
export function policyWords(p: ScalingPolicy): string {
  return `${p.type} ${p.value}${p.type === "Percent" ? " %" : ""} per ${p.periodSeconds} s`;
}

/** The policy selectPolicy picks in one direction, and what it allowed: "Pods 4 per 30 s allowed +4, up to 6". */
function policyBound(c: HpaController, now: number, current: number, rules: ScalingRules, up: boolean): string {
  if (rules.selectPolicy === "Disabled") return `scale-${up ? "up" : "down"} disabled (selectPolicy Disabled)`;
  // Stryker disable next-line StringLiteral: policyLimits takes any direction but "up" as down
  const limits = c.events.policyLimits(now, current, rules, up ? "up" : "down");
  if (limits.length === 0) return "";
  const generous = (rules.selectPolicy === "Max") === up;
  const chosen = limits.reduce((a, b) => ((generous ? b.allowed > a.allowed : b.allowed < a.allowed) ? b : a));
  const step = chosen.allowed - chosen.start;
  const to = up ? Math.max(chosen.allowed, current) : Math.min(chosen.allowed, current);
  return `${policyWords(chosen.policy)} allowed ${step >= 0 ? "+" : "−"}${Math.abs(step)}, ${up ? "up" : "down"} to ${to}`;
}

/** The recommendation a window kept, and when it was made: "scale-down window 300 s kept 5 from 165 s". */
function windowBound(c: HpaController, now: number, s: SyncSteps, o: ControllerOptions): string {
  // Stryker disable next-line EqualityOperator: the words on a window are read only where it kept another count than the proposal
  const down = s.stabilized > s.proposed;
  const behavior = c.spec.behavior;
  const window = behavior
    ? (down ? behavior.scaleDown : behavior.scaleUp).stabilizationWindowSeconds
    : o.downscaleStabilizationSeconds;
  // Stryker disable next-line ArrayDeclaration: the sync recorded its recommendation before its words are read, so entries is never undefined
  const kept = (c.recommendations.entries ?? []).find(
    (r) => r.t < now && r.t > now - window && r.replicas === s.stabilized,
  );
  const from = kept ? ` from ${Math.round(kept.t)} s` : " (the current count)";
  return `scale-${down ? "down" : "up"} window ${window} s kept ${s.stabilized}${from}`;
}

/**
 * Pods the controller leaves out count at 0 % on a scale-up (groupPods, then
 * the second pass): Pending pods on every metric; on CPU also pods not ready,
 * and Ready ones without a sample that counts yet. Said when that asked for
 * less than the same pods would, all counted at the utilization read.
 */
function unreadyBound(s: SyncSteps, pods: PodView[], now: number, o: ControllerOptions, window: number): string {
  const cpu = s.metric.resource === "cpu";
  // Memory trusts every Running pod's sample, ready or not; CPU distrusts a pod not ready, or Ready too recently.
  const trusted = (p: PodView) =>
    p.phase === "Running" && p.metric !== undefined && !(cpu && isUnreadyForCpu(p, p.metric, now, o));
  const leftOut = pods.filter((p) => p.phase === "Running" && !trusted(p));
  const pending = pods.filter((p) => p.phase === "Pending").length;
  const notReady = leftOut.filter((p) => !p.ready).length;
  const fresh = leftOut.length - notReady;
  const counted = pods.find((p) => p.ready && trusted(p));
  if (pending + leftOut.length === 0 || !counted) return "";
  const allCounted = resourceReplicas(
    s.current,
    s.metric,
    pods.map(() => counted),
    now,
    o,
  );
  if (!("replicas" in allCounted) || allCounted.replicas <= s.proposed) return "";
  const n = (k: number, what: string) => `${k} ${k === 1 ? "pod" : "pods"} ${what}`;
  const who = [
    pending > 0 ? n(pending, "Pending") : "",
    notReady > 0 ? n(notReady, "not ready") : "",
    fresh > 0 ? n(fresh, `Ready for less than a ${window} s metrics window`) : "",
  ].filter((x) => x !== "");
  const read = `${s.utilization[s.metric.resource]} %`;
  const whom = who.length > 1 ? `${who.slice(0, -1).join(", ")} and ${who[who.length - 1]}` : who[0];
  return `${whom} counted at 0 %, against ${allCounted.replicas} with all counted at ${read}`;
}

/** Every rule that shaped the decision, in the order the controller applies them; empty when none did. */
export function boundOf(x: {
  decision: Decision;
  controller: HpaController;
  now: number;
  pods: PodView[];
  options: ControllerOptions;
  /** metrics-server's window, for the words on pods Ready too recently to count. */
  window: number;
}): string {
  const { decision: d, controller: c, now, options: o } = x;
  const s = d.steps;
  if (!s) return d.action.startsWith("no scale") ? d.action : `${d.action}: to ${d.desiredReplicas}`;
  const words: string[] = [unreadyBound(s, x.pods, now, o, x.window)];
  const ratio = s.utilization[s.metric.resource] / s.metric.targetUtilization;
  if (s.proposed === s.current && isWithinTolerance(ratio, o.tolerance)) {
    words.push(
      `within tolerance (${s.metric.resource} ${s.utilization[s.metric.resource]} % vs ${s.metric.targetUtilization} %)`,
    );
  }
  // A window that kept no more than a bound's clamp would have: the bound says it.
  // Stryker disable next-line EqualityOperator: `down` is read only where the window kept another count than the proposal
  const down = s.stabilized > s.proposed;
  const clampWouldHold = down ? s.stabilized <= s.minReplicas : s.stabilized >= s.maxReplicas;
  if (s.stabilized !== s.proposed && !clampWouldHold) words.push(windowBound(c, now, s, o));
  const behavior = c.spec.behavior;
  if (behavior && s.stabilized !== s.current) {
    // Stryker disable next-line EqualityOperator: read only where the recommendation is not the current count
    const up = s.stabilized > s.current;
    words.push(policyBound(c, now, s.current, up ? behavior.scaleUp : behavior.scaleDown, up));
  } else if (!behavior && s.limit === "ScaleUpLimit") {
    words.push(`at most double (or 4) per sync without behavior, up to ${s.final}`);
  }
  // The proposal past a bound, held there by the clamp or by a window that kept the bound.
  const atMax = s.limit === "TooManyReplicas" || (s.proposed > s.maxReplicas && s.final === s.maxReplicas);
  // Stryker disable next-line StringLiteral: TooFewReplicas always comes with a proposal below minReplicas that final holds at it
  const atMin = s.limit === "TooFewReplicas" || (s.proposed < s.minReplicas && s.final === s.minReplicas);
  if (atMax) words.push(`held at maxReplicas ${s.maxReplicas}`);
  if (atMin) words.push(`held at minReplicas ${s.minReplicas}`);
  return words.filter((w) => w !== "").join("; ");
}
