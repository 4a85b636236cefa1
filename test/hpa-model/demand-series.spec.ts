import { expect } from "chai";
import { sampleDemand, scaledDemand } from "../../automation/hpa-model/demand-series";

describe("hpa-model: demand series", () => {
  it("samples a profile once per second, times the scale, never below zero", () => {
    const calls: number[] = [];
    const profile = (t: number) => {
      calls.push(t);
      return 100 * t - 150; // −150, −50, 50, 150
    };
    const series = sampleDemand(profile, 3, 1.5);
    expect(calls).to.deep.equal([0, 1, 2, 3]);
    expect([...series.values]).to.deep.equal([0, 0, 75, 225]);
  });

  it("scales exactly as the sync loop does: the profile's value times the scale, then clipped", () => {
    // 0.1 × 3 is 0.30000000000000004 in floating point; the series must hold that, not 0.3.
    expect([...scaledDemand(Float64Array.of(0.1), 3).values]).to.deep.equal([0.1 * 3]);
    expect([...scaledDemand(Float64Array.of(7), 1).values]).to.deep.equal([7]);
  });

  it("says for each second where its stretch of one demand ends", () => {
    // 5, 5, 5, 8, 8, 0: stretches [0, 3), [3, 5), [5, 6).
    const series = scaledDemand(Float64Array.of(5, 5, 5, 8, 8, 0), 1);
    expect([...series.steadyUntil]).to.deep.equal([3, 3, 3, 5, 5, 6]);
    // Negative values clip to 0 before the stretches are found: −1, 0, 0 is one stretch of 0.
    expect([...scaledDemand(Float64Array.of(-1, 0, 0, 2), 1).steadyUntil]).to.deep.equal([3, 3, 3, 4]);
  });

  it("takes no profile value beyond the last second and samples second 0 alone for a zero-length run", () => {
    expect([...sampleDemand(() => 42, 0).values]).to.deep.equal([42]);
  });
});
