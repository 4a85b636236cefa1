import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { simulate, simulateEverySecond } from "../../automation/hpa-model/simulation";
import { PROFILES } from "../support/profiles";
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

describe("hpa-model: simulation, config changes under load", () => {
  const backend = DEFAULTS.backend; // 2..10, 200m request, 500m limit, CPU 70 %, memory 80 % of 256Mi
  const a = backend.autoscaling;
  const at = (sim: ReturnType<typeof simulate>, t: number) => sim.timeline.find((p) => p.t === t);

  it("lets an HPA held at maxReplicas go on at the next sync, within the policies' history of the old spec", () => {
    // 5 pods, 3000m: each burns min(600, 500 limit) = 500m; the pre-load sample is ceil(3000 / 5) = 600m, 300 %.
    // 0 s: ceil(5 × 300 / 70) = 22; the policies allow max(ceil(5 × 2), 5 + 4) = 10, maxReplicas 10: 10.
    // maxReplicas 20 from 5 s. 15 s: the sample at 5 s holds 10 s of pre-load and 5 s at the limit,
    // (6000 + 2500) / 15 = 566.7 → 567m, 283 %; the 5 new pods have no sample yet, so they count as 0:
    // floor(5 × 567 × 100 / (200 × 10)) = 141 %, ceil(10 × 141 / 70) = 21. The +5 at 0 s is still within the
    // 30 s period (0 > 15 − 30), so the policies count from 10 − 5 = 5: at most 10. The controller kept it.
    // 30 s: the +5 has left the period (0 > 0 is false): from 10, max(20, 14) = 20 is allowed. The sample at 20 s:
    // old pods 5 s at 500m and 10 s at 3000 / 10 = 300m, 5500 / 15 = 366.7 → 367m, 183 %; the new pods' samples
    // began before they were Ready (20 < 10 + 15): unready, 0 on a scale-up: floor(5 × 367 × 100 / 2000) = 91 %,
    // ceil(10 × 91 / 70) = ceil(13.0) = 13.
    const sim = simulate(backend, () => 3000, 45, { initialReplicas: 5, preloadMillicores: 3000 }, [
      { atSeconds: 5, autoscaling: { ...a, maxReplicas: 20 } },
    ]);
    expect(at(sim, 0)).to.include({ desiredReplicas: 10, cpuUtilization: 300 });
    expect(at(sim, 0)?.action).to.match(/at maxReplicas \(wants 22\)/);
    expect(at(sim, 15)).to.include({ desiredReplicas: 10, cpuUtilization: 283 });
    expect(at(sim, 15)?.action).to.equal("hold: limited by scaleUp policies (wants 21)");
    expect(at(sim, 30)).to.include({ desiredReplicas: 13, cpuUtilization: 183 });
  });

  it("reads a change at the first sync at or after its second, not before", () => {
    // maxReplicas 20 from 16 s: the sync at 15 s still reads 10, so it holds at maxReplicas instead.
    const sim = simulate(backend, () => 3000, 30, { initialReplicas: 5, preloadMillicores: 3000 }, [
      { atSeconds: 16, autoscaling: { ...a, maxReplicas: 20 } },
    ]);
    expect(at(sim, 15)?.action).to.match(/^hold: at maxReplicas/);
    expect(at(sim, 30)?.desiredReplicas).to.be.above(10);
  });

  it("jumps to a raised minReplicas at the next sync, whatever the scale-up policies allow", () => {
    // 60m on 2 pods: 30m each, 15 %, asks for 1; held at minReplicas 2. minReplicas 8 from 100 s: the sync at 105 s
    // finds 2 below it and asks for 8 at once (reconcileAutoscaler's "below Spec.MinReplicas" branch, before any
    // policy), though the only scale-up policy allows 1 pod per 60 s.
    const slowUp = {
      ...a,
      scaleUp: { ...a.scaleUp, policies: [{ type: "Pods" as const, value: 1, periodSeconds: 60 }] },
    };
    const sim = simulate({ ...backend, autoscaling: slowUp }, () => 60, 135, { preloadMillicores: 60 }, [
      { atSeconds: 100, autoscaling: { ...slowUp, minReplicas: 8 } },
    ]);
    expect(at(sim, 90)).to.include({ desiredReplicas: 2, action: "hold: at minReplicas" });
    expect(at(sim, 105)).to.include({ desiredReplicas: 8, action: "below minReplicas" });
    expect(sim.readyChanges).to.deep.include({ t: 115, readyReplicas: 8 }); // Ready 10 s later
    expect(at(sim, 135)).to.include({ desiredReplicas: 8, action: "hold: at minReplicas" });
  });

  it("clamps to a lowered maxReplicas at the next sync, past the scale-down window and policies", () => {
    // 6 pods, 60m: memory 100 MiB of 256 MiB (39 %) asks for ceil(6 × 39 / 80) = 3, held by the 300 s window.
    // maxReplicas 2 from 10 s: the sync at 15 s takes 2 ("above Spec.MaxReplicas"), though the window still
    // holds 6 and the policies would allow only max(6 − 2, trunc(6 × 0.5)) = 4.
    const sim = simulate(backend, () => 60, 30, { initialReplicas: 6, preloadMillicores: 60 }, [
      { atSeconds: 10, autoscaling: { ...a, maxReplicas: 2 } },
    ]);
    expect(at(sim, 0)).to.include({ desiredReplicas: 6 });
    expect(at(sim, 15)).to.include({ desiredReplicas: 2, action: "above maxReplicas" });
  });

  it("lets a lowered minReplicas scale down once the stabilization window has let go of the higher asks", () => {
    // 200m on 2 pods: 100m each, 50 %: ceil(2 × 50 / 70) = ceil(1.43) = 2 (memory asks for ceil(2 × 39 / 80) = 1).
    // From 300 s, 60m. The sample at 305 s still holds 10 s of 100m: (1000 + 150) / 15 = 76.7 → 77m, 38 %,
    // ceil(2 × 38 / 70) = ceil(1.09) = 2, read by the syncs at 305 and 315 s; the one at 320 s, 30m, 15 %, asks
    // for 1 from the sync at 330 s. minReplicas 1 from 400 s: the 300 s window still holds the 2 of 315 s
    // until 315 > t − 300 fails, at 615 s, when the policies allow max(2 − 2, trunc(2 × 0.5)) = 1.
    const sim = simulate(backend, (t) => (t < 300 ? 200 : 60), 630, { preloadMillicores: 200 }, [
      { atSeconds: 400, autoscaling: { ...a, minReplicas: 1 } },
    ]);
    expect(at(sim, 315)?.cpuUtilization).to.equal(38);
    expect(at(sim, 405)).to.include({ desiredReplicas: 2, action: "hold: scale-down stabilized (wants 1)" });
    expect(at(sim, 600)?.desiredReplicas).to.equal(2);
    expect(at(sim, 615)).to.include({ desiredReplicas: 1, action: "scale down 2 → 1" });
  });
});

