/**
 * The HPA controller, following kubernetes
 * `pkg/controller/podautoscaler/horizontal.go`: metrics → proposal (the
 * largest metric proposal wins) → stabilization → rate limits → clamps.
 */
import { describeAction, type Limit, type SyncSteps } from "./action";
import type { ModelOptions } from "./options";
import { ScaleEventHistory } from "./rate-limits";
import { resourceReplicas, type CalculatorOptions, type PodView, type ResourceMetricSpec } from "./replica-calculator";
import type { HpaSpec, ResolvedBehavior } from "./spec";
import { RecommendationHistory } from "./stabilization";

export type ControllerOptions = CalculatorOptions & Pick<ModelOptions, "downscaleStabilizationSeconds">;

/** The outcome of one sync. */
export interface Decision {
  currentReplicas: number;
  desiredReplicas: number;
  /** Utilization as status.currentMetrics reports it; null when the metric had none. */
  cpuUtilization: number | null;
  memoryUtilization: number | null;
  /** What happened, in words: the table's "HPA action" column. */
  action: string;
  /** Each stage's count behind the answer, when the metrics gave one (a replay names the rule that bound it). */
  steps?: SyncSteps;
}

function decision(
  currentReplicas: number,
  desiredReplicas: number,
  action: string,
  utilization: Record<string, number | null> = {},
): Decision {
  return {
    currentReplicas,
    desiredReplicas,
    cpuUtilization: utilization.cpu ?? null,
    memoryUtilization: utilization.memory ?? null,
    action,
  };
}

/** computeReplicasForMetrics' answer: the winning proposal, or the error that blocks scaling. */
type MetricsProposal =
  | { replicas: number; metric: ResourceMetricSpec; utilization: Record<string, number> }
  | { error: string; utilization: Record<string, number> };

/**
 * One HPA's controller state: the recommendation history behind the
 * stabilization windows and the scale-event history behind the rate limits.
 * Upstream keys both by the HPA, not by its spec, so they outlive a change of
 * the spec: assign `spec` and the next sync reads it, as it reads the HPA
 * object at every sync.
 */
export class HpaController {
  /** The proposals behind the stabilization windows. */
  readonly recommendations: RecommendationHistory;
  /** The rescales behind the policies' rate limits. */
  readonly events: ScaleEventHistory;

  constructor(
    /** The HPA object as the next sync reads it. */
    public spec: HpaSpec,
    private readonly options: ControllerOptions,
    /** Whether decisions say what happened in words; a run drawn only for the band leaves `action` empty. */
    private readonly explain = true,
    /** Histories to go on from (a copy's); fresh ones otherwise. */
    from?: { recommendations: RecommendationHistory; events: ScaleEventHistory },
  ) {
    this.recommendations = from?.recommendations ?? new RecommendationHistory();
    this.events = from?.events ?? new ScaleEventHistory();
  }

  /** An independent copy with the same spec and histories, for a run that splits in two. */
  copy(): HpaController {
    const from = { recommendations: this.recommendations.copy(), events: this.events.copy() };
    return new HpaController(this.spec, this.options, this.explain, from);
  }

  /**
   * reconcileAutoscaler: one sync at `now` with the Deployment at `currentReplicas`. A replay of a
   * cluster's syncs passes `recordsRescale` false and records the cluster's own rescales instead
   * (`events.record`), since the next sync starts from the count the cluster chose.
   */
  reconcile(now: number, currentReplicas: number, pods: PodView[], recordsRescale = true): Decision {
    const d = this.decide(now, currentReplicas, pods);
    // storeScaleEvent: only an HPA with behavior keeps scale events.
    if (recordsRescale && d.desiredReplicas !== currentReplicas && this.spec.behavior) {
      this.events.record(now, currentReplicas, d.desiredReplicas, this.spec.behavior);
    }
    return d;
  }

