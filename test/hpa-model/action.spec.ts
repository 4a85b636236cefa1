import { expect } from "chai";
import { describeAction, type SyncSteps } from "../../automation/hpa-model/action";
import { CPU } from "../support/hpa-pods";

/** One sync between minReplicas 2 and maxReplicas 10 that changed nothing; each case overrides what it needs. */
function steps(overrides: Partial<SyncSteps>): SyncSteps {
  return {
    minReplicas: 2,
    maxReplicas: 10,
    current: 4,
    proposed: 4,
    stabilized: 4,
    final: 4,
    limit: undefined,
    metric: CPU,
    utilization: { cpu: 70 },
    ...overrides,
  };
}

describe("hpa-model: action", () => {
  it("shows a dash when nothing changed and nothing was held back", () => {
    expect(describeAction(steps({}))).to.equal("—");
    // A proposal equal to the count at a bound is no hold at that bound.
    expect(describeAction(steps({ current: 2, proposed: 2, stabilized: 2, final: 2 }))).to.equal("—");
    expect(describeAction(steps({ current: 10, proposed: 10, stabilized: 10, final: 10 }))).to.equal("—");
  });

  it("names the metric behind a scale-up and no metric behind a scale-down", () => {
    const up = steps({ proposed: 6, stabilized: 6, final: 6, utilization: { cpu: 95 } });
    expect(describeAction(up)).to.equal("scale up 4 → 6 (cpu 95% vs 70%)");
    expect(describeAction(steps({ proposed: 3, stabilized: 3, final: 3 }))).to.equal("scale down 4 → 3");
  });

  it("words each limit that held the change back, with what the windows recommended", () => {
    // The ScalingLimited reasons of convertDesiredReplicasWithBehaviorRate and convertDesiredReplicasWithRules.
    const hot = { utilization: { cpu: 200 } };
    expect(describeAction(steps({ ...hot, proposed: 12, stabilized: 12, final: 8, limit: "ScaleUpLimit" }))).to.equal(
      "scale up 4 → 8 (cpu 200% vs 70%); limited by scaleUp policies (wants 12)",
    );
    expect(
      describeAction(steps({ ...hot, current: 8, proposed: 12, stabilized: 12, final: 10, limit: "TooManyReplicas" })),
    ).to.equal("scale up 8 → 10 (cpu 200% vs 70%); at maxReplicas (wants 12)");
    expect(
      describeAction(steps({ current: 8, proposed: 2, stabilized: 2, final: 6, limit: "ScaleDownLimit" })),
    ).to.equal("scale down 8 → 6; limited by scaleDown policies (wants 2)");
    expect(describeAction(steps({ proposed: 1, stabilized: 1, final: 2, limit: "TooFewReplicas" }))).to.equal(
      "scale down 4 → 2; at minReplicas (wants 1)",
    );
  });

  it("names no limit when the final count is the stabilized one", () => {
    // normalizeDesiredReplicas*: desiredReplicas == stabilizedRecommendation sets ScalingLimited false.
    const up = steps({ proposed: 6, stabilized: 6, final: 6, limit: "ScaleUpLimit", utilization: { cpu: 95 } });
    expect(describeAction(up)).to.equal("scale up 4 → 6 (cpu 95% vs 70%)");
  });

  it("notes a stabilized proposal as a scale-up when it asked for more and as a scale-down otherwise", () => {
    expect(describeAction(steps({ proposed: 6 }))).to.equal("hold: scale-up stabilized (wants 6)");
    expect(describeAction(steps({ current: 6, proposed: 3, stabilized: 5, final: 5 }))).to.equal(
      "scale down 6 → 5; scale-down stabilized (wants 3)",
    );
    // Without behavior, normalizeDesiredReplicas calls any stabilized change "ScaleDownStabilized": the window's
    // highest recommendation can lift a proposal that equals the count (after someone scaled the Deployment down).
    expect(describeAction(steps({ stabilized: 6, final: 6 }))).to.equal(
      "scale up 4 → 6 (cpu 70% vs 70%); scale-down stabilized (wants 4)",
    );
    const both = steps({ proposed: 12, stabilized: 10, final: 8, limit: "ScaleUpLimit", utilization: { cpu: 200 } });
    expect(describeAction(both)).to.equal(
      "scale up 4 → 8 (cpu 200% vs 70%); scale-up stabilized (wants 12); limited by scaleUp policies (wants 10)",
    );
    // Both notes on a hold: the window let 10 through, the policies' budget for the period was spent.
    const spent = steps({ proposed: 12, stabilized: 10, limit: "ScaleUpLimit", utilization: { cpu: 200 } });
    expect(describeAction(spent)).to.equal(
      "hold: scale-up stabilized (wants 12); limited by scaleUp policies (wants 10)",
    );
  });

  it("tells a hold at a bound by the bound alone", () => {
    const atMin = steps({ current: 2, proposed: 1, stabilized: 1, final: 2, limit: "TooFewReplicas" });
    expect(describeAction(atMin)).to.equal("hold: at minReplicas");
    expect(describeAction(steps({ current: 2, proposed: 1, stabilized: 2, final: 2 }))).to.equal(
      "hold: at minReplicas",
    );
    const atMax = steps({
      current: 10,
      proposed: 14,
      stabilized: 14,
      final: 10,
      limit: "TooManyReplicas",
      utilization: { cpu: 98 },
    });
    expect(describeAction(atMax)).to.equal("hold: at maxReplicas (cpu 98% vs 70%, wants 14)");
  });

  it("tells a hold by its window when the proposal points away from the bound or no bound is reached", () => {
    expect(describeAction(steps({ proposed: 2 }))).to.equal("hold: scale-down stabilized (wants 2)");
    expect(describeAction(steps({ current: 2, proposed: 3, stabilized: 2, final: 2 }))).to.equal(
      "hold: scale-up stabilized (wants 3)",
    );
    expect(describeAction(steps({ current: 10, proposed: 8, stabilized: 10, final: 10 }))).to.equal(
      "hold: scale-down stabilized (wants 8)",
    );
  });
});
