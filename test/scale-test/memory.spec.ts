import { expect } from "chai";
import { memoryPerPod } from "../../automation/scale-test/memory";
import { sample } from "../support/series";

describe("the working set per pod the model takes", () => {
  const request = 256 * 2 ** 20;

  it("bounds the largest memory utilization the HPA reported, a whole percent rounded down", () => {
    const seen = [
      sample(0, { memoryUtilization: 6 }),
      sample(5, { memoryUtilization: 8 }),
      sample(10, { memoryUtilization: 4 }),
    ];
    expect(memoryPerPod(seen, request)).to.deep.equal({ percent: 8, bytes: Math.round(0.09 * request) });
  });

  it("has nothing to say without a memory metric or a memory request", () => {
    expect(memoryPerPod([sample(0, { memoryUtilization: null })], request)).to.equal(undefined);
    expect(memoryPerPod([sample(0, { memoryUtilization: 8 })], undefined)).to.equal(undefined);
  });
});
