import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { generatorCap, planDemand, RateController } from "../../automation/scale-test/demand";

describe("CPU demand", () => {
  describe("the default demand", () => {
    it("is 1.5 × the least demand at which the HPA takes N − 1 pods to N, with the arithmetic of the HPA's rule", () => {
      // Backend: 200m request, 70 % target. Kubernetes 1.34 scales only when the integer utilization
      // ratio leaves the tolerance band: (1 - 0.1) <= util / 70 <= (1 + 0.1) holds up to util = 77
      // (77 / 70 = 1.1, inclusive), so the HPA needs util >= 78 % with 3 pods: 0.78 × 3 × 200m = 468m,
      // and then asks for ceil(78 / 70 × 3) = ceil(3.34) = 4. Target: ceil(1.5 × 468 / 10) × 10 = 710m.
      // Calibration: 2 idle pods scale at 0.78 × 2 × 200m = 312m; half of it is 156m.
      const plan = planDemand(DEFAULTS.backend, 4);
      expect(plan).to.deep.include({
        targetMillicores: 710,
        neededMillicores: 468,
        calibrationMillicores: 156,
        idleTriggerMillicores: 312,
      });
      expect(plan?.derivation[0]).to.equal(
        "Demand = 1.5 × 468m (the least CPU at which the HPA takes 3 pods to 4: 3 pods × 200m CPU request at a 70 % target, past the HPA's tolerance) = 710m CPU.",
      );
    });

    it("follows the target: the frontend's 100m request at 60 % needs 0.67 × 3 × 100m = 201m for 4", () => {
      // 60 × 1.1 = 66 is still within the tolerance, so util must reach 67 %: 0.67 × 300m = 201m.
      expect(planDemand(DEFAULTS.frontend, 4)).to.deep.include({ neededMillicores: 201, targetMillicores: 310 });
    });

    it("takes --demand as given and still says what N needs", () => {
      const plan = planDemand(DEFAULTS.backend, 4, 1600);
      expect(plan).to.deep.include({ targetMillicores: 1600, neededMillicores: 468 });
      expect(plan?.derivation[0]).to.match(/^Demand = 1600m CPU \(--demand\); the HPA takes 3 pods to 4 from 468m/);
    });

    it("has none for an HPA without a CPU target", () => {
      const memoryOnly = { ...DEFAULTS.backend.autoscaling, cpuUtilization: undefined };
      expect(planDemand({ ...DEFAULTS.backend, autoscaling: memoryOnly }, 4)).to.equal(undefined);
    });
  });

  describe("the rate controller", () => {
    /**
     * A stand-in metrics source: each reading is the CPU the load really burnt over a window,
     * rate × the request's true cost, which changes when `costAt` says so.
     */
    function drive(controller: RateController, costAt: (reading: number) => number, readings: number): number[] {
      const produced: number[] = [];
      for (let i = 0; i < readings; i++) {
        const rate = controller.rate();
        const cpu = rate * costAt(i);
        produced.push(cpu);
        controller.observe({ cpuMillicores: cpu, responsesPerSecond: rate });
      }
      return produced;
    }

    it("starts from the probe's guess and finds the rate that produces the demand", () => {
      // True cost 5 ms; the probe said 20 ms, so it starts at 700 / 20 = 35 req/s and learns 5 ms.
      const c = new RateController({ targetMillicores: 700, initialCostMs: 20 });
      expect(c.rate()).to.equal(35);
      const produced = drive(c, () => 5, 4);
      expect(c.costMs()).to.equal(5);
      expect(c.rate()).to.equal(140);
      // 35 → 70 (the cost it steers by moves at most ×2 per reading: 20 → 10 → 5) → 140: 175m, 350m, then the target.
      expect(produced).to.deep.equal([175, 350, 700, 700]);
    });

    it("follows a request whose cost changes mid-run and holds the demand within 15 %", () => {
      const c = new RateController({ targetMillicores: 700, initialCostMs: 5 });
      // 5 ms for six readings, then 2 ms (the endpoint became cheaper), then 12 ms.
      const produced = drive(c, (i) => (i < 6 ? 5 : i < 14 ? 2 : 12), 22);
      for (const at of [5, 13, 21]) expect(produced[at], `reading ${at}`).to.be.within(700 * 0.85, 700 * 1.15);
      expect(c.costMs()).to.be.closeTo(12, 0.1);
    });

    it("follows a new target at once, at the cost it learned", () => {
      const c = new RateController({ targetMillicores: 700, initialCostMs: 5 });
      drive(c, () => 5, 2);
      c.setTarget(60); // a quiet phase: 60m at 5 ms is 12 req/s
      expect(c.rate()).to.equal(12);
      c.setTarget(-5);
      expect(c.rate()).to.equal(0);
    });

    it("asks for more than the demand needs when only part of what it asks completes", () => {
      // The generator completes 85 % of the rate asked (its connections all busy): the demand still
      // needs 700 / 5 = 140 completed per second, so it asks for 140 / 0.85 = 164.71.
      const c = new RateController({ targetMillicores: 700, initialCostMs: 5 });
      const produced: number[] = [];
      for (let i = 0; i < 6; i++) {
        const completed = c.rate() * 0.85;
        produced.push(completed * 5);
        c.observe({ cpuMillicores: completed * 5, responsesPerSecond: completed });
      }
      expect(c.rate()).to.be.closeTo(164.7, 0.1);
      expect(produced[produced.length - 1]).to.be.within(700 * 0.97, 700 * 1.03);
    });

    it("never asks for more than the cap, says when the cap binds, and takes a new cap", () => {
      const c = new RateController({ targetMillicores: 700, capPerSecond: 80, initialCostMs: 2 });
      expect(c.rate()).to.equal(80);
      drive(c, () => 2, 3);
      expect(c.rate()).to.equal(80);
      expect(c.wantedRate()).to.equal(350);
      expect(c.capBinds()).to.equal(true);
      c.setCap(400);
      expect([c.rate(), c.capBinds(), c.capPerSecond()]).to.deep.equal([350, false, 400]);
      c.setCap(undefined);
      expect(c.capPerSecond()).to.equal(undefined);
    });

    it("goes below one request per second, to the hundredth: 5m at 20 ms is 0.25 req/s", () => {
      expect(new RateController({ targetMillicores: 5, initialCostMs: 20 }).rate()).to.equal(0.25);
      // 1m at 300 ms: 0.00333 req/s, asked as 0 (a hundredth of a request per second is the step).
      expect(new RateController({ targetMillicores: 1, initialCostMs: 300 }).rate()).to.equal(0);
      expect(new RateController({ targetMillicores: 7, initialCostMs: 3 }).rate()).to.equal(2.33);
    });

    it("learns nothing from a reading without signal", () => {
      const c = new RateController({ targetMillicores: 700, initialCostMs: 5 });
      expect(c.observe({ cpuMillicores: 1, responsesPerSecond: 100 })).to.equal(false);
      expect(c.observe({ cpuMillicores: 100, responsesPerSecond: 0.1 })).to.equal(false);
      expect([c.costMs(), c.history()]).to.deep.equal([5, []]);
    });

    it("learns from a trickle: 0.2 req/s of 600 ms requests is a reading", () => {
      const c = new RateController({ targetMillicores: 156, initialCostMs: 800 });
      expect(c.observe({ cpuMillicores: 120, responsesPerSecond: 0.2 })).to.equal(true);
      expect(c.costMs()).to.equal(600);
    });

    it("takes a faint reading as a bound: under 2m at 50 req/s, a request costs under 0.04 ms", () => {
      // The probe's 1 ms was mostly the network: 156m / 1 ms = 156 req/s. A window at 50 req/s that read
      // 1m says a request costs less than 2m / 50 = 0.04 ms, so the rate may rise to 156 / 0.04 = 3900.
      const c = new RateController({ targetMillicores: 156, initialCostMs: 1 });
      c.bound({ cpuMillicores: 1, responsesPerSecond: 50 });
      expect([c.costMs(), c.rate(), c.history()]).to.deep.equal([0.04, 3900, []]);
      // A bound above the estimate, or from a reading with signal or too few requests, changes nothing.
      c.bound({ cpuMillicores: 1, responsesPerSecond: 10 });
      c.bound({ cpuMillicores: 5, responsesPerSecond: 5000 });
      c.bound({ cpuMillicores: 0, responsesPerSecond: 0.1 });
      expect(c.costMs()).to.equal(0.04);
    });
  });

  describe("the default rate cap", () => {
    it("is the rate at which the busiest generator would spend half of what it may use", () => {
      // 400 requests in 10 s (40 req/s) at 8 % of a core: 40 × 50 / 8 = 250 req/s.
      expect(generatorCap(8, 400, 10)).to.equal(250);
    });

    it("says nothing from a window of few requests, no CPU or no time", () => {
      expect(generatorCap(8, 49, 10)).to.equal(undefined);
      expect(generatorCap(0, 400, 10)).to.equal(undefined);
      expect(generatorCap(8, 400, 0)).to.equal(undefined);
      expect(generatorCap(8, 50, 10)).to.equal(31.25); // 5 req/s × 50 / 8
    });
  });
});
