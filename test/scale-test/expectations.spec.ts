import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { defaultExpectations, type ExpectationInput } from "../../automation/scale-test/fallback-expectations";
import { modelExpectations } from "../../automation/scale-test/expectations";

const backend = DEFAULTS.backend;
const input: ExpectationInput = {
  target: "backend",
  autoscaling: backend.autoscaling,
  resources: backend.resources,
  maxFailedRequests: 0,
  verifyScaleDown: false,
  demandMillicores: 1040,
  demandHow: "Demand = 1040m CPU (a stand-in sentence).",
};
const demandLine = "Demand = 1040m CPU (a stand-in sentence).";

describe("model-backed expectations", () => {
  it("takes N and T from the HPA model under the run's demand", () => {
    const e = modelExpectations(input);
    expect(e).to.deep.include({ scaleUpReplicas: 4, scaleUpWithinSeconds: 100, demandMillicores: 1040 });
    expect(e.derivation).to.deep.equal([
      demandLine,
      "N = min(maxReplicas 10, minReplicas 2 + 2) = 4 ready replicas; the HPA model settles at 8 under 1040m.",
      "T = max(100 s e2e reaction budget, 40 s modeled + 60 s slack) = 100 s; the slack covers the HPA sync and metrics scrape phases the model fixes but a cluster does not, and pod start on a busy node.",
    ]);
  });

  it("says where the demand came from, or names it when nobody did", () => {
    expect(modelExpectations(input).derivation[0]).to.equal(demandLine);
    expect(modelExpectations({ ...input, demandHow: undefined, demandMillicores: 700 }).derivation[0]).to.equal(
      "Demand = 700m CPU.",
    );
  });

  it("caps N at the replicas the model settles at when the load is light", () => {
    const e = modelExpectations({ ...input, demandMillicores: 400 });
    expect(e.scaleUpReplicas).to.equal(3);
    expect(e.derivation[1]).to.equal(
      "N = 3 ready replicas: min(maxReplicas 10, minReplicas 2 + 2) = 4, capped at the 3 the HPA model settles at under 400m.",
    );
  });

  it("lengthens T past the e2e floor when the scale-up policies slow the model down", () => {
    const slow = { ...backend.autoscaling.scaleUp, policies: [{ type: "Pods" as const, value: 1, periodSeconds: 60 }] };
    const e = modelExpectations({ ...input, autoscaling: { ...backend.autoscaling, scaleUp: slow } });
    expect(e.scaleUpWithinSeconds).to.equal(145);
    expect(e.derivation[2]).to.match(/^T = max\(100 s e2e reaction budget, 85 s modeled \+ 60 s slack\) = 145 s;/);
  });

  it("runs the model at the stack's metric resolution", () => {
    const e = modelExpectations({ ...input, metricResolutionSeconds: 30 });
    expect(e.scaleUpWithinSeconds).to.equal(130);
    expect(e.derivation[2]).to.match(/^T = max\(100 s e2e reaction budget, 55 s modeled \+ 75 s slack\) = 130 s;/);
  });

  it("keeps --expect-replicas and --within and still says what the model predicts", () => {
    const e = modelExpectations({ ...input, expectReplicas: 8, withinSeconds: 200 });
    expect(e).to.deep.include({ scaleUpReplicas: 8, scaleUpWithinSeconds: 200 });
    expect(e.derivation.slice(1)).to.deep.equal([
      "N = 8 ready replicas (--expect-replicas).",
      "T = 200 s (--within); the HPA model has 8 Ready at 85 s.",
    ]);
  });

  it("keeps the default scale-down window when asked to verify the scale-down", () => {
    const e = modelExpectations({ ...input, verifyScaleDown: true });
    expect(e.scaleDownWithinSeconds).to.equal(
      defaultExpectations({ ...input, verifyScaleDown: true }).scaleDownWithinSeconds,
    );
    expect(e.derivation).to.have.length(4);
    expect(e.derivation[3]).to.match(/^Scale-down window = /);
  });

  for (const [name, change, reason] of [
    ["autoscaling is disabled", { autoscaling: { ...backend.autoscaling, enabled: false } }, "autoscaling is disabled"],
    ["the run has no CPU demand", { demandMillicores: undefined }, "the run has no CPU demand to model"],
    [
      "the load never reaches N",
      { expectReplicas: 10 },
      "1040m never brings 10 replicas to Ready within 600 s; the model settles at 8: raise the load or expect fewer replicas",
    ],
    [
      "the load would not scale at all",
      { demandMillicores: 300 },
      "under 300m the model stays at minReplicas 2, so this load would not scale backend",
    ],
  ] as Array<[string, Partial<ExpectationInput>, string]>) {
    it(`falls back to the e2e-budget default and says so when ${name}`, () => {
      const e = modelExpectations({ ...input, ...change });
      const fallback = defaultExpectations({ ...input, ...change });
      expect(e).to.deep.equal({
        ...fallback,
        derivation: [`HPA model not used: ${reason}. Using the e2e-budget default.`, ...fallback.derivation],
      });
    });
  }

  it("falls back for an HPA without a CPU target, which CPU demand does not drive", () => {
    const memoryOnly = { ...backend.autoscaling, cpuUtilization: undefined };
    expect(modelExpectations({ ...input, autoscaling: memoryOnly }).derivation[0]).to.equal(
      "HPA model not used: the HPA has no CPU target, so CPU demand does not drive it. Using the e2e-budget default.",
    );
  });
});
