import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { timeToReady } from "../../automation/hpa-model/band";
import { envelope, exhaustiveEnvelope } from "../../automation/hpa-model/envelope";
import { simulate } from "../../automation/hpa-model/simulation";
import { generator, randomScenario } from "../support/random-scenarios";

const backend = DEFAULTS.backend; // 2..10 replicas, 200m CPU request, 500m limit, 70 % target
const step1000 = (t: number) => (t < 0 ? 0 : 1000);

describe("hpa-model: the envelope", () => {
  it("has 4 Ready 10 s after a 1000m step at the earliest, with the arithmetic of the fastest cluster", () => {
    // Two idle pods; from 0 s each burns min(1000 / 2, 500 limit) = 500m. metrics-server's first
    // sample after 0 s, at s seconds, averages 500 × s / 15 per pod over its 15 s window, so the
    // HPA's utilization is floor(100 × (500 s / 15) / 200) = floor(16.67 s) %. To ask for 4
    // (ceil(2 × u / 70) >= 4) it needs u > 105: s = 6 gives 100 % (3 replicas), s = 7 gives 116 %
    // (ceil(3.31) = 4). The fastest cluster samples at 7 s, serves it at once (lag 0), syncs at 7 s,
    // and its new pods are Ready 3 s later: 10 s.
    const env = envelope({ workload: backend, demand: step1000, fromSeconds: 0, toSeconds: 120, initialReplicas: 2 });
    expect(timeToReady(env, 4).earliest).to.equal(10);
    expect(timeToReady(env, 3).earliest).to.equal(8); // u = floor(16.67 × 5) = 83 % > 77 at s = 5, Ready at 8 s
  });

  it("holds every model run it is drawn from, at every second", () => {
    const env = envelope({ workload: backend, demand: step1000, fromSeconds: 0, toSeconds: 150, initialReplicas: 2 });
    for (const [scrape, sync, lag, ready] of [
      [0, 0, 0, 3],
      [14, 7, 10, 20],
      [5, 12, 5, 3],
    ]) {
      const sim = simulate(backend, step1000, 150, {
        scrapeOffsetSeconds: scrape,
        syncOffsetSeconds: sync,
        metricLagSeconds: lag,
        podStartSeconds: 2,
        podReadySeconds: ready,
      });
      let ready_ = 2;
      let c = 0;
      for (let t = 0; t <= 150; t++) {
        while (c < sim.readyChanges.length && sim.readyChanges[c].t <= t) ready_ = sim.readyChanges[c++].readyReplicas;
        const p = env.points[t];
        expect(ready_, `run ${[scrape, sync, lag, ready]} at ${t} s`).to.be.within(p.minReady, p.maxReady);
      }
    }
  });

  it("maps run time onto the model's, so a calibration before load start is modeled too", () => {
    // The same step, drawn from 20 s before it: the band at 0 s and after is the same as when drawn from 0 s,
    // since the idle 20 s change nothing.
    const early = envelope({
      workload: backend,
      demand: step1000,
      fromSeconds: -20,
      toSeconds: 60,
      initialReplicas: 2,
    });
    const plain = envelope({ workload: backend, demand: step1000, fromSeconds: 0, toSeconds: 60, initialReplicas: 2 });
    expect(early.points[0].t).to.equal(-20);
    expect(early.points.slice(20)).to.deep.equal(plain.points);
  });
});

