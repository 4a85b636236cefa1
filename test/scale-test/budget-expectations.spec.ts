import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { budgetExpectations } from "../../automation/scale-test/budget-expectations";

const backend = DEFAULTS.backend.autoscaling;
const input = { target: "backend" as const, autoscaling: backend, maxFailedRequests: 0, verifyScaleDown: false };

describe("e2e-budget expectations (an HPA the model cannot judge by CPU)", () => {
  it("expects min + 2 ready replicas within the e2e budget plus the slowest pod start-up", () => {
    const e = budgetExpectations(input);
    // 2 → 4 is one step under 100 % / 4 pods per 30 s, so the policies add nothing: 100 + 0 + 0 + 20 s.
    expect(e).to.deep.include({
      scaleUpReplicas: 4,
      scaleUpWithinSeconds: 120,
      minReplicas: 2,
      maxReplicas: 10,
      cpuTargetUtilization: 70,
    });
    expect(e.derivation).to.deep.equal([
      "N = min(maxReplicas 10, minReplicas 2 + 2) = 4 ready replicas.",
      "T = 100 s per HPA reaction (75 s metrics + 15 s sync + 10 s actuation, as in Kubernetes' e2e tests) + 0 s scale-up stabilization + 0 s the scale-up policies need from 2 to 4 + 20 s pod start-up = 120 s.",
    ]);
  });

  it("never expects more than maxReplicas", () => {
    expect(budgetExpectations({ ...input, autoscaling: { ...backend, maxReplicas: 3 } }).scaleUpReplicas).to.equal(3);
  });

  it("adds the time the scale-up policies need for the rest of the way", () => {
    const slow = { ...backend.scaleUp, policies: [{ type: "Pods" as const, value: 1, periodSeconds: 60 }] };
    // 2 → 3 at once, 3 → 4 one 60 s period later: 100 + 60 + 20 s.
    expect(budgetExpectations({ ...input, autoscaling: { ...backend, scaleUp: slow } }).scaleUpWithinSeconds).to.equal(
      180,
    );
  });

  it("takes --expect-replicas and --within over the derived values", () => {
    const e = budgetExpectations({ ...input, expectReplicas: 6, withinSeconds: 200 });
    expect(e).to.deep.include({ scaleUpReplicas: 6, scaleUpWithinSeconds: 200 });
    expect(e.derivation).to.deep.equal(["N = 6 ready replicas (--expect-replicas).", "T = 200 s (--within)."]);
  });

  it("derives a scale-down window from the stabilization window and the scale-down policies, worst case from max", () => {
    // 10 → 2 under selectPolicy Min of (50 %, 2 pods) per 60 s moves 2 pods a period: 10→8→6→4→2 at 0, 60,
    // 120 and 180 s after the 300 s window, then a sync and a pod's termination: 300 + 180 + 15 + 20.
    expect(budgetExpectations({ ...input, verifyScaleDown: true }).scaleDownWithinSeconds).to.equal(515);
  });
});
