import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { policyPace } from "../../automation/hpa-model/pace";

const seed = DEFAULTS.backend.autoscaling;
const withUp = (scaleUp: Partial<typeof seed.scaleUp>) => ({ ...seed, scaleUp: { ...seed.scaleUp, ...scaleUp } });
const withDown = (scaleDown: Partial<typeof seed.scaleDown>) => ({
  ...seed,
  scaleDown: { ...seed.scaleDown, ...scaleDown },
});

describe("hpa-model: the pace the behavior policies allow", () => {
  it("moves as far as the most generous policy allows each period under selectPolicy Max", () => {
    // calculateScaleUpLimitWithScalingRules: Max of (100 % of 2 = 4, 2 + 4 pods = 6) → 6 at once,
    // then from 6 within the same 30 s period the budget is spent; at 30 s: max(12, 10) → 10.
    expect(policyPace(2, 10, seed)).to.deep.equal({ syncs: 2, seconds: 30 });
  });

  it("takes the strictest policy under selectPolicy Min", () => {
    // Scale-down Min of (50 % → keep 5 of 10, 2 pods → keep 8): the larger remainder, 8; two pods per 60 s.
    expect(policyPace(10, 2, seed)).to.deep.equal({ syncs: 4, seconds: 180 });
  });

  it("waits out each policy period when one pod per 60 s is all it allows", () => {
    const slow = withUp({ policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] });
    expect(policyPace(2, 5, slow)).to.deep.equal({ syncs: 3, seconds: 120 });
  });

  it("has no pace when the direction is Disabled, and none needed for no move", () => {
    expect(policyPace(2, 4, withUp({ selectPolicy: "Disabled" }))).to.equal(undefined);
    expect(policyPace(3, 3, seed)).to.deep.equal({ syncs: 0, seconds: 0 });
  });

  it("doubles each sync under a Percent policy alone, and adds a fixed step under a Pods policy alone", () => {
    // Percent 100 per 15 s: ceil(1 × 2) = 2 at 0 s, 4 at 15 s, 8 at 30 s, then min(16, 10) = 10 at 45 s (the event
    // of 15 s before is not After now − 15 s, so each period starts from the count the last one reached).
    const percent = withUp({ policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] });
    expect(policyPace(1, 10, percent)).to.deep.equal({ syncs: 4, seconds: 45 });
    // Pods 4 per 15 s: 2 + 4 = 6 at 0 s, 10 at 15 s.
    const pods = withUp({ policies: [{ type: "Pods", value: 4, periodSeconds: 15 }] });
    expect(policyPace(2, 10, pods)).to.deep.equal({ syncs: 2, seconds: 15 });
  });

  it("takes the stricter of a Pods and a Percent policy each sync under selectPolicy Min", () => {
    // min(2 + 4, 2 × 2) = 4 at 0 s; min(4 + 4, 4 × 2) = 8 at 15 s; min(12, 16) = 12 → 10 at 30 s.
    const min = withUp({
      selectPolicy: "Min",
      policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
    });
    expect(policyPace(2, 10, min)).to.deep.equal({ syncs: 3, seconds: 30 });
  });

  it("takes the larger scale-down of a Pods and a Percent policy under selectPolicy Max", () => {
    // Max of (50 % → trunc(10 × 0.5) = 5, 2 pods → 8): 5 at 0 s; the 60 s period is spent until 60 s, then
    // min(trunc(5 × 0.5) = 2, 5 − 2 = 3) = 2.
    expect(policyPace(10, 2, withDown({ selectPolicy: "Max" }))).to.deep.equal({ syncs: 2, seconds: 60 });
  });

  it("waits for the first sync after a period frees its budget, at the sync period given", () => {
    // One pod per 60 s, syncs every 45 s: 3 at 0 s; at 45 s the 0 s event is still in the period; 4 at 90 s;
    // 5 at 180 s (135 s is within 60 s of 90 s).
    const slow = withUp({ policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] });
    expect(policyPace(2, 5, slow, 45)).to.deep.equal({ syncs: 3, seconds: 180 });
  });

  it("has no pace when a policy allows no change at all, instead of waiting forever", () => {
    // A 0-pod or 0 % policy leaves every limit at the current count: after the longest period of waiting, it gives up.
    expect(policyPace(2, 5, withUp({ policies: [{ type: "Pods", value: 0, periodSeconds: 60 }] }))).to.equal(undefined);
    expect(policyPace(6, 2, withDown({ policies: [{ type: "Percent", value: 0, periodSeconds: 60 }] }))).to.equal(
      undefined,
    );
  });

  it("judges only the direction of the move: no move needs no pace, even where that direction is Disabled", () => {
    expect(policyPace(3, 3, withDown({ selectPolicy: "Disabled" }))).to.deep.equal({ syncs: 0, seconds: 0 });
    expect(policyPace(8, 2, withDown({ selectPolicy: "Disabled" }))).to.equal(undefined);
    // Scale-down Disabled does not hold a scale-up: Max of (100 % of 2, 2 + 4) = 6 at 0 s, 8 at 30 s.
    expect(policyPace(2, 8, withDown({ selectPolicy: "Disabled" }))).to.deep.equal({ syncs: 2, seconds: 30 });
  });
});
