import { expect } from "chai";
import { DEFAULTS } from "../../components/config-defaults";
import { bandAround, envelope, timeToReady, uncertainties } from "../../automation/hpa-model/envelope";
import { simulate } from "../../automation/hpa-model/simulation";

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

  it("narrows what was measured to ±1 s and wraps it around the period", () => {
    const sources = uncertainties(
      { metricResolutionSeconds: 15, syncPeriodSeconds: 15 },
      {
        scrapePhaseSeconds: 14.4,
        syncPhaseSeconds: 0.2,
        metricLagSeconds: { min: 0.7, max: 1.3 },
        podReadySeconds: { min: 2, max: 5 },
      },
    );
    expect(Object.fromEntries(sources.map((s) => [s.name, s.values]))).to.deep.equal({
      "scrape phase": [13, 14, 0],
      "sync phase": [14, 0, 1],
      "metric lag": [0, 1, 2],
      "pod start-to-Ready": [2, 5],
      demand: [0.95, 1, 1.05],
    });
  });

  it("spans the whole period for what was not measured", () => {
    const sources = uncertainties({ metricResolutionSeconds: 30, syncPeriodSeconds: 15 });
    expect(sources.find((s) => s.name === "scrape phase")?.values).to.have.length(30);
    expect(sources.find((s) => s.name === "sync phase")?.values).to.have.length(15);
    expect(sources.find((s) => s.name === "metric lag")?.values).to.deep.equal([0, 5, 10]);
  });

  it("widens a band point to its neighbours within the slack", () => {
    const points = [0, 1, 2, 3].map((t) => ({ t, minReady: 2 + t, maxReady: 3 + t, minDesired: 2, maxDesired: 9 }));
    expect(bandAround(points, 1, 1)).to.deep.equal({ minReady: 2, maxReady: 5, minDesired: 2, maxDesired: 9 });
    expect(bandAround(points, 10, 1)).to.equal(undefined);
  });
});
