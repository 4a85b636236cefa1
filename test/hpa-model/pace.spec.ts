import { expect } from "chai";
import { DEFAULTS } from "../../components/config-defaults";
import { policyPace } from "../../automation/hpa-model/pace";

const seed = DEFAULTS.backend.autoscaling;
const withUp = (scaleUp: Partial<typeof seed.scaleUp>) => ({ ...seed, scaleUp: { ...seed.scaleUp, ...scaleUp } });

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
});
