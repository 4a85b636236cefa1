import { expect } from "chai";
import {
  formatDemand,
  formatEvents,
  formatExpectations,
  formatLoadSummary,
  formatPhases,
  formatProgress,
  formatSeriesTable,
  formatVerdict,
} from "../../automation/report/format";
import { judge } from "../../automation/scale-test/verdict";
import {
  demandSummary,
  expectations,
  loadSummary,
  sample,
  scaledAt60s,
  series,
  withoutMetrics,
} from "../support/series";

describe("report formatters", () => {
  it("tabulates time, CPU, desired, current, ready, req/s, p99 and errors per sample", () => {
    const table = formatSeriesTable([
      sample(0, { cpuUtilization: 41, p99Ms: 35.6 }),
      sample(5, { cpuUtilization: null, desiredReplicas: null, p99Ms: null, podPhases: { Running: 2, Pending: 1 } }),
    ]);
    const lines = table.split("\n");
    expect(lines[1]).to.match(/t \(s\).*CPU %.*desired.*current.*ready.*req\/s.*p99 ms.*errors.*pods/);
    expect(lines[2]).to.match(/│\s+0 │\s+41 │\s+2 │\s+2 │\s+2 │\s+80 │\s+36 │\s+0 │ Running 2\s+│/);
    expect(lines[3]).to.match(/│\s+5 │\s+- │\s+- │\s+2 │\s+2 │\s+80 │\s+- │\s+0 │ Pending 1, Running 2 │/);
    expect(table).not.to.include("\x1b["); // no colour codes in a table that may go to a file
  });

  it("shows the bands of desired and ready each sample was judged against, ✗ on the count the verdict found outside", () => {
    const band = { minReady: 2, maxReady: 4, minDesired: 2, maxDesired: 3 };
    const table = formatSeriesTable(
      [sample(0), sample(5, { desiredReplicas: 5 }), sample(10, { readyReplicas: 1 }), sample(15)],
      [
        { t: 0, band },
        // Ready 2 is inside 2–4 here: the ✗ is on desired, the side a ready-only check never saw.
        { t: 5, band, outside: { count: "desired", side: "above" } },
        { t: 10, band, outside: { count: "ready", side: "below" } },
        { t: 15 }, // outside the envelope's span: not judged
      ],
    );
    const lines = table.split("\n");
    expect(lines[1]).to.match(
      /│ t \(s\) │ CPU % │ desired │\s+desired band\s+│ current │ ready │\s+ready band\s+│ req\/s │/,
    );
    expect(lines[2]).to.match(/│\s+0 │\s+50 │\s+2 │\s+2–3 │\s+2 │\s+2 │\s+2–4 │\s+80 │/);
    expect(lines[3]).to.match(/│\s+5 │\s+50 │\s+5 │\s+2–3 ✗ above │\s+2 │\s+2 │\s+2–4 │/);
    expect(lines[4]).to.match(/│\s+10 │\s+50 │\s+2 │\s+2–3 │\s+2 │\s+1 │\s+2–4 ✗ below │/);
    expect(lines[5]).to.match(/│\s+15 │\s+50 │\s+2 │\s+- │\s+2 │\s+2 │\s+- │/);
  });

  it("shows a judgement only against the sample of its own moment", () => {
    const table = formatSeriesTable(
      [sample(0)],
      [
        {
          t: 3,
          band: { minReady: 5, maxReady: 5, minDesired: 5, maxDesired: 5 },
          outside: { count: "ready", side: "below" },
        },
      ],
    );
    expect(table).not.to.include("✗");
    expect(table.split("\n")[2]).to.match(/│\s+0 │\s+50 │\s+2 │\s+- │\s+2 │\s+2 │\s+- │/);
  });

  it("lists the HPA's events with the time they were seen, or nothing when there were none", () => {
    const seen = [
      sample(0),
      sample(35, {
        events: [
          "SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target",
        ],
      }),
    ];
    expect(formatEvents(seen)).to.equal(
      "HPA events:\n  t=35 s  SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target",
    );
    expect(formatEvents([sample(0)])).to.equal("");
  });

  it("lists pod phases in a stable order", () => {
    expect(formatPhases({ Running: 3, Pending: 1, Terminating: 2 })).to.equal("Pending 1, Running 3, Terminating 2");
  });

  it("prints PASS lines and the overall result for a passing verdict", () => {
    const verdict = judge(scaledAt60s(), loadSummary(), expectations());
    expect(formatVerdict(verdict)).to.equal(
      [
        "PASS scale-up: Reached 4 ready replicas 60 s after load started (expected within 130 s).",
        "PASS max-replicas: Peaked at 4 replicas, within maxReplicas 10.",
        "PASS failed-requests: 0 failed requests (budget 0).",
        "Scale test passed.",
      ].join("\n"),
    );
  });

  it("prints FAIL lines with the reasons for a failing verdict", () => {
    const verdict = judge(withoutMetrics(), loadSummary(), expectations());
    const text = formatVerdict(verdict);
    expect(text).to.include("FAIL scale-up: Never reached 4 ready replicas");
    expect(text).to.include("Why:\n  - Metrics unavailable:");
    expect(text.split("\n").pop()).to.equal("Scale test FAILED.");
  });

  it("summarizes the load in one line", () => {
    expect(formatLoadSummary(loadSummary())).to.equal(
      "Load: 12000 requests in 150 s (80.0 req/s) over 10 connections to http://127.0.0.1:30500/api/menu/search?q=chicken; " +
        "latency p50 12.0 ms, p99 48.0 ms; 0 errors, 0 timeouts, 0 non-2xx.",
    );
  });

  it("says how many requests waited for a connection, and how many of them were dropped", () => {
    expect(formatLoadSummary({ ...loadSummary(), queued: 40, dropped: 3 })).to.match(
      /0 non-2xx; 40 waited for a connection \(3 of them dropped after the request timeout\)\.$/,
    );
  });

  it("shows the expectations with their derivation", () => {
    expect(formatExpectations(expectations())).to.equal("Expected for backend:\n  N = 4.\n  T = 130 s.");
  });

  it("squeezes the newest sample into one progress line", () => {
    expect(
      formatProgress(sample(45, { cpuUtilization: 120, desiredReplicas: 5, currentReplicas: 4, readyReplicas: 3 })),
    ).to.equal("t=45s cpu 120% desired 5 current 4 ready 3 | 80 req/s p99 40 ms | 0 failed");
  });
});

