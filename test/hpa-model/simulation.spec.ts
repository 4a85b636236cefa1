import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
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

  it("records each change of the Ready count once, from the count at load start", () => {
    // 500m on 2 pods: the sync at 30 s sees 125 % and asks for 4, Ready 10 s later.
    expect(simulate(DEFAULTS.backend, () => 500, 100).readyChanges).to.deep.equal([
      { t: 0, readyReplicas: 2 },
      { t: 40, readyReplicas: 4 },
    ]);
  });

  it("caps each pod's CPU at its limit", () => {
    // 2000m over 2 pods would be 1000m each; a 200m limit holds each at 200m, 100 % of the 200m request.
    const capped = {
      ...DEFAULTS.backend,
      resources: { ...DEFAULTS.backend.resources, limits: { cpu: "200m", memory: "512Mi" } },
    };
    const at30 = simulate(capped, () => 2000, 30).timeline.find((p) => p.t === 30);
    expect(at30?.cpuUtilization).to.equal(100);
  });

  it("acts on a sample metricLagSeconds after it was taken", () => {
    // Without lag the seed's first scale-up comes at 30 s, from the 5-20 s sample. With 12 s of lag that sample
    // arrives at 32 s: the sync at 30 s still has the −10-5 s one (1250m over 15 s = 84m, 42 %), the one at 45 s acts.
    const sim = simulate(DEFAULTS.backend, PROFILES.seed.profile, 60, { metricLagSeconds: 12 });
    expect(sim.timeline.find((p) => p.desiredReplicas !== 2)).to.include({ t: 45, cpuUtilization: 125 });
    expect(sim.timeline.find((p) => p.t === 30)).to.include({ desiredReplicas: 2, cpuUtilization: 42 });
  });

  it("asks for the pods the demand needs but has only the cluster's room Ready", () => {
    // 2000m: the HPA asks for 6 at 30 s and 10 at 45 s; room for 5 keeps the Ready count at 5.
    const sim = simulate(DEFAULTS.backend, () => 2000, 120, { schedulablePods: 5 });
    expect(Math.max(...sim.timeline.map((p) => p.desiredReplicas))).to.equal(10);
    expect(Math.max(...sim.readyChanges.map((c) => c.readyReplicas))).to.equal(5);
    expect(simulate(DEFAULTS.backend, () => 2000, 120).readyChanges.pop()).to.include({ readyReplicas: 10 });
  });
});
