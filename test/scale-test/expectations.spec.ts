import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import type { Envelope, EnvelopePoint } from "../../automation/hpa-model";
import { envelopeExpectations } from "../../automation/scale-test/expectations";

const backend = DEFAULTS.backend.autoscaling;
const input = {
  target: "backend" as const,
  autoscaling: backend,
  maxFailedRequests: 0,
  verifyScaleDown: false,
  observationSlackSeconds: 3,
};

/**
 * A hand-drawn envelope: 2 ready until 20 s; 4–5 may be ready from 20 s and must be from 30 s;
 * the load stops at 60 s and 2 is the most that may be ready from 100 s on.
 */
function drawn(): Envelope {
  const points: EnvelopePoint[] = [];
  for (let t = -10; t <= 140; t++) {
    const up = t >= 20 && t < 100;
    const minReady = t >= 30 && t < 90 ? 4 : 2;
    const maxReady = up ? 5 : 2;
    points.push({ t, minReady, maxReady, minDesired: minReady, maxDesired: maxReady });
  }
  return {
    points,
    runs: 18,
    sources: [{ name: "sync phase", why: "the HPA syncs at 3 s", values: [2, 3, 4], unit: "s" }],
  };
}

describe("envelope expectations", () => {
  it("takes N's window from where the band first allows and first forces N ready", () => {
    const e = envelopeExpectations({ ...input, envelope: drawn(), loadSeconds: 60, demandHow: "Demand: 700m." });
    expect(e).to.deep.include({
      scaleUpReplicas: 4,
      scaleUpEarliestSeconds: 20,
      scaleUpWithinSeconds: 30,
      envelopeSlackSeconds: 3,
    });
    expect(e.envelope).to.have.length(151);
    expect(e.derivation).to.deep.equal([
      "Demand: 700m.",
      "N = min(maxReplicas 10, minReplicas 2 + 2) = 4 ready replicas.",
      "Envelope: the HPA model over 18 combinations of what a real cluster leaves open has 4 Ready from 20 s at the earliest to 30 s at the latest; every sample must lie inside it, ±3 s.",
      "  sync phase: the HPA syncs at 3 s (tried 2, 3, 4 s).",
    ]);
  });

  it("keeps --expect-replicas and --within, naming them", () => {
    const e = envelopeExpectations({
      ...input,
      expectReplicas: 5,
      withinSeconds: 200,
      envelope: drawn(),
      loadSeconds: 60,
      demandHow: "Demand.",
    });
    // 5 may be ready from 20 s, but the band never forces 5.
    expect(e).to.deep.include({ scaleUpReplicas: 5, scaleUpEarliestSeconds: 20, scaleUpWithinSeconds: 200 });
    expect(e.derivation[1]).to.equal("N = 5 ready replicas (--expect-replicas).");
    expect(e.derivation[2]).to.match(
      /has 5 Ready from 20 s at the earliest to never at the latest; T = 200 s \(--within\)/,
    );
  });

  it("asks for the way back down to be where the envelope is back at minReplicas", () => {
    const e = envelopeExpectations({
      ...input,
      verifyScaleDown: true,
      envelope: drawn(),
      loadSeconds: 60,
      demandHow: "Demand.",
    });
    expect(e.scaleDownWithinSeconds).to.equal(40); // back at 2 (min and max) from 100 s: 40 s after the load
    expect(e.derivation[e.derivation.length - 1]).to.equal(
      "Scale-down: the envelope is back at 2 replicas 40 s after load stops.",
    );
  });
});
