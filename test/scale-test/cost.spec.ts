import { expect } from "chai";
import { costOverTime, costSpread } from "../../automation/scale-test/cost";

describe("a request's cost over the run", () => {
  const windows = [
    { fromSeconds: -20, toSeconds: -5, costMs: 6 },
    { fromSeconds: 10, toSeconds: 25, costMs: 9 },
    { fromSeconds: 25, toSeconds: 40, costMs: 12 },
  ];

  it("is the cost of the metrics window holding the second", () => {
    const cost = costOverTime(windows, 1);
    expect([cost(-10), cost(10), cost(24.9), cost(25), cost(39)]).to.deep.equal([6, 9, 9, 12, 12]);
  });

  it("between and beyond the windows, is the nearest window's", () => {
    const cost = costOverTime(windows, 1);
    expect([cost(-30), cost(0), cost(6), cost(100)]).to.deep.equal([6, 6, 9, 12]);
  });

  it("falls back when no window was read", () => {
    expect(costOverTime([], 4.5)(10)).to.equal(4.5);
  });
});

describe("how far a request's cost ranged over the run", () => {
  const windows = (...costs: number[]) => costs.map((costMs) => ({ costMs }));

  it("is the range over the median", () => {
    // 13.8 to 16.6 around a median of 15.4: 2.8 / 15.4 = 0.1818...
    expect(costSpread(windows(15.4, 13.8, 16.6))).to.be.closeTo(2.8 / 15.4, 1e-9);
    // An even count takes the mean of the middle two: 4 to 6 around 5 is 0.4 (the envelope caps what it takes).
    expect(costSpread(windows(4, 4.8, 5.2, 6))).to.be.closeTo(2 / 5, 1e-9);
    // 9.5 to 10.5 around (9.9 + 10.1) / 2 = 10: 0.1.
    expect(costSpread(windows(10.5, 9.9, 10.1, 9.5))).to.be.closeTo(0.1, 1e-9);
  });

  it("is undefined with fewer than two windows or no cost", () => {
    expect(costSpread([])).to.equal(undefined);
    expect(costSpread(windows(5))).to.equal(undefined);
    expect(costSpread(windows(0, 0, 0))).to.equal(undefined);
  });
});
