import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import type { ModelWorkload } from "../../automation/hpa-model/spec";
import { leastDemandToReach } from "../../automation/hpa-model/thresholds";

// By hand from GetResourceReplicas: utilization u = floor(demand × 100 / (pods × request)); the proposal
// ceil(pods × u / target) counts only outside the tolerance, u / target > 1.1 (1.1 itself is within).

function workload(cpu: string, cpuUtilization: number | undefined, memoryUtilization?: number): ModelWorkload {
  return {
    resources: { requests: { cpu, memory: "256Mi" }, limits: { cpu: "2", memory: "512Mi" } },
    autoscaling: { minReplicas: 1, maxReplicas: 10, cpuUtilization, memoryUtilization },
  };
}

describe("hpa-model: thresholds", () => {
  it("finds the least demand at which the backend's Ready pods ask for more", () => {
    // Backend: 200m request, 70 % target.
    // 2 → 3: ceil(2u / 70) ≥ 3 needs u > 70, and past the tolerance u > 77: u = 78 → demand × 100 / 400 ≥ 78 → 312.
    expect(leastDemandToReach(DEFAULTS.backend, 2, 3)).to.equal(312);
    // 2 → 4: ceil(2u / 70) ≥ 4 needs u > 105: u = 106 → demand ≥ 424 (423 makes 105.75, truncated to 105).
    expect(leastDemandToReach(DEFAULTS.backend, 2, 4)).to.equal(424);
    // 1 → 2: u = 78 → demand × 100 / 200 ≥ 78 → 156.
    expect(leastDemandToReach(DEFAULTS.backend, 1, 2)).to.equal(156);
    // 3 → 10: ceil(3u / 70) ≥ 10 needs u > 210: u = 211 → demand × 100 / 600 ≥ 211 → 1266.
    expect(leastDemandToReach(DEFAULTS.backend, 3, 10)).to.equal(1266);
  });

  it("finds a demand above its first guess, ten times the requests, at the highest target config allows", () => {
    // 100m request, 1000 % target, 10 → 11: ceil(10u / 1000) ≥ 11 needs u > 1100 → u = 1101 →
    // demand × 100 / 1000 ≥ 1101 → 11010m, above the 100m × 11 × 10 = 11000m it tries first.
    expect(leastDemandToReach(workload("100m", 1000), 10, 11)).to.equal(11010);
  });

  it("has no threshold for as many replicas as pods or fewer, nor without a CPU target", () => {
    expect(leastDemandToReach(DEFAULTS.backend, 3, 3)).to.equal(undefined);
    expect(leastDemandToReach(DEFAULTS.backend, 3, 2)).to.equal(undefined);
    expect(leastDemandToReach(workload("200m", undefined, 80), 2, 3)).to.equal(undefined);
  });
});