describe("hpa-model: the envelope, measured", () => {
  // Everything measured, so the band spans few runs: scrape and sync phase 7 s ± 1 s → 6, 7, 8 each; metric lag
  // 0..0 s → 0 (no second below 0); Ready 3..3 s → 3; demand × 0.95, 1, 1.05. 3 × 3 × 1 × 1 × 3 = 27 runs.
  const measured = {
    scrapePhaseSeconds: 7,
    syncPhaseSeconds: 7,
    metricLagSeconds: { min: 0, max: 0 },
    podReadySeconds: { min: 3, max: 3 },
  };
  // Drawn afresh in each test rather than once for all: mutation testing credits a test only with the code it runs.
  const measuredStep = () =>
    envelope({ workload: backend, demand: step1000, fromSeconds: 0, toSeconds: 40, initialReplicas: 2, measured });

  it("runs the model once per combination of the values tried", () => {
    const env = measuredStep();
    expect(env.runs).to.equal(27);
    expect(env.points.map((p) => p.t)).to.deep.equal(Array.from({ length: 41 }, (_, i) => i));
  });

  it("bounds the desired replicas between the slowest and the fastest sync's reading of the step", () => {
    const env = measuredStep();
    const at = (t: number) => env.points[t];
    // Each pod burns min(1000 × scale / 2, 500 limit): 475m at × 0.95, 500m otherwise. No sync before 6 s.
    expect([at(0), at(5)].map((p) => [p.minDesired, p.maxDesired])).to.deep.equal([
      [2, 2],
      [2, 2],
    ]);
    // Sync at 6 s right after a scrape at 6 s: 500 × 6 / 15 = 200m → 100 % → ceil(2 × 100 / 70) = ceil(2.86) = 3.
    expect(at(6).maxDesired).to.equal(3);
    // Sync at 7 s after a scrape at 7 s: 500 × 7 / 15 = 233.3 → 234m → 117 % → ceil(2 × 117 / 70) = ceil(3.34) = 4.
    expect(at(7).maxDesired).to.equal(4);
    // Sync at 7 s before the scrape at 8 s sees only the idle sample (0 %): minReplicas 2 until its next sync, 22 s.
    expect(at(21).minDesired).to.equal(2);
    // The run that scaled to 3 at 8 s (scrape at 6 s, × 0.95: 475 × 6 / 15 = 190m → 95 % → ceil(2.71) = 3) holds 3
    // until its next sync at 23 s; every other run has 4 or more by then.
    expect([at(22).minDesired, at(23).minDesired]).to.deep.equal([3, 4]);
    // The next sync of a run that scaled at 6 s is at 21 s, within the policies' 30 s period, which started from 2:
    // at most max(2 × (1 + 100 %), 2 + 4 pods) = 6, and the load asks for that much.
    expect([at(20).maxDesired, at(21).maxDesired]).to.deep.equal([4, 6]);
  });

  it("bounds the Ready replicas 3 s behind the desired ones", () => {
    const env = measuredStep();
    const at = (t: number) => env.points[t];
    // Desired 3 at 6 s and 4 at 7 s at the earliest: Ready 9 s and 10 s. Every run wants at least 3 from 22 s and
    // at least 4 from 23 s (the desired band above): every run has 3 Ready by 25 s and 4 by 26 s.
    expect([8, 9, 10].map((t) => at(t).maxReady)).to.deep.equal([2, 3, 4]);
    expect([24, 25, 26].map((t) => at(t).minReady)).to.deep.equal([2, 3, 4]);
    expect(timeToReady(env, 4)).to.deep.equal({ earliest: 10, latest: 26 });
    expect(timeToReady(env, 3)).to.deep.equal({ earliest: 9, latest: 25 });
  });

  it("has no time to Ready where the band never reaches the count", () => {
    const env = measuredStep();
    // 6 Ready at the earliest 24 s (desired 6 at 21 s + 3 s), but the slowest run has 4 up to 40 s.
    expect(timeToReady(env, 6)).to.deep.equal({ earliest: 24, latest: null });
    // maxReplicas is 10: 20 is never Ready.
    expect(timeToReady(env, 20)).to.deep.equal({ earliest: null, latest: null });
  });

  it("starts a pod measured Ready within 1 s as fast as that, before the model's default 2 s start", () => {
    // Ready 1..1 s: the container starts no later than it is Ready. Desired 3 at 6 s → Ready 7 s; 4 at 7 s → 8 s.
    const fast = envelope({
      workload: backend,
      demand: step1000,
      fromSeconds: 0,
      toSeconds: 30,
      initialReplicas: 2,
      measured: { ...measured, podReadySeconds: { min: 1, max: 1 } },
    });
    expect(timeToReady(fast, 3).earliest).to.equal(7);
    expect(timeToReady(fast, 4).earliest).to.equal(8);
  });

  it("maps a measured phase from run time onto the model's, so a calibration before load start keeps it", () => {
    const env = measuredStep();
    // From −10 s the model's 0 s is run time −10 s: a scrape at 7 s run time is at 17 s, phase 2, in model time.
    const early = envelope({
      workload: backend,
      demand: step1000,
      fromSeconds: -10,
      toSeconds: 40,
      initialReplicas: 2,
      measured,
    });
    expect(early.points.slice(10)).to.deep.equal(env.points);
    expect(early.points.slice(0, 10).every((p) => p.minDesired === 2 && p.maxDesired === 2)).to.equal(true);
  });

  it("reads the demand to its last second: a burst in the second before it reaches the last sync", () => {
    // 280m until 7 s (140m a pod, 70 %; 147m, 74 % at × 1.05: within the tolerance), then 5000m: each pod burns
    // its 500m limit. The scrape at 8 s averages 14 s at 140m and 1 s at 500m: (14 × 140 + 500) / 15 = 164m, 82 %,
    // and the sync at 8 s asks for ceil(2 × 82 / 70) = ceil(2.34) = 3. A run up to 8 s shows it at its last second.
    const burst = (toSeconds: number) =>
      envelope({
        workload: backend,
        demand: (t) => (t < 7 ? 280 : 5000),
        fromSeconds: 0,
        toSeconds,
        initialReplicas: 2,
        model: { preloadMillicores: 280 },
        measured,
      }).points;
    const short = burst(8);
    expect(short.map((p) => p.maxDesired)).to.deep.equal([2, 2, 2, 2, 2, 2, 2, 2, 3]);
    expect(short).to.deep.equal(burst(20).slice(0, 9));
  });

  it("scales the demand by the measured spread, no more: 295m steady stays at 2 replicas, 296m may reach 3", () => {
    // Two pods, steady demand d: each burns d / 2 × scale; metrics-server rounds up. At × 1.05, 295m gives
    // 154.875 → 155m → floor(100 × 155 / 200) = 77 % → 77 / 70 = 1.1, still within the tolerance (≤ 1 + 0.1);
    // 296m gives 155.4 → 156m → 78 % → 1.114 → ceil(2 × 1.114) = 3. At × 1, 148m: 74 %, no change.
    const steady = (d: number) =>
      envelope({
        workload: backend,
        demand: () => d,
        fromSeconds: 0,
        toSeconds: 45,
        initialReplicas: 2,
        model: { preloadMillicores: d },
        measured,
      }).points;
    expect(steady(295).every((p) => p.minDesired === 2 && p.maxDesired === 2)).to.equal(true);
    // 296m: the first sample with a full window of the load at × 1.05 is the scrape at 21 s (phase 6).
    const b296 = steady(296);
    expect([b296[20].maxDesired, b296[21].maxDesired, b296[45].maxDesired]).to.deep.equal([2, 3, 3]);
    expect(b296.every((p) => p.minDesired === 2)).to.equal(true);
  });
});