describe("hpa-model: simulation, fast and exact", () => {
  it("tells every sync and Ready change the second-by-second loop tells, for each named profile and a whole day", () => {
    const a = DEFAULTS.backend.autoscaling;
    const flashSale = [{ atSeconds: 50, autoscaling: { ...a, maxReplicas: 20 } }];
    for (const [name, { profile, durationSeconds }] of Object.entries(PROFILES)) {
      for (const options of [{}, { metricLagSeconds: 7, syncOffsetSeconds: 11, metricResolutionSeconds: 30 }]) {
        const fast = simulate(DEFAULTS.backend, profile, durationSeconds, options, flashSale);
        const plain = simulateEverySecond(DEFAULTS.backend, profile, durationSeconds, options, flashSale);
        expect(fast, `${name} ${JSON.stringify(options)}`).to.deep.equal(plain);
      }
    }
  });

  it("models every second to the same result without config changes", () => {
    expect(simulateEverySecond(DEFAULTS.backend, () => 500, 100)).to.deep.equal(
      simulate(DEFAULTS.backend, () => 500, 100),
    );
  });

  it("has a sync point for every sync of a stretch it jumped over, each as the period before it", () => {
    // 60m steady: held at 2 from the start; a day has 24 × 3600 / 15 + 1 = 5761 syncs.
    const sim = simulate(DEFAULTS.backend, () => 60, 86400, { preloadMillicores: 60 });
    expect(sim.timeline).to.have.length(5761);
    expect(sim.timeline.every((p, i) => p.t === 15 * i && p.desiredReplicas === 2)).to.equal(true);
    expect(new Set(sim.timeline.slice(40).map((p) => p.action))).to.deep.equal(new Set(["hold: at minReplicas"]));
  });

  it("models nothing past a duration below zero but the count at load start", () => {
    expect(simulate(DEFAULTS.backend, () => 500, -1)).to.include.keys("timeline");
    expect(simulate(DEFAULTS.backend, () => 500, -1).timeline).to.deep.equal([]);
    expect(simulate(DEFAULTS.backend, () => 500, -1).readyChanges).to.deep.equal([{ t: 0, readyReplicas: 2 }]);
  });
});
