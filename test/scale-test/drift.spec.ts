import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { driftWarning, hpaDrift, HpaSpecLike, settleMs } from "../../automation/scale-test/drift";

const declared = DEFAULTS.backend.autoscaling;

/** The HPA the autoscaler component declares for the backend, as the API server returns it. */
function live(): HpaSpecLike {
  return {
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [
      { type: "Resource", resource: { name: "cpu", target: { averageUtilization: 70 } } },
      { type: "Resource", resource: { name: "memory", target: { averageUtilization: 80 } } },
    ],
    behavior: structuredClone({ scaleUp: declared.scaleUp, scaleDown: declared.scaleDown }),
  };
}

describe("HPA drift", () => {
  it("finds none when the live HPA is what the stack declares", () => {
    expect(hpaDrift(live(), declared)).to.deep.equal([]);
  });

  it("names the runbook's flash-sale patch of maxReplicas", () => {
    expect(hpaDrift({ ...live(), maxReplicas: 20 }, declared)).to.deep.equal(["spec.maxReplicas is 20 (declared 10)"]);
  });

  it("names a patched scale-up policy and select policy field by field", () => {
    const patched = live();
    patched.behavior!.scaleUp = {
      ...declared.scaleUp,
      selectPolicy: "Min",
      policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
    };
    expect(hpaDrift(patched, declared)).to.deep.equal([
      'spec.behavior.scaleUp.selectPolicy is "Min" (declared "Max")',
      'spec.behavior.scaleUp.policies is [{"type":"Pods","value":1,"periodSeconds":60}] (declared [{"type":"Percent","value":100,"periodSeconds":30},{"type":"Pods","value":4,"periodSeconds":30}])',
    ]);
  });

  it("notices a removed metric target", () => {
    expect(hpaDrift({ ...live(), metrics: live().metrics!.slice(0, 1) }, declared)).to.deep.equal([
      "the memory target is unset (declared 80)",
    ]);
  });

  it("warns in one sentence that the declared config is what the test judges", () => {
    expect(driftWarning("feastflow-backend-hpa", "kind", ["spec.maxReplicas is 20 (declared 10)"])).to.equal(
      "The live HPA feastflow-backend-hpa differs from what stack kind declares: spec.maxReplicas is 20 (declared 10). The test judges it by the declared config; `pulumi up --stack kind` takes the HPA back.",
    );
  });
});

describe("waiting for a recent rescale to settle", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  const scaleUp = DEFAULTS.backend.autoscaling.scaleUp; // policies over 30 s

  it("waits until the last rescale is one longest scale-up policy period old", () => {
    expect(settleMs("2026-11-28T11:59:50Z", now, scaleUp)).to.equal(20_000);
    expect(settleMs("2026-11-28T11:59:20Z", now, scaleUp)).to.equal(0);
  });

  it("does not wait for an HPA that never rescaled", () => {
    expect(settleMs(undefined, now, scaleUp)).to.equal(0);
  });
});
