import { expect } from "chai";
import { DEFAULTS } from "../../components/config-defaults";
import { simulate } from "../../automation/hpa-model/simulation";
import { PROFILES } from "../../automation/hpa-model/load-profile";
import { formatTimeline } from "../../automation/plan/format";

describe("hpa-model: simulation", () => {
  it("predicts the seed scenario: 2 → 4 at 30 s, steady at 4, scale-down after the 300 s window", () => {
    const sim = simulate(DEFAULTS.backend, PROFILES.seed.profile, PROFILES.seed.durationSeconds);
    console.log(`      seed scenario (${PROFILES.seed.description}):\n${formatTimeline(sim)}`);
    const firstScale = sim.timeline.find((p) => p.desiredReplicas !== 2);
    expect(firstScale).to.include({ t: 30, desiredReplicas: 4, cpuUtilization: 125 });
    expect(sim.readyChanges).to.deep.include({ t: 40, readyReplicas: 4 });
    const loaded = sim.timeline.filter((p) => p.t >= 60 && p.t <= 180);
    expect(loaded.every((p) => p.desiredReplicas === 4 && p.readyReplicas === 4)).to.equal(true);
    const firstDown = sim.timeline.find((p) => p.t > 180 && p.desiredReplicas < 4);
    // The last recommendation of 4 came at 180 s (metrics lag the load stop); the window keeps it 300 s.
    expect(firstDown).to.include({ t: 480, desiredReplicas: 3 });
    expect(sim.timeline[sim.timeline.length - 1]).to.include({ desiredReplicas: 2, readyReplicas: 2 });
  });

  it("never exceeds maxReplicas and never drops below minReplicas over a flash sale", () => {
    const sim = simulate(DEFAULTS.backend, PROFILES["flash-sale"].profile, PROFILES["flash-sale"].durationSeconds);
    const counts = sim.timeline.map((p) => p.desiredReplicas);
    expect(Math.max(...counts)).to.equal(10);
    expect(Math.min(...counts)).to.equal(2);
  });

  it("rejects timing options that are not whole seconds", () => {
    expect(() => simulate(DEFAULTS.backend, () => 0, 60, { syncPeriodSeconds: 7.5 })).to.throw(
      "model option syncPeriodSeconds (7.5) must be a whole number of seconds >= 1",
    );
  });
});