  private decide(now: number, currentReplicas: number, pods: PodView[]): Decision {
    const { minReplicas, maxReplicas } = this.spec;
    this.recommendations.recordInitial(now, currentReplicas);
    // Scaled to zero by hand: upstream turns autoscaling off until someone scales the target up again.
    if (currentReplicas === 0 && minReplicas !== 0)
      return decision(
        currentReplicas,
        0,
        "no scale: scaling is disabled since the replica count of the target is zero",
      );
    if (currentReplicas > maxReplicas) return decision(currentReplicas, maxReplicas, "above maxReplicas");
    if (currentReplicas < minReplicas) return decision(currentReplicas, minReplicas, "below minReplicas");

    const proposal = this.proposeFromMetrics(now, currentReplicas, pods);
    if ("error" in proposal)
      return decision(currentReplicas, currentReplicas, `no scale: ${proposal.error}`, proposal.utilization);
    const { replicas, metric, utilization } = proposal;
    const [stabilized, limited, limit] = this.spec.behavior
      ? this.normalizeWithBehavior(now, currentReplicas, replicas, this.spec.behavior)
      : this.normalizeLegacy(now, currentReplicas, replicas);
    const steps: SyncSteps = {
      minReplicas,
      maxReplicas,
      current: currentReplicas,
      proposed: replicas,
      stabilized,
      final: limited,
      limit,
      metric,
      utilization,
    };
    const action = this.explain ? describeAction(steps) : "";
    return { ...decision(currentReplicas, limited, action, utilization), steps };
  }

  /** computeReplicasForMetrics: the largest proposal; invalid metrics block a scale-down. */
  private proposeFromMetrics(now: number, current: number, pods: PodView[]): MetricsProposal {
    const utilization: Record<string, number> = {};
    // Stryker disable next-line UnaryOperator: the first metric with a proposal always takes the lead through !best, whatever replicas starts at
    let replicas = -Infinity;
    let best: ResourceMetricSpec | undefined;
    let firstError: string | undefined;
    for (const metric of this.spec.metrics) {
      const p = resourceReplicas(current, metric, pods, now, this.options);
      if ("error" in p) {
        firstError ??= `${metric.resource}: ${p.error}`;
        continue;
      }
      utilization[metric.resource] = p.utilization;
      if (!best || p.replicas > replicas) {
        replicas = p.replicas;
        best = metric;
      }
    }
    if (!best) return { error: firstError ?? "no metrics configured", utilization };
    if (firstError && replicas < current) return { error: firstError, utilization };
    return { replicas, metric: best, utilization };
  }

  /** normalizeDesiredReplicasWithBehaviors: stabilize, then apply the policies' rate limits and clamps. */
  private normalizeWithBehavior(
    now: number,
    current: number,
    desired: number,
    behavior: ResolvedBehavior,
  ): [number, number, Limit] {
    const stabilized = this.recommendations.stabilize(now, current, desired, behavior);
    const { minReplicas, maxReplicas } = this.spec;
    // Stryker disable next-line EqualityOperator: at stabilized = current the scale-up branch allows at least current, so it too returns [current, current, undefined]
    if (stabilized > current) {
      const limit = Math.max(this.events.scaleUpLimit(now, current, behavior.scaleUp), current);
      const allowed = Math.min(maxReplicas, limit);
      const why: Limit = maxReplicas > limit ? "ScaleUpLimit" : "TooManyReplicas";
      return stabilized > allowed ? [stabilized, allowed, why] : [stabilized, stabilized, undefined];
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: past the scale-up branch stabilized <= current, and at = the scale-down branch allows at most current, so it too returns [current, current, undefined]
    if (stabilized < current) {
      const limit = Math.min(this.events.scaleDownLimit(now, current, behavior.scaleDown), current);
      const allowed = Math.max(minReplicas, limit);
      const why: Limit = minReplicas < limit ? "ScaleDownLimit" : "TooFewReplicas";
      return stabilized < allowed ? [stabilized, allowed, why] : [stabilized, stabilized, undefined];
    }
    return [stabilized, stabilized, undefined];
  }

  /**
   * normalizeDesiredReplicas, the path for an HPA without behavior: the highest
   * recommendation of the flag's window, at most double (or 4) per sync.
   */
  private normalizeLegacy(now: number, current: number, desired: number): [number, number, Limit] {
    const window = this.options.downscaleStabilizationSeconds;
    const stabilized = this.recommendations.stabilizeLegacy(now, desired, window);
    const { minReplicas, maxReplicas } = this.spec;
    const scaleUpLimit = Math.trunc(Math.max(2 * current, 4));
    const allowed = Math.min(maxReplicas, scaleUpLimit);
    if (stabilized < minReplicas) return [stabilized, minReplicas, "TooFewReplicas"];
    if (stabilized > allowed)
      return [stabilized, allowed, maxReplicas > scaleUpLimit ? "ScaleUpLimit" : "TooManyReplicas"];
    return [stabilized, stabilized, undefined];
  }
}
