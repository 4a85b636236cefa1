import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { defaultExpectations, policySteps } from "../../automation/scale-test/fallback-expectations";

const backend = DEFAULTS.backend.autoscaling;
const input = { target: "backend" as const, autoscaling: backend, maxFailedRequests: 0, verifyScaleDown: false };

describe("default expectations", () => {
  it("expects min + 2 ready replicas within the e2e budget plus pod start-up", () => {
    const e = defaultExpectations(input);
    expect(e).to.deep.include({
      scaleUpReplicas: 4,
      scaleUpWithinSeconds: 130,
      minReplicas: 2,
      maxReplicas: 10,
      cpuTargetUtilization: 70,
    });
    expect(e.derivation).to.deep.equal([
      "N = min(maxReplicas 10, minReplicas 2 + 2) = 4 ready replicas.",
      "T = 100 s per HPA reaction (75 s metrics + 15 s sync + 10 s actuation, as in Kubernetes' e2e tests) + 0 s scale-up stabilization + 0 extra policy step(s) × 30 s + 30 s pod start-up = 130 s.",
    ]);
  });

  it("never expects more than maxReplicas", () => {
    expect(
      defaultExpectations({ ...input, autoscaling: { ...backend, minReplicas: 2, maxReplicas: 3 } }).scaleUpReplicas,
    ).to.equal(3);
  });

  it("adds a policy period per extra step the scale-up policies force", () => {
    const slow = {
      ...backend.scaleUp,
      selectPolicy: "Max" as const,
      policies: [{ type: "Pods" as const, value: 1, periodSeconds: 60 }],
    };
    const e = defaultExpectations({ ...input, autoscaling: { ...backend, scaleUp: slow } });
    expect(e.scaleUpWithinSeconds).to.equal(100 + 60 + 30);
  });

  it("takes --expect-replicas and --within over the derived values", () => {
    const e = defaultExpectations({ ...input, expectReplicas: 6, withinSeconds: 200 });
    expect(e).to.deep.include({ scaleUpReplicas: 6, scaleUpWithinSeconds: 200 });
    expect(e.derivation).to.deep.equal(["N = 6 ready replicas (--expect-replicas).", "T = 200 s (--within)."]);
  });

  it("derives a scale-down window from the stabilization window and the scale-down policies, worst case from max", () => {
    const e = defaultExpectations({ ...input, verifyScaleDown: true });
    // 10 → 2 with selectPolicy Min of (50 %, 2 pods) per 60 s: 10→8→6→4→2, four steps.
    expect(e.scaleDownWithinSeconds).to.equal(300 + 4 * 60 + 15 + 30);
  });

  it("counts policy steps with selectPolicy Max and refuses Disabled", () => {
    expect(policySteps(2, 10, backend.scaleUp)).to.deep.equal({ steps: 2, periodSeconds: 30 }); // 2→6→10
    expect(policySteps(2, 4, { ...backend.scaleUp, selectPolicy: "Disabled" })).to.equal(undefined);
  });
});