describe("report formatters for demand", () => {
  it("shows the target and produced demand, the rate, a request's cost and what held the load back", () => {
    const text = formatDemand(
      demandSummary({ producedMillicores: 650, capPerSecond: 120, capBinding: true, reqPerSec: 119.6 }),
    );
    expect(text.split("\n")).to.deep.equal([
      "Demand: target 710m, produced 650m (92 % of target) over the plateau from 20 s; the HPA needs 468m to reach N.",
      "  119.6 req/s at 5.00 ms CPU per request (metrics.k8s.io; calibration 5.20 ms, latency probe 6.5 ms); rate cap 120 req/s, binding; idle 1m per pod.",
      "  Load generator: CPU up to 30 % of a core, event-loop delay p99 up to 12 ms.",
    ]);
  });

  it("names the default cap, derived from the generators' CPU, in whole requests", () => {
    const text = formatDemand(demandSummary({ capPerSecond: 769.987, capDerived: true }));
    expect(text.split("\n")[1]).to.include(
      "; default rate cap (half of the generators' CPU) 770 req/s; idle 1m per pod.",
    );
  });

  it("ends an inconclusive verdict with TOO LIGHT and its own last line", () => {
    const verdict = judge(
      series([[0, 2, 2, 40]]),
      loadSummary(),
      expectations(),
      demandSummary({ producedMillicores: 100 }),
    );
    const lines = formatVerdict(verdict).split("\n");
    expect(lines[0]).to.match(/^TOO LIGHT demand: The load produced 100m/);
    expect(lines[lines.length - 1]).to.equal(
      "Scale test INCONCLUSIVE: the load was too light, or a load generator too slow, to judge the HPA.",
    );
  });
});
