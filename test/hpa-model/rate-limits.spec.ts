import { expect } from "chai";
import type { ScalingRules } from "../../components/config";
import { ScaleEventHistory } from "../../automation/hpa-model/rate-limits";
import type { ResolvedBehavior } from "../../automation/hpa-model/spec";

// Upstream: kubernetes pkg/controller/podautoscaler/horizontal.go, calculateScaleUpLimitWithScalingRules,
// calculateScaleDownLimitWithBehaviors, getReplicasChangePerPeriod and storeScaleEvent.

const PODS_4_PER_60: ScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [{ type: "Pods", value: 4, periodSeconds: 60 }],
};

function down(selectPolicy: ScalingRules["selectPolicy"], policies: ScalingRules["policies"]): ScalingRules {
  return { stabilizationWindowSeconds: 0, selectPolicy, policies };
}

const BEHAVIOR: ResolvedBehavior = { scaleUp: PODS_4_PER_60, scaleDown: PODS_4_PER_60 };

/** How many scale-ups and scale-downs the history holds: upstream reuses slots, so a long run's history stays small. */
function slots(h: ScaleEventHistory): [number, number] {
  const events = h as unknown as { upEvents: unknown[]; downEvents: unknown[] };
  return [events.upEvents.length, events.downEvents.length];
}

describe("hpa-model: rate limits", () => {
  it("counts every scale event of the period from its start, a second one within the period included", () => {
    // periodStartReplicas := currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod;
    // getReplicasChangePerPeriod sums the events with rec.timestamp.After(now − periodSeconds).
    const h = new ScaleEventHistory();
    h.record(0, 2, 4, BEHAVIOR);
    h.record(15, 4, 6, BEHAVIOR);
    expect(h.scaleUpLimit(30, 6, PODS_4_PER_60)).to.equal(6); // start 6 − (2 + 2) = 2, + 4 pods
    expect(h.scaleUpLimit(59, 6, PODS_4_PER_60)).to.equal(6); // 0 s is After 59 − 60 = −1 s: still counted
    expect(h.scaleUpLimit(60, 6, PODS_4_PER_60)).to.equal(8); // 0 s is not After 0 s: start 6 − 2 = 4, + 4
  });

  it("counts scale-downs of the period in a scale-up's limit", () => {
    const h = new ScaleEventHistory();
    h.record(0, 10, 6, BEHAVIOR);
    expect(h.scaleUpLimit(15, 6, PODS_4_PER_60)).to.equal(14); // start 6 + 4 deleted = 10, + 4 pods
  });

  it("limits a scale-down by a Percent policy alone, truncating like Go's int32 conversion", () => {
    // proposed = int32(float64(periodStartReplicas) * (1 - float64(policy.Value)/100))
    const half = down("Max", [{ type: "Percent", value: 50, periodSeconds: 60 }]);
    const h = new ScaleEventHistory();
    expect(h.scaleDownLimit(0, 10, half)).to.equal(5); // 10 × 0.5
    expect(h.scaleDownLimit(0, 7, half)).to.equal(3); // 7 × 0.5 = 3.5 → 3
    expect(h.scaleDownLimit(0, 5, half)).to.equal(2); // 5 × 0.5 = 2.5 → 2
  });

  it("takes the largest scale-down under selectPolicy Max and the smallest under Min", () => {
    // Max: selectPolicyFn = min over the proposals (the lowest count); Min: max (the highest count).
    const policies: ScalingRules["policies"] = [
      { type: "Percent", value: 50, periodSeconds: 60 },
      { type: "Pods", value: 2, periodSeconds: 60 },
    ];
    const h = new ScaleEventHistory();
    expect(h.scaleDownLimit(0, 10, down("Max", policies))).to.equal(5); // min(10 × 0.5, 10 − 2)
    expect(h.scaleDownLimit(0, 10, down("Min", policies))).to.equal(8); // max(5, 8)
    expect(h.scaleDownLimit(0, 10, down("Disabled", policies))).to.equal(10);
  });

  it("stores each event in its direction, reusing the slot of one older than the longest period", () => {
    // storeScaleEvent: an event with rec.timestamp.Before(now − longestPolicyPeriod) is outdated; the last one
    // found takes the new event, else it is appended.
    const h = new ScaleEventHistory();
    expect(slots(h)).to.deep.equal([0, 0]);
    h.record(0, 2, 4, BEHAVIOR);
    expect(slots(h)).to.deep.equal([1, 0]);
    h.record(100, 4, 6, BEHAVIOR); // 0 s is Before 100 − 60 = 40 s: its slot is reused
    expect(slots(h)).to.deep.equal([1, 0]);
    h.record(160, 6, 8, BEHAVIOR); // 100 s is not Before 160 − 60 = 100 s: appended
    expect(slots(h)).to.deep.equal([2, 0]);
    h.record(170, 8, 5, BEHAVIOR); // a scale-down has slots of its own
    expect(slots(h)).to.deep.equal([2, 1]);
    h.record(300, 5, 7, BEHAVIOR); // 100 s and 160 s are both outdated: one slot reused, the other stays
    expect(slots(h)).to.deep.equal([2, 1]);
    // Only the 300 s event counts at 310 s: start 7 − 2 = 5, + 4 pods.
    expect(h.scaleUpLimit(310, 7, PODS_4_PER_60)).to.equal(9);
  });

  it("copies its scale events into an independent history", () => {
    const h = new ScaleEventHistory();
    h.record(0, 2, 4, BEHAVIOR);
    h.record(15, 4, 3, BEHAVIOR);
    const twin = h.copy();
    expect(twin.events).to.deep.equal({ up: [{ change: 2, t: 0 }], down: [{ change: 1, t: 15 }] });
    twin.record(30, 3, 7, BEHAVIOR);
    twin.record(45, 7, 5, BEHAVIOR);
    expect(h.events).to.deep.equal({ up: [{ change: 2, t: 0 }], down: [{ change: 1, t: 15 }] });
  });

  it("reports each policy's limit from the count at the start of its period", () => {
    // 2 → 6 at 0 s: at 30 s the 60 s Pods policy starts from 2 and the 15 s Percent policy from 6.
    const rules: ScalingRules = {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [
        { type: "Pods", value: 4, periodSeconds: 60 },
        { type: "Percent", value: 50, periodSeconds: 15 },
      ],
    };
    const h = new ScaleEventHistory();
    h.record(0, 2, 6, { scaleUp: rules, scaleDown: rules });
    expect(h.policyLimits(30, 6, rules, "up")).to.deep.equal([
      { policy: rules.policies[0], start: 2, allowed: 6 },
      { policy: rules.policies[1], start: 6, allowed: 9 },
    ]);
    expect(h.policyLimits(30, 6, rules, "down")).to.deep.equal([
      { policy: rules.policies[0], start: 2, allowed: -2 },
      { policy: rules.policies[1], start: 6, allowed: 3 },
    ]);
  });
});
