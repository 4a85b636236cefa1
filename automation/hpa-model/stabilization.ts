/**
 * The controller's recommendation history behind the stabilization windows,
 * kept and pruned exactly as kubernetes
 * `pkg/controller/podautoscaler/horizontal.go` keeps it.
 */
import type { ResolvedBehavior } from "./spec";

/** One sync's raw proposal, at the second it was made. */
export interface Recommendation {
  replicas: number;
  t: number;
}

/** One HPA's past replica proposals, each reusing a slot once it has left every window. */
export class RecommendationHistory {
  private recommendations: Recommendation[] | undefined;

  /** recordInitialRecommendation: the first sync records the current count, so a restart cannot scale down at once. */
  recordInitial(now: number, currentReplicas: number): void {
    this.recommendations ??= [{ replicas: currentReplicas, t: now }];
  }

  /** The slots as they stand, in order; undefined before the first sync. */
  get entries(): readonly Readonly<Recommendation>[] | undefined {
    return this.recommendations;
  }

  /** An independent copy, for a run that splits in two. */
  copy(): RecommendationHistory {
    const copy = new RecommendationHistory();
    copy.recommendations = this.recommendations?.map((r) => ({ replicas: r.replicas, t: r.t }));
    return copy;
  }

  /** Moves every recommendation made at or after `since` by `seconds`: a run jumping over periods that repeat. */
  shiftSince(since: number, seconds: number): void {
    // Stryker disable next-line ArrayDeclaration: an element that is no recommendation has no t at or after since, so nothing moves as with none
    for (const rec of this.recommendations ?? []) if (rec.t >= since) rec.t += seconds;
  }

  /**
   * stabilizeRecommendationWithBehaviors: the scale-up window takes the lowest
   * recommendation it holds, the scale-down window the highest; the result is
   * the current count moved within those bounds. Records the raw proposal,
   * reusing one slot that is older than both windows.
   */
  stabilize(now: number, current: number, desired: number, behavior: ResolvedBehavior): number {
    const recs = (this.recommendations ??= []);
    const upCutoff = now - behavior.scaleUp.stabilizationWindowSeconds;
    const downCutoff = now - behavior.scaleDown.stabilizationWindowSeconds;
    let up = desired;
    let down = desired;
    let old = -1;
    for (let i = 0; i < recs.length; i++) {
      const rec = recs[i];
      if (rec.t > upCutoff) up = Math.min(rec.replicas, up);
      if (rec.t > downCutoff) down = Math.max(rec.replicas, down);
      if (rec.t < upCutoff && rec.t < downCutoff) old = i;
    }
    const recommendation = Math.min(Math.max(current, up), down);
    if (old >= 0) recs[old] = { replicas: desired, t: now };
    else recs.push({ replicas: desired, t: now });
    return recommendation;
  }

  /**
   * stabilizeRecommendation, the path for an HPA without behavior: the highest
   * recommendation of the flag's window. Records the raw proposal, reusing one
   * slot that has left the window.
   */
  stabilizeLegacy(now: number, desired: number, windowSeconds: number): number {
    const recs = (this.recommendations ??= []);
    const cutoff = now - windowSeconds;
    let stabilized = desired;
    let old = -1;
    for (let i = 0; i < recs.length; i++) {
      const rec = recs[i];
      if (rec.t < cutoff) old = i;
      else if (rec.replicas > stabilized) stabilized = rec.replicas;
    }
    if (old >= 0) recs[old] = { replicas: desired, t: now };
    else recs.push({ replicas: desired, t: now });
    return stabilized;
  }
}
