import { expect } from "chai";
import { uncertainties } from "../../automation/hpa-model/uncertainties";

describe("hpa-model: the envelope's sources, narrowed by what was measured", () => {
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
});

describe("hpa-model: the envelope's sources of spread", () => {
  const byName = (sources: ReturnType<typeof uncertainties>) => Object.fromEntries(sources.map((s) => [s.name, s]));

  it("says why each unmeasured source spans its whole default range, in its unit", () => {
    const s = byName(uncertainties({ metricResolutionSeconds: 30, syncPeriodSeconds: 15 }));
    expect(Object.values(s).map((u) => [u.name, u.why, u.unit])).to.deep.equal([
      ["scrape phase", "metrics-server samples once per 30 s at a phase nobody chose: any of 0..29 s", "s"],
      ["sync phase", "the HPA controller syncs every 15 s at a phase nobody chose: any of 0..14 s", "s"],
      ["metric lag", "a sample reaches the HPA 0..10 s after it is taken (the kubelet's stats housekeeping)", "s"],
      ["pod start-to-Ready", "a new pod is Ready 3..20 s after it is created (image present, readiness probe)", "s"],
      ["demand", "the CPU the kubelet sees differs from the demand the load drove by up to ±5 %", "×"],
    ]);
    // Unmeasured: 0..29, 0..14, lag 0, 5, 10 (no slack below 0), Ready 3 and 20, demand ± 5 %.
    expect(s["scrape phase"].values).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
    expect(s["sync phase"].values).to.deep.equal(Array.from({ length: 15 }, (_, i) => i));
    expect(s["pod start-to-Ready"].values).to.deep.equal([3, 20]);
    expect(s.demand.values).to.deep.equal([0.95, 1, 1.05]);
  });

  it("says what was measured, the phases modulo their period", () => {
    const s = byName(
      uncertainties(
        { metricResolutionSeconds: 15, syncPeriodSeconds: 15 },
        {
          scrapePhaseSeconds: -1, // 14 s into the period before load start
          syncPhaseSeconds: 37, // 37 mod 15 = 7
          metricLagSeconds: { min: 3, max: 7 },
          podReadySeconds: { min: 2.5, max: 4.2 },
          demandSpread: 0.08,
        },
      ),
    );
    expect(Object.values(s).map((u) => [u.name, u.why, u.unit])).to.deep.equal([
      ["scrape phase", "metrics-server's samples were seen at 14 s into each 15 s period, ±1 s", "s"],
      ["sync phase", "the HPA's status was seen to change at 7 s into each 15 s period, ±1 s", "s"],
      [
        "metric lag",
        "samples were first served 3..7 s after their timestamp (polled every second, so up to 1 s less)",
        "s",
      ],
      ["pod start-to-Ready", "new pods in this run were Ready 2.5..4.2 s after they were created", "s"],
      [
        "demand",
        "a request's cost ranged ±8 % between this run's metrics windows, so the CPU the HPA saw may differ from the demand counted by as much",
        "×",
      ],
    ]);
    // −1 ± 1 → −2, −1, 0 → 13, 14, 0; 37 ± 1 → 36, 37, 38 → 6, 7, 8.
    expect(s["scrape phase"].values).to.deep.equal([13, 14, 0]);
    expect(s["sync phase"].values).to.deep.equal([6, 7, 8]);
    // Lag 3..7 measured: from 1 s below the low end, 2; the middle round((2 + 7) / 2) = round(4.5) = 5; and 7.
    expect(s["metric lag"].values).to.deep.equal([2, 5, 7]);
    // Ready 2.5..4.2: the whole seconds around it, floor 2 and ceil 5.
    expect(s["pod start-to-Ready"].values).to.deep.equal([2, 5]);
    expect(s.demand.values).to.deep.equal([0.92, 1, 1.08]);
  });

  it("tries a measured lag from 1 s below its low end, never below 0, each value once", () => {
    const lags = (metricLagSeconds: { min: number; max: number }) =>
      uncertainties({ metricResolutionSeconds: 15, syncPeriodSeconds: 15 }, { metricLagSeconds }).find(
        (u) => u.name === "metric lag",
      )?.values;
    expect(lags({ min: 4.2, max: 4.6 })).to.deep.equal([3, 4, 5]); // floor 4 − 1, round(4), ceil 5
    expect(lags({ min: 0, max: 0 })).to.deep.equal([0]); // max(0, −1) = 0 three times
    expect(lags({ min: 1, max: 1 })).to.deep.equal([0, 1]); // 0, round(0.5) = 1, 1
    expect(lags({ min: 6, max: 2 })).to.deep.equal([5]); // a high end below the low one is lifted to it
  });

  it("takes at most ±25 % of a run's measured spread, past which the band would say little", () => {
    const demand = (demandSpread: number) =>
      uncertainties({ metricResolutionSeconds: 15, syncPeriodSeconds: 15 }, { demandSpread }).find(
        (u) => u.name === "demand",
      );
    expect(demand(0.4)?.values).to.deep.equal([0.75, 1, 1.25]);
    expect(demand(0.25)?.values).to.deep.equal([0.75, 1, 1.25]);
    expect(demand(0.24)?.values).to.deep.equal([0.76, 1, 1.24]);
  });

  it("never narrows the demand's spread below the CPU accounting noise of ±5 %", () => {
    const demand = (demandSpread: number) =>
      uncertainties({ metricResolutionSeconds: 15, syncPeriodSeconds: 15 }, { demandSpread }).find(
        (u) => u.name === "demand",
      );
    expect(demand(0.02)?.values).to.deep.equal([0.95, 1, 1.05]);
    expect(demand(0.02)?.why).to.match(/±5 %$/);
    expect(demand(0.123)?.values).to.deep.equal([0.877, 1, 1.123]);
    expect(demand(0.123)?.why).to.match(/ranged ±12 % between this run's metrics windows/);
  });
});