describe("hpa-model: the envelope over config changes", () => {
  // 10 pods at the cap under 5000m: each burns its 500m limit, 250 %, and asks for ceil(10 × 250 / 70) = 36
  // (34 at × 0.95) — held at maxReplicas 10. maxReplicas 20 is taken somewhere in 30..60 s.
  const capped = (fromSeconds: number, toSeconds: number) =>
    envelope({
      workload: backend,
      demand: () => 5000,
      fromSeconds: 0,
      toSeconds: 100,
      initialReplicas: 10,
      model: { preloadMillicores: 5000 },
      measured: {
        scrapePhaseSeconds: 7,
        syncPhaseSeconds: 0, // syncs at 14, 0 or 1 s into each 15 s
        metricLagSeconds: { min: 0, max: 0 },
        podReadySeconds: { min: 3, max: 3 },
      },
      changes: [{ autoscaling: { ...backend.autoscaling, maxReplicas: 20 }, fromSeconds, toSeconds }],
    });

  it("covers every moment the change may have been taken: its first reading as early and as late as it can be", () => {
    const env = capped(30, 60);
    // Earliest: taken at 30 s, read by a sync at 30 s (phase 0). With no scale event in the last 30 s the
    // policies allow max(10 × 2, 10 + 4) = 20 at once. Latest: taken at 60 s, read at 74 s (phase 14): until then
    // some run still holds 10.
    const at = (t: number) => [env.points[t].minDesired, env.points[t].maxDesired];
    expect([at(29), at(30), at(73), at(74)]).to.deep.equal([
      [10, 10],
      [10, 20],
      [10, 20],
      [20, 20],
    ]);
  });

  it("says which syncs it tried as the first to read each change, and runs the model for each", () => {
    const env = capped(30, 60);
    // Phase 14: the syncs at 44 s (first at or after 30 s), 59 and 74 s (first at or after 60 s); phase 0: 30, 45,
    // 60; phase 1: 31, 46, 61. 3 scrape × 3 sync phases × 3 demand scales, each with 3 readings: 81 runs.
    const source = env.sources.find((s) => s.name === "config change 1");
    expect(source?.values).to.deep.equal([30, 31, 44, 45, 46, 59, 60, 61, 74]);
    expect(source?.why).to.match(/^the cluster took it between 30.0 and 60.0 s; /);
    expect(env.runs).to.equal(81);
    // Known to the second: one reading per sync phase.
    expect(capped(40, 40).sources.find((s) => s.name === "config change 1")?.values).to.deep.equal([44, 45, 46]);
  });

  it("rejects change windows out of order, before running anything", () => {
    const change = (fromSeconds: number, toSeconds: number) => ({
      autoscaling: backend.autoscaling,
      fromSeconds,
      toSeconds,
    });
    const input = { workload: backend, demand: step1000, fromSeconds: 0, toSeconds: 60, initialReplicas: 2 };
    expect(() => envelope({ ...input, changes: [change(20, 10)] })).to.throw(/config change 1: its window 20..10 s/);
    expect(() => exhaustiveEnvelope({ ...input, changes: [change(20, 30), change(10, 40)] })).to.throw(
      /config change 2: its window starts at 10 s/,
    );
  });
});

