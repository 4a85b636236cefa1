import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { envelope, exhaustiveEnvelope, type EnvelopeInput } from "../../automation/hpa-model/envelope";
import { PROFILES } from "../support/profiles";
import { generator, randomScenario } from "../support/random-scenarios";

// The fast envelope against the exhaustive reference (every combination of the uncertainties, every second,
// every second of each config change's window), point for point, on scenarios larger than npm test can afford.

const same = (input: EnvelopeInput) => expect(envelope(input).points).to.deep.equal(exhaustiveEnvelope(input).points);

describe("hpa-model: the envelope, as fast as exact (integration)", function () {
  this.timeout(120_000);

  for (let seed = 101; seed <= 124; seed++) {
    it(`equals the exhaustive computation with nothing measured: random scenario ${seed}`, () => {
      same(randomScenario(generator(seed), { seconds: 400, measure: false, widestWindow: 3 }));
    });
  }

  for (let seed = 201; seed <= 220; seed++) {
    it(`equals the exhaustive computation over long stretches and wide change windows: random scenario ${seed}`, () => {
      same(randomScenario(generator(seed), { seconds: 1500, measure: true, widestWindow: 10 }));
    });
  }

  it("equals the exhaustive computation for the lunch rush with minReplicas raised ahead and put back", () => {
    const a = DEFAULTS.backend.autoscaling;
    same({
      workload: DEFAULTS.backend,
      demand: PROFILES["lunch-rush"].profile,
      fromSeconds: 0,
      toSeconds: PROFILES["lunch-rush"].durationSeconds,
      initialReplicas: 2,
      changes: [
        { autoscaling: { ...a, minReplicas: 6 }, fromSeconds: 30, toSeconds: 32 },
        { autoscaling: a, fromSeconds: 1900, toSeconds: 1901 },
      ],
    });
  });

  it("equals the exhaustive computation for the flash sale with maxReplicas raised to 20", () => {
    same({
      workload: DEFAULTS.backend,
      demand: PROFILES["flash-sale"].profile,
      fromSeconds: -30,
      toSeconds: PROFILES["flash-sale"].durationSeconds,
      initialReplicas: 2,
      changes: [{ autoscaling: { ...DEFAULTS.backend.autoscaling, maxReplicas: 20 }, fromSeconds: 75, toSeconds: 77 }],
    });
  });
});
