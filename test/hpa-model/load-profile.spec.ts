import { expect } from "chai";
import { constant, ramp, sequence, step, sum } from "../../automation/hpa-model/load-profile";

describe("load-profile", () => {
  it("holds a constant demand at every time", () => {
    const p = constant(300);
    expect([0, 15, 86400].map(p)).to.deep.equal([300, 300, 300]);
  });

  it("switches a step at its time, not before", () => {
    const p = step(100, 800, 60);
    expect([0, 59, 60, 600].map(p)).to.deep.equal([100, 100, 800, 800]);
  });

  it("ramps linearly between its start and end and stays flat outside", () => {
    const p = ramp(100, 1100, 100, 200);
    expect([0, 100, 150, 200, 1000].map(p)).to.deep.equal([100, 100, 600, 1100, 1100]);
  });

  it("ends a ramp on exactly its end value, where the linear formula would round off it", () => {
    // 1 + (0.1 − 1) × 10 / 10 is 0.09999999999999998 in floating point.
    expect(ramp(1, 0.1, 0, 10)(10)).to.equal(0.1);
  });

  it("adds profiles with sum", () => {
    const p = sum(constant(100), step(0, 400, 10));
    expect([0, 10].map(p)).to.deep.equal([100, 500]);
  });

  it("runs each segment of a sequence on its own clock, then drops to zero", () => {
    const p = sequence([
      { profile: constant(50), seconds: 60 },
      { profile: ramp(0, 600, 0, 60), seconds: 60 },
    ]);
    expect([0, 59, 60, 90, 119, 120].map(p)).to.deep.equal([50, 50, 0, 300, 590, 0]);
    expect(p(-1)).to.equal(0); // nothing before the first segment
  });
});