describe("hpa-model: the exhaustive envelope", () => {
  // Phases 7 s ± 1 s → 6, 7, 8 each; lag 1..1 s → 0 and 1 (a measured lag reaches 1 s below); Ready 3..5 s → 3 and
  // 5; a measured demand spread of 25 % → × 0.75, 1, 1.25.
  const spread = {
    scrapePhaseSeconds: 7,
    syncPhaseSeconds: 7,
    metricLagSeconds: { min: 1, max: 1 },
    podReadySeconds: { min: 3, max: 5 },
    demandSpread: 0.25,
  };
  const steady240 = {
    workload: backend,
    demand: () => 240,
    fromSeconds: 0,
    toSeconds: 45,
    initialReplicas: 2,
    model: { preloadMillicores: 240 },
    measured: spread,
  };

  it("scales the demand as the fast envelope does: 240m steady stays at 2 replicas even at × 1.25", () => {
    // 240m on 2 pods at × 1.25: 150m each, 75 %, 75 / 70 = 1.07, within the tolerance; at × 0.75, 90m, 45 %: 2.
    const env = exhaustiveEnvelope(steady240);
    expect(env.points.every((p) => p.minDesired === 2 && p.maxDesired === 2)).to.equal(true);
    expect(env.points).to.deep.equal(envelope(steady240).points);
    // 3 scrape × 3 sync phases × 3 demand scales × 2 lags × 2 start-ups, one way to take no change: 108 runs.
    expect(env.runs).to.equal(108);
  });

  it("runs the model for every whole second of each change's window", () => {
    // The window 20..22 s: taken at 20, 21 or 22 s, each for every combination: 108 × 3 = 324 runs.
    const change = { autoscaling: { ...backend.autoscaling, maxReplicas: 20 }, fromSeconds: 20, toSeconds: 22 };
    const env = exhaustiveEnvelope({ ...steady240, changes: [change] });
    expect(env.runs).to.equal(324);
    expect(env.sources.find((s) => s.name === "config change 1")?.values).to.deep.equal([20, 21, 22]);
  });
});

describe("hpa-model: the envelope, as fast as exact", () => {
  // Small random scenarios against the exhaustive reference (every combination, every second, every second of
  // each change's window). The integration spec runs more, and larger, unmeasured ones.
  for (let seed = 1; seed <= 8; seed++) {
    it(`equals the exhaustive computation point for point: random scenario ${seed}`, () => {
      const input = randomScenario(generator(seed), { seconds: 300, measure: true, widestWindow: 3 });
      expect(envelope(input).points).to.deep.equal(exhaustiveEnvelope(input).points);
    });
  }
});
