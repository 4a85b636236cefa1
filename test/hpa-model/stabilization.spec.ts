import { expect } from "chai";
import type { ResolvedBehavior } from "../../automation/hpa-model/spec";
import { RecommendationHistory } from "../../automation/hpa-model/stabilization";

// Upstream: kubernetes pkg/controller/podautoscaler/horizontal.go, stabilizeRecommendationWithBehaviors
// (behavior) and stabilizeRecommendation (no behavior). Each call is one sync: (now, current, desired).

/** Behavior with the given stabilization windows; the policies play no part here. */
function windows(upSeconds: number, downSeconds: number): ResolvedBehavior {
  const rules = (stabilizationWindowSeconds: number) => ({
    stabilizationWindowSeconds,
    selectPolicy: "Max" as const,
    policies: [{ type: "Percent" as const, value: 100, periodSeconds: 15 }],
  });
  return { scaleUp: rules(upSeconds), scaleDown: rules(downSeconds) };
}

/** How many recommendations the history holds: upstream reuses slots, so a long run's history stays small. */
const slots = (h: RecommendationHistory) =>
  (h as unknown as { recommendations?: unknown[] }).recommendations?.length ?? 0;

describe("hpa-model: stabilization", () => {
  it("scales up only to the lowest recommendation the scale-up window holds, not just the latest", () => {
    // upRecommendation = min(rec.recommendation, upRecommendation) for every rec.timestamp.After(upCutoff);
    // the result is current moved up to it (and down to the scale-down bound, here the proposal itself).
    const h = new RecommendationHistory();
    const b = windows(60, 0);
    h.recordInitial(0, 2);
    expect(h.stabilize(0, 2, 4, b)).to.equal(2); // window holds 2 (the initial count) and 4
    expect(h.stabilize(15, 2, 3, b)).to.equal(2);
    expect(h.stabilize(30, 2, 4, b)).to.equal(2);
    // At 61 s the window (1 s, 61 s] holds 3 (15 s), 4 (30 s) and 4 (now): min = 3.
    expect(h.stabilize(61, 2, 4, b)).to.equal(3);
  });

  it("keeps every recommendation for its whole window, however many syncs follow", () => {
    // A recommendation's slot is reused only when rec.timestamp.Before(upCutoff) && rec.timestamp.Before(downCutoff).
    const h = new RecommendationHistory();
    const b = windows(0, 300);
    h.recordInitial(0, 2);
    expect(h.stabilize(0, 2, 6, b)).to.equal(6); // down window holds 2 and 6: max 6
    expect(h.stabilize(15, 6, 1, b)).to.equal(6); // 2, 6, 1: max 6
    expect(h.stabilize(30, 6, 1, b)).to.equal(6); // 2, 6, 1, 1: the 6 of 0 s is still there
    // At 301 s the window (1 s, 301 s] holds 1 (15 s), 1 (30 s) and 1 (now).
    expect(h.stabilize(301, 6, 1, b)).to.equal(1);
  });

  it("records a new recommendation in the slot of one that has left both windows", () => {
    // if foundOldSample { recommendations[oldSampleIndex] = {DesiredReplicas, now} } else { append }
    const h = new RecommendationHistory();
    const b = windows(0, 60);
    h.recordInitial(0, 6);
    expect(h.stabilize(0, 6, 6, b)).to.equal(6);
    expect(h.stabilize(100, 6, 6, b)).to.equal(6); // both 0 s recommendations are old: one slot now holds 6 at 100 s
    expect(h.stabilize(115, 6, 1, b)).to.equal(6); // the window (55 s, 115 s] holds that 6
  });

  it("keeps the proposals of a history that missed its initial record, as upstream's append does", () => {
    // stabilizeRecommendationWithBehaviors appends to a.recommendations[key] whether or not
    // recordInitialRecommendation ran; a later initial record finds the key set and adds nothing.
    const h = new RecommendationHistory();
    const b = windows(0, 300);
    expect(h.stabilize(0, 2, 6, b)).to.equal(6);
    h.recordInitial(10, 2);
    expect(slots(h)).to.equal(1);
    expect(h.stabilize(15, 6, 1, b)).to.equal(6); // the down window holds the 6 of 0 s
  });

  it("reuses the slot of a recommendation older than both windows, and only such a slot", () => {
    // One slot: the initial 6 at 0 s, older than both windows at 100 s (0 < 100 − 0 and 0 < 100 − 60), is reused.
    const h = new RecommendationHistory();
    h.recordInitial(0, 6);
    h.stabilize(100, 6, 6, windows(0, 60));
    expect(slots(h)).to.equal(1);
    // At 160 s with a 60 s up window, the 100 s one is at the up cutoff, not Before it: kept, a slot appended.
    h.stabilize(160, 6, 6, windows(60, 0));
    expect(slots(h)).to.equal(2);
    // Likewise at the down cutoff: at 220 s with a 120 s down window, 100 s is not Before 100 s: a third slot.
    h.stabilize(220, 6, 6, windows(0, 120));
    expect(slots(h)).to.equal(3);
    // At 400 s all three are old; one slot (the last found) takes the new one, the others stay.
    h.stabilize(400, 6, 6, windows(0, 60));
    expect(slots(h)).to.equal(3);
  });

  it("drops a recommendation exactly a window old from that window", () => {
    // Only rec.timestamp.After(cutoff) counts: at 60 s the 60 s scale-up window is (0 s, 60 s].
    const up = new RecommendationHistory();
    up.recordInitial(0, 2);
    expect(up.stabilize(0, 2, 4, windows(60, 0))).to.equal(2);
    expect(up.stabilize(60, 2, 4, windows(60, 0))).to.equal(4); // 2 and 4 of 0 s are out: 4 (now)
    // Likewise at 300 s for a 300 s scale-down window.
    const down = new RecommendationHistory();
    down.recordInitial(0, 6);
    expect(down.stabilize(0, 6, 6, windows(0, 300))).to.equal(6);
    expect(down.stabilize(300, 6, 1, windows(0, 300))).to.equal(1);
  });

  it("copies its recommendations into an independent history", () => {
    expect(new RecommendationHistory().copy().entries).to.equal(undefined); // before the first sync
    const h = new RecommendationHistory();
    h.recordInitial(0, 6);
    const twin = h.copy();
    expect(twin.entries).to.deep.equal([{ replicas: 6, t: 0 }]);
    twin.stabilize(15, 6, 1, windows(0, 300));
    twin.shiftSince(0, 100);
    expect(h.entries).to.deep.equal([{ replicas: 6, t: 0 }]);
  });

  it("moves the recommendations made at or after a time, and only those", () => {
    const h = new RecommendationHistory();
    h.shiftSince(0, 60); // before the first sync: nothing to move
    expect(h.entries).to.equal(undefined);
    h.recordInitial(0, 6);
    h.stabilize(15, 6, 4, windows(0, 300));
    h.stabilize(30, 6, 2, windows(0, 300));
    h.shiftSince(15, 60);
    expect(h.entries).to.deep.equal([
      { replicas: 6, t: 0 },
      { replicas: 4, t: 75 },
      { replicas: 2, t: 90 },
    ]);
  });

  describe("without behavior", () => {
    it("takes the highest recommendation of the window, one exactly windowSeconds old included", () => {
      // stabilizeRecommendation: if rec.timestamp.Before(cutoff) → old slot; else if rec.recommendation > max → max.
      const h = new RecommendationHistory();
      h.recordInitial(0, 8);
      expect(h.stabilizeLegacy(0, 8, 300)).to.equal(8);
      expect(h.stabilizeLegacy(15, 1, 300)).to.equal(8);
      expect(h.stabilizeLegacy(300, 1, 300)).to.equal(8); // 0 s is not Before 300 − 300 = 0 s
      expect(h.stabilizeLegacy(301, 1, 300)).to.equal(1);
    });

    it("appends each recommendation while none has left the window", () => {
      const h = new RecommendationHistory();
      h.recordInitial(0, 2);
      expect(h.stabilizeLegacy(0, 4, 300)).to.equal(4); // 2 and 4: max 4
      expect(h.stabilizeLegacy(15, 1, 300)).to.equal(4); // 2, 4, 1
      expect(h.stabilizeLegacy(30, 1, 300)).to.equal(4); // 2, 4, 1, 1: the 4 of 0 s is still there
    });

    it("records a new recommendation in the slot of one that has left the window", () => {
      const h = new RecommendationHistory();
      h.recordInitial(0, 6);
      expect(h.stabilizeLegacy(0, 6, 60)).to.equal(6);
      expect(h.stabilizeLegacy(100, 6, 60)).to.equal(6); // both 0 s recommendations are old: one slot holds 6 at 100 s
      expect(h.stabilizeLegacy(115, 1, 60)).to.equal(6); // the window from 55 s holds that 6
    });
    it("keeps the proposals of a history that missed its initial record, as upstream's append does", () => {
      const h = new RecommendationHistory();
      expect(h.stabilizeLegacy(0, 8, 300)).to.equal(8);
      expect(h.stabilizeLegacy(15, 1, 300)).to.equal(8);
      expect(slots(h)).to.equal(2);
    });

    it("reuses the slot of a recommendation that has left the window", () => {
      const h = new RecommendationHistory();
      h.recordInitial(0, 6);
      h.stabilizeLegacy(100, 6, 60); // 0 s is Before 100 − 60 s: its slot now holds 6 at 100 s
      expect(slots(h)).to.equal(1);
      h.stabilizeLegacy(160, 6, 60); // 100 s is not Before 100 s: appended
      expect(slots(h)).to.equal(2);
    });
  });
});
