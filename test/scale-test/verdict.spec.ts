import { expect } from "chai";
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
import { explainDeclared, explainScaleUp, whyTooLight } from "../../automation/scale-test/explanations";
import type { Sample, SyncExplanation } from "../../automation/shared/results";

/** One generator's figures on the plateau, as health.ts reports them. */
const generator = (name: string, share: number, reached: number, cpu: number, loop: number) => ({
  name,
  shareReqPerSec: share,
  reachedReqPerSec: reached,
  maxCpuPercent: cpu,
  maxEventLoopP99Ms: loop,
  queuedShare: 0,
  dropped: 0,
  behindWindows: reached < 0.9 * share ? 5 : 0,
  windows: 5,
  lost: false,
});

/** A band: 2 until 20 s, 2–5 from 20 s, 4–5 from 30 s; desired a step ahead. N = 4 Ready in 20–30 s, ±2 s. */
const enveloped = () =>
  expectations({
    envelope: Array.from({ length: 101 }, (_, t) => ({
      t,
      minReady: t < 30 ? 2 : 4,
      maxReady: t < 20 ? 2 : 5,
      minDesired: t < 25 ? 2 : 4,
      maxDesired: t < 15 ? 2 : 5,
    })),
    envelopeSlackSeconds: 2,
    scaleUpEarliestSeconds: 20,
    scaleUpWithinSeconds: 30,
  });

describe("the verdict", () => {
  const e = expectations();

  it("passes when ready replicas reach N before the deadline with no failures", () => {
    const seen = series([
      [0, 2, 2, 40],
      [30, 2, 4, 160],
      [60, 4, 4, 90],
      [150, 4, 4, 80],
    ]);
    const verdict = judge(seen, loadSummary(), e);
    expect(verdict.passed).to.equal(true);
    expect(verdict.checks.map((c) => c.message)).to.deep.equal([
      "Reached 4 ready replicas 60 s after load started (expected within 130 s).",
      "Peaked at 4 replicas, within maxReplicas 10.",
      "0 failed requests (budget 0).",
    ]);
    expect(verdict.explanations).to.deep.equal([]);
  });

  it("explains nothing about a scale-up that came in time, though a later pod stayed Pending", () => {
    const pending = "0/1 nodes are available: 1 Insufficient cpu.";
    const seen = [
      sample(0),
      sample(60, { readyReplicas: 4, currentReplicas: 4, desiredReplicas: 4 }),
      sample(90, {
        readyReplicas: 4,
        currentReplicas: 5,
        desiredReplicas: 5,
        podPhases: { Running: 4, Pending: 1 },
        pendingReasons: [pending],
      }),
    ];
    const verdict = judge(seen, loadSummary(), e);
    expect(verdict.passed).to.equal(true);
    expect(verdict.explanations).to.deep.equal([]);
  });

  it("fails a late scale-up and says by how much, blaming slow pods when the HPA asked in time", () => {
    const seen = series([
      [0, 2, 2, 40],
      [40, 2, 4, 150],
      [160, 4, 4, 80],
    ]);
    const verdict = judge(seen, loadSummary({ durationSeconds: 170 }), e);
    expect(verdict.passed).to.equal(false);
    expect(verdict.checks[0]).to.deep.equal({
      name: "scale-up",
      passed: false,
      message: "Reached 4 ready replicas only 160 s after load started, 30 s later than the expected 130 s.",
    });
    expect(verdict.explanations).to.deep.equal([
      "The HPA asked for 4 replicas at 40 s but at most 2 were ready by the 130 s deadline: new pods were slow to start or failed readiness.",
    ]);
  });

  it("fails a late scale-up and blames the HPA, not the pods, when it asked for N only after the deadline", () => {
    const seen = series([
      [0, 2, 2, 40],
      [40, 2, 3, 150],
      [60, 3, 3, 150],
      [150, 3, 4, 120],
      [160, 4, 4, 80],
    ]);
    const verdict = judge(seen, loadSummary({ durationSeconds: 170 }), e);
    expect(verdict.passed).to.equal(false);
    expect(verdict.explanations).to.deep.equal([
      "The HPA asked for 4 replicas only at 150 s, after the 130 s deadline (by then it asked for 3): it scaled later or slower than its declared config allows.",
    ]);
  });

  it("fails when replicas never scaled and explains that the load was too low", () => {
    const verdict = judge(
      series([
        [0, 2, 2, 30],
        [75, 2, 2, 45],
        [150, 2, 2, 50],
      ]),
      loadSummary(),
      e,
    );
    expect(verdict.checks[0]).to.deep.equal({
      name: "scale-up",
      passed: false,
      message:
        "Never reached 4 ready replicas: at most 2 were ready (the HPA asked for at most 2) in 150 s of observation.",
    });
    expect(verdict.explanations).to.deep.equal([
      "Load too low: CPU peaked at 50 % against the 70 % target (the HPA acts above ~77 %); raise --rate or --connections, or aim --path at a CPU-bound endpoint.",
    ]);
  });

  it("passes N reached exactly at the deadline", () => {
    const seen = series([
      [0, 2, 2, 40],
      [130, 4, 4, 90],
    ]);
    expect(judge(seen, loadSummary(), e).checks[0]).to.deep.include({
      passed: true,
      message: "Reached 4 ready replicas 130 s after load started (expected within 130 s).",
    });
  });

  it("judges the scale-up from load start: replicas before it count neither as there at the start nor as reached", () => {
    const seen = series([
      [-10, 5, 5, 20],
      [0, 2, 2, 40],
      [60, 4, 4, 90],
    ]);
    expect(judge(seen, loadSummary(), e).checks[0]).to.deep.include({
      passed: true,
      message: "Reached 4 ready replicas 60 s after load started (expected within 130 s).",
    });
    const never = series([
      [-20, 3, 4, 60],
      [0, 3, 3, 40],
      [150, 2, 2, 50],
    ]);
    expect(judge(never, loadSummary(), e).checks[0].message).to.equal(
      "Never reached 4 ready replicas: at most 3 were ready (the HPA asked for at most 3) in 150 s of observation.",
    );
  });

  it("passes N there at load start when minReplicas is N itself", () => {
    const seen = series([
      [0, 4, 4, 40],
      [60, 4, 4, 50],
    ]);
    const verdict = judge(seen, loadSummary(), expectations({ minReplicas: 4 }));
    expect(verdict.checks[0]).to.deep.include({
      passed: true,
      message: "Reached 4 ready replicas 0 s after load started (expected within 130 s).",
    });
  });

  it("explains a missing scale-up by unavailable metrics when the HPA never reported CPU", () => {
    const verdict = judge(withoutMetrics(), loadSummary(), e);
    expect(verdict.explanations[0]).to.equal(
      "Metrics unavailable: the HPA never reported CPU utilization, so it could not compute a replica count (is metrics-server running and serving metrics.k8s.io?).",
    );
  });

  it("reads metrics from the load's samples only, and explains nothing else when there were none", () => {
    const seen = [
      sample(-10, { cpuUtilization: 20 }),
      sample(0, { cpuUtilization: null }),
      sample(150, { cpuUtilization: null }),
      sample(200, { cpuUtilization: 30 }),
    ];
    expect(judge(seen, loadSummary({ durationSeconds: 150 }), e).explanations).to.deep.equal([
      "Metrics unavailable: the HPA never reported CPU utilization, so it could not compute a replica count (is metrics-server running and serving metrics.k8s.io?).",
    ]);
  });

  it("takes CPU reported at load start as metrics available", () => {
    const seen = [sample(0, { cpuUtilization: 45 }), sample(150, { cpuUtilization: null })];
    expect(judge(seen, loadSummary(), e).explanations).to.deep.equal([
      "Load too low: CPU peaked at 45 % against the 70 % target (the HPA acts above ~77 %); raise --rate or --connections, or aim --path at a CPU-bound endpoint.",
    ]);
  });

  it("explains a run observed only before load start by the observation alone", () => {
    const verdict = judge([sample(-5)], loadSummary(), e);
    expect(verdict.checks[0].message).to.equal(
      "Never reached 4 ready replicas: at most 0 were ready (the HPA asked for at most 0) in 0 s of observation.",
    );
    expect(verdict.explanations).to.deep.equal([
      "Observation stopped at -5 s, before the 130 s deadline; lengthen --duration.",
    ]);
  });

  it("quotes why pods stayed Pending when it was not CPU", () => {
    const taint = "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }.";
    const pending = { desiredReplicas: 4, currentReplicas: 4, podPhases: { Running: 2, Pending: 2 } };
    const seen = [
      sample(0),
      sample(60, { ...pending, pendingReasons: [taint] }),
      sample(150, { ...pending, pendingReasons: [taint] }),
    ];
    expect(judge(seen, loadSummary(), e).explanations).to.deep.equal([
      `Pods stayed Pending: "${taint}".`,
      "The HPA asked for 4 replicas at 60 s but at most 2 were ready by the 130 s deadline: new pods were slow to start or failed readiness.",
    ]);
  });

  it("says when N is above maxReplicas, and that CPU was high enough but the HPA did not ask", () => {
    const seen = series([
      [0, 2, 2, 40],
      [150, 3, 3, 90],
    ]);
    const verdict = judge(seen, loadSummary(), expectations({ maxReplicas: 3 }));
    expect(verdict.explanations).to.deep.equal([
      "The expected 4 replicas exceed maxReplicas 3; the HPA will never go that high.",
      "CPU reached 90 % (target 70 %) but the HPA did not ask for 4 replicas in time; see its events and conditions.",
    ]);
  });

  it("takes CPU at the HPA's threshold (target plus tolerance) as high enough to scale", () => {
    const seen = series([
      [0, 2, 2, 40],
      [150, 2, 2, 77],
    ]);
    expect(judge(seen, loadSummary(), e).explanations).to.deep.equal([
      "CPU reached 77 % (target 70 %) but the HPA did not ask for 4 replicas in time; see its events and conditions.",
    ]);
  });

  it("counts the ready replicas of the sample at the deadline", () => {
    const seen = series([
      [0, 2, 2, 40],
      [40, 2, 4, 150],
      [130, 3, 4, 120],
      [160, 4, 4, 80],
    ]);
    expect(judge(seen, loadSummary({ durationSeconds: 170 }), e).explanations).to.deep.equal([
      "The HPA asked for 4 replicas at 40 s but at most 3 were ready by the 130 s deadline: new pods were slow to start or failed readiness.",
    ]);
  });

  it("says when observation stopped before the deadline, but not when it reached it", () => {
    const short = series([
      [0, 2, 2, 40],
      [60, 2, 2, 50],
    ]);
    expect(judge(short, loadSummary({ durationSeconds: 60 }), e).explanations).to.deep.equal([
      "Load too low: CPU peaked at 50 % against the 70 % target (the HPA acts above ~77 %); raise --rate or --connections, or aim --path at a CPU-bound endpoint.",
      "Observation stopped at 60 s, before the 130 s deadline; lengthen --duration.",
    ]);
    const full = series([
      [0, 2, 2, 40],
      [130, 2, 2, 50],
    ]);
    expect(judge(full, loadSummary({ durationSeconds: 130 }), e).explanations).to.deep.equal([
      "Load too low: CPU peaked at 50 % against the 70 % target (the HPA acts above ~77 %); raise --rate or --connections, or aim --path at a CPU-bound endpoint.",
    ]);
  });

  it("explains a missing scale-up by pods Pending for lack of CPU", () => {
    const pending = "0/1 nodes are available: 1 Insufficient cpu.";
    const seen = [
      sample(0),
      sample(60, {
        desiredReplicas: 4,
        currentReplicas: 4,
        podPhases: { Running: 2, Pending: 2 },
        pendingReasons: [pending],
      }),
      sample(150, {
        desiredReplicas: 4,
        currentReplicas: 4,
        podPhases: { Running: 2, Pending: 2 },
        pendingReasons: [pending],
      }),
    ];
    const verdict = judge(seen, loadSummary(), e);
    expect(verdict.passed).to.equal(false);
    expect(verdict.explanations[0]).to.equal(
      `Pods stayed Pending for lack of CPU ("${pending}"): the node cannot fit more replicas at their CPU request.`,
    );
  });

  it("explains a missing scale-up when the workload was already at maxReplicas", () => {
    const atMax = expectations({ minReplicas: 2, maxReplicas: 3, scaleUpReplicas: 3 });
    const seen = [
      sample(0, { currentReplicas: 3, desiredReplicas: 3, readyReplicas: 2 }),
      sample(150, { currentReplicas: 3, desiredReplicas: 3, readyReplicas: 2 }),
    ];
    const verdict = judge(seen, loadSummary(), atMax);
    expect(verdict.explanations).to.include(
      "Already at maxReplicas (3) when load started: there was no room to scale up.",
    );
  });

  it("does not count exactly N replicas left over at load start as a scale-up", () => {
    const seen = series([
      [0, 4, 4, 20],
      [60, 4, 4, 60],
    ]);
    expect(judge(seen, loadSummary(), e).checks[0]).to.deep.equal({
      name: "scale-up",
      passed: false,
      message: "Already had 4 ready replicas when load started, so no scale-up to 4 was observed.",
    });
  });

  it("does not count replicas left over from an earlier run as a scale-up", () => {
    const verdict = judge(
      series([
        [0, 5, 5, 20],
        [60, 5, 5, 60],
      ]),
      loadSummary(),
      e,
    );
    expect(verdict.checks[0]).to.deep.include({
      passed: false,
      message: "Already had 5 ready replicas when load started, so no scale-up to 4 was observed.",
    });
  });

  it("blames no slow pods when N were Ready by the deadline: left over from before, or earlier than the envelope allows", () => {
    const leftOver = judge(
      series([
        [0, 5, 5, 20],
        [60, 5, 5, 60],
      ]),
      loadSummary(),
      e,
    );
    expect(leftOver.checks[0].passed).to.equal(false);
    expect(leftOver.explanations).to.deep.equal([]);
    const early = judge(
      series([
        [0, 2, 2, 40],
        [10, 4, 4, 90],
      ]),
      loadSummary(),
      enveloped(),
    );
    expect(early.checks[0]).to.deep.include({
      passed: false,
      message:
        "Reached 4 ready replicas already 10 s after load started, earlier than the envelope's window of 20 s–30 s allows.",
    });
    expect(early.explanations).to.deep.equal([]);
  });

  describe("a run that starts above minReplicas", () => {
    const fromFive = series([
      [0, 5, 5, 150],
      [30, 5, 5, 160],
    ]);
    const fromTwo = () =>
      series([
        [0, 2, 2, 40],
        [30, 4, 4, 160],
      ]);
    const calibration = (costMs: number) => ({
      seconds: 32,
      requests: 640,
      failed: 0,
      costMs,
      scalesAtMillicores: 312,
    });

    it("says the calibration scaled the HPA when its CPU reached the idle pods' first step, and how it could", () => {
      // 640 requests in 32 s = 20.0 req/s; × 15.6 ms = 312m, exactly where 2 idle pods scale.
      const verdict = judge(fromFive, loadSummary(), enveloped(), demandSummary({ calibration: calibration(15.6) }));
      expect(verdict.explanations).to.deep.equal([
        "The target had 5 replicas when the load started, above minReplicas 2, so the run judged the HPA from there and not its first step: the calibration's 20.0 req/s at 15.60 ms of CPU a request put about 312m on the pods, at or above the 312m at which the HPA scales 2 idle pods. It starts at the rate at which a request costing twice its latency (6.5 ms) would put half of that on the pods; a request that costs more CPU than that (work on several cores at once) outruns it.",
      ]);
    });

    it("names both causes when the calibration read under the first step", () => {
      // 20.0 req/s × 15.5 ms = 310m, under 312m.
      const verdict = judge(fromFive, loadSummary(), enveloped(), demandSummary({ calibration: calibration(15.5) }));
      expect(verdict.explanations).to.deep.equal([
        "The target had 5 replicas when the load started, above minReplicas 2, so the run judged the HPA from there and not its first step: the calibration's 20.0 req/s at 15.50 ms of CPU a request read about 310m, under the 312m at which the HPA scales 2 idle pods. Either the replicas were left from a previous run (wait for minReplicas before the next), or a window of the calibration cost more than the one read.",
      ]);
    });

    it("counts the replicas at load start, not those the calibration left before it", () => {
      const calibrated = [sample(-5, { readyReplicas: 5, currentReplicas: 5, desiredReplicas: 5 }), ...fromTwo()];
      expect(judge(calibrated, loadSummary(), enveloped(), demandSummary()).explanations).to.deep.equal([]);
    });

    it("reads no rate from a calibration that took no time", () => {
      const none = { ...calibration(15.6), seconds: 0, requests: 0 };
      expect(
        judge(fromFive, loadSummary(), enveloped(), demandSummary({ calibration: none })).explanations[0],
      ).to.include("the calibration's 0.0 req/s at 15.60 ms of CPU a request read about 0m, under the 312m");
    });

    it("takes the run's cost when the calibration measured none, and says nothing from minReplicas", () => {
      const noCost = { ...calibration(15.6), costMs: null };
      const verdict = judge(fromFive, loadSummary(), enveloped(), demandSummary({ costMs: 16, calibration: noCost }));
      expect(verdict.explanations[0]).to.include("20.0 req/s at 16.00 ms of CPU a request put about 320m");
      expect(judge(fromTwo(), loadSummary(), enveloped(), demandSummary()).explanations).to.deep.equal([]);
      const desiredAhead = [sample(0, { readyReplicas: 2, currentReplicas: 2, desiredReplicas: 3 })];
      expect(judge(desiredAhead, loadSummary(), enveloped(), demandSummary()).explanations[0]).to.match(
        /^The target had 3 replicas/,
      );
    });
  });

  it("explains no CPU shortfall for an HPA without a CPU target", () => {
    const seen = series([
      [0, 2, 2, 30],
      [150, 2, 2, 50],
    ]);
    expect(judge(seen, loadSummary(), expectations({ cpuTargetUtilization: undefined })).explanations).to.deep.equal(
      [],
    );
  });

  it("fails when replicas went above maxReplicas", () => {
    const verdict = judge(
      series([
        [0, 2, 2, 40],
        [60, 4, 12, 200],
        [150, 12, 12, 80],
      ]),
      loadSummary(),
      e,
    );
    expect(verdict.passed).to.equal(false);
    expect(verdict.checks[1]).to.deep.equal({
      name: "max-replicas",
      passed: false,
      message: "Reached 12 replicas, above maxReplicas 10.",
    });
    expect(verdict.outcome).to.equal("failed");
    expect(verdict.explanations).to.deep.equal([
      "Something other than this HPA set the replica count (a manual `kubectl scale`, a second HPA, or a `replicas` field in the Deployment).",
    ]);
  });

  it("counts ready, current and desired replicas against maxReplicas, whichever is highest", () => {
    const over = (fields: Partial<Sample>) => judge([sample(0), sample(60, fields)], loadSummary(), e).checks[1];
    expect(over({ readyReplicas: 4, currentReplicas: 12, desiredReplicas: 10 })).to.deep.include({
      passed: false,
      message: "Reached 12 replicas, above maxReplicas 10.",
    });
    expect(over({ readyReplicas: 4, currentReplicas: 4, desiredReplicas: 11 })).to.deep.include({
      passed: false,
      message: "Reached 11 replicas, above maxReplicas 10.",
    });
    expect(over({ readyReplicas: 4, currentReplicas: 10, desiredReplicas: 10 })).to.deep.equal({
      name: "max-replicas",
      passed: true,
      message: "Peaked at 10 replicas, within maxReplicas 10.",
    });
  });

  it("fails when failed requests exceed the budget and breaks them down", () => {
    const load = loadSummary({ errors: 3, timeouts: 1, non2xx: 10, failed: 14 });
    const verdict = judge(scaledAt60s(), load, e);
    expect(verdict.passed).to.equal(false);
    expect(verdict.checks[2].message).to.equal(
      "14 failed requests (3 errors, 1 timeout, 10 non-2xx) exceed the budget of 0.",
    );
  });

  it("names the requests dropped unserved among the failed ones", () => {
    const load = loadSummary({ dropped: 60, failed: 60 });
    expect(judge(scaledAt60s(), load, e).checks[2].message).to.equal(
      "60 failed requests (0 errors, 0 timeouts, 0 non-2xx, 60 dropped unserved) exceed the budget of 0.",
    );
  });

  it("accepts failed requests within a raised budget", () => {
    const verdict = judge(scaledAt60s(), loadSummary({ non2xx: 2, failed: 2 }), expectations({ maxFailedRequests: 5 }));
    expect(verdict.checks[2]).to.deep.include({ passed: true, message: "2 failed requests (budget 5)." });
  });

  it("judges N's window and every sample against the envelope when there is one", () => {
    const seen = series([
      [0, 2, 2, 40],
      [20, 2, 4, 160],
      [30, 4, 4, 90],
      [60, 5, 5, 80],
    ]);
    const verdict = judge(seen, loadSummary(), enveloped());
    expect(verdict.checks).to.deep.equal([
      {
        name: "scale-up",
        passed: true,
        message: "Reached 4 ready replicas 30 s after load started, inside the envelope's window of 20 s–30 s.",
      },
      { name: "max-replicas", passed: true, message: "Peaked at 5 replicas, within maxReplicas 10." },
      { name: "failed-requests", passed: true, message: "0 failed requests (budget 0)." },
      { name: "envelope", passed: true, message: "All 4 samples from 0 s to 60 s lay inside the envelope." },
    ]);
    expect([verdict.outcome, verdict.passed]).to.deep.equal(["passed", true]);
  });

  it("breaks down failed requests without a calibration part when the calibration had none", () => {
    const load = loadSummary({ errors: 1, non2xx: 1, failed: 2 });
    expect(judge(scaledAt60s(), load, e, demandSummary()).checks[2].message).to.equal(
      "2 failed requests (1 error, 0 timeouts, 1 non-2xx) exceed the budget of 0.",
    );
  });

  it("counts the calibration's failed requests in a judged run too", () => {
    const d = demandSummary({
      calibration: { seconds: 32, requests: 990, failed: 3, costMs: 5.2, scalesAtMillicores: 312 },
    });
    const verdict = judge(
      scaledAt60s(),
      loadSummary({ non2xx: 2, failed: 2 }),
      expectations({ maxFailedRequests: 5 }),
      d,
    );
    expect(verdict.checks[2]).to.deep.equal({
      name: "failed-requests",
      passed: true,
      message: "5 failed requests (budget 5).",
    });
  });

  describe("scale-down", () => {
    const withDown = expectations({ scaleDownWithinSeconds: 400 });
    const load = loadSummary({ durationSeconds: 150 });

    it("passes when replicas came back to minReplicas within the window after load stopped", () => {
      const seen = series([
        [0, 2, 2, 40],
        [60, 4, 4, 90],
        [150, 4, 4, 10],
        [450, 2, 2, 5],
      ]);
      const verdict = judge(seen, load, withDown);
      expect(verdict.passed).to.equal(true);
      expect(verdict.checks[3].message).to.equal("Came back to 2 replicas 300 s after load stopped (window 400 s).");
    });

    it("fails when the scale-down was not seen and says where replicas stood", () => {
      const seen = series([
        [0, 2, 2, 40],
        [60, 4, 4, 90],
        [150, 4, 4, 10],
        [560, 4, 4, 5],
      ]);
      const verdict = judge(seen, load, withDown);
      expect(verdict.passed).to.equal(false);
      expect(verdict.checks[3].message).to.equal(
        "Still at 4 replicas 410 s after load stopped; expected 2 replicas within 400 s.",
      );
    });

    it("fails a scale-down that came after the window", () => {
      const seen = series([
        [0, 2, 2, 40],
        [60, 4, 4, 90],
        [150, 4, 4, 10],
        [600, 2, 2, 5],
      ]);
      expect(judge(seen, load, withDown).checks[3].message).to.equal(
        "Came back to 2 replicas only 450 s after load stopped, later than the 400 s window.",
      );
    });

    it("takes a sample at the moment load stopped, and a return at the window's end, as in time", () => {
      const atStop = series([
        [0, 2, 2, 40],
        [60, 4, 4, 90],
        [150, 2, 2, 10],
        [300, 2, 2, 5],
      ]);
      expect(judge(atStop, load, withDown).checks[3]).to.deep.equal({
        name: "scale-down",
        passed: true,
        message: "Came back to 2 replicas 0 s after load stopped (window 400 s).",
      });
      const atEnd = series([
        [0, 2, 2, 40],
        [60, 4, 4, 90],
        [150, 4, 4, 10],
        [550, 2, 2, 5],
      ]);
      expect(judge(atEnd, load, withDown).checks[3].message).to.equal(
        "Came back to 2 replicas 400 s after load stopped (window 400 s).",
      );
    });

    it("counts the replicas the HPA still runs, not only the ready ones", () => {
      const seen = [
        sample(0),
        sample(60, { readyReplicas: 4, currentReplicas: 4, desiredReplicas: 4 }),
        sample(450, { readyReplicas: 2, currentReplicas: 4, desiredReplicas: 4 }),
      ];
      expect(judge(seen, load, withDown).checks[3]).to.deep.equal({
        name: "scale-down",
        passed: false,
        message: "Still at 4 replicas 300 s after load stopped; expected 2 replicas within 400 s.",
      });
    });

    it("fails a late scale-down as a failed scale-down check", () => {
      const seen = series([
        [0, 2, 2, 40],
        [150, 4, 4, 10],
        [600, 2, 2, 5],
      ]);
      expect(judge(seen, load, withDown).checks[3]).to.deep.include({ name: "scale-down", passed: false });
    });

    it("fails a scale-down it could not see, with no sample after load stopped", () => {
      const seen = series([
        [0, 2, 2, 40],
        [60, 4, 4, 90],
        [120, 4, 4, 80],
      ]);
      expect(judge(seen, load, withDown).checks[3]).to.deep.equal({
        name: "scale-down",
        passed: false,
        message: "No observation after load stopped, so scale-down to 2 replicas was not seen.",
      });
    });

    it("is not checked unless asked for", () => {
      const verdict = judge(scaledAt60s(), load, e);
      expect(verdict.checks.map((c) => c.name)).to.deep.equal(["scale-up", "max-replicas", "failed-requests"]);
    });
  });

  describe("too light to judge", () => {
    const flat = series([
      [0, 2, 2, 40],
      [150, 2, 2, 60],
    ]);

    it("judges the HPA when the load produced at least what N needs", () => {
      const verdict = judge(scaledAt60s(), loadSummary(), e, demandSummary({ producedMillicores: 468 }));
      expect([verdict.outcome, verdict.passed, verdict.inconclusive]).to.deep.equal(["passed", true, []]);
    });

    it("is inconclusive, not failed, when the rate cap kept the demand below what N needs, and names the rate to set", () => {
      const d = demandSummary({ producedMillicores: 400, capPerSecond: 80, capBinding: true, wantedReqPerSec: 142 });
      const verdict = judge(flat, loadSummary(), e, d);
      expect([verdict.outcome, verdict.passed]).to.deep.equal(["inconclusive", false]);
      expect(verdict.inconclusive).to.deep.equal([
        "The load produced 400m of CPU on the plateau (target 710m), below the 468m at which the HPA takes N − 1 pods to N, so it cannot judge the HPA: the --rate cap of 80 req/s bound it (a request costs 5.00 ms of CPU, so 710m needs about 142 req/s); raise --rate to at least 150, or aim --path at a costlier endpoint.",
      ]);
      expect(verdict.checks.map((c) => [c.name, c.passed])).to.deep.equal([
        ["demand", false],
        ["failed-requests", true],
        ["max-replicas", true],
      ]);
      expect(verdict.explanations).to.deep.equal([]);
    });

    it("names the default cap, derived from the generators' CPU, when it bound, and how to lift it", () => {
      const d = demandSummary({
        producedMillicores: 400,
        capPerSecond: 80.4,
        capDerived: true,
        capBinding: true,
        wantedReqPerSec: 142,
      });
      expect(judge(flat, loadSummary(), e, d).inconclusive).to.deep.equal([
        "The load produced 400m of CPU on the plateau (target 710m), below the 468m at which the HPA takes N − 1 pods to N, so it cannot judge the HPA: the default rate cap of 80 req/s, at which the load generators would spend half of the CPU they may use, bound it (a request costs 5.00 ms of CPU, so 710m needs about 142 req/s); spread the load over more load pods (--load-pods), lift the cap (--rate 150 or --rate 0), or aim --path at a costlier endpoint.",
      ]);
    });

    const saturated = () =>
      demandSummary({
        producedMillicores: 300,
        generator: {
          maxCpuPercent: 99,
          maxEventLoopP99Ms: 180,
          saturated: true,
          behind: ["this machine"],
          generators: [generator("this machine", 120, 61, 99, 180)],
        },
      });

    it("fails, not inconclusive, an HPA that went past maxReplicas while the generator was saturated", () => {
      const overMax = series([
        [0, 2, 2, 40],
        [60, 12, 12, 90],
      ]);
      const verdict = judge(overMax, loadSummary(), e, saturated());
      expect([verdict.outcome, verdict.passed]).to.deep.equal(["failed", false]);
      expect(verdict.inconclusive[0]).to.match(/^The load generator on this machine could not keep its share/);
      expect(verdict.checks.find((c) => c.name === "max-replicas")).to.deep.include({
        passed: false,
        message: "Reached 12 replicas, above maxReplicas 10.",
      });
      expect(verdict.explanations[0]).to.match(/^Something other than this HPA set the replica count/);
    });

    it("fails a too-light run whose HPA went above the envelope's upper side, and does not judge its lower side", () => {
      // The band allows 2 until 20 s: 5 ready at 10 s is above it, whatever the load did.
      const early = series([
        [0, 2, 2, 40],
        [10, 5, 5, 90],
      ]);
      const verdict = judge(early, loadSummary(), enveloped(), saturated());
      expect(verdict.outcome).to.equal("failed");
      expect(verdict.checks.find((c) => c.name === "envelope")?.message).to.equal(
        "At 10 s 5 replicas were ready, above the envelope (2): the HPA scaled earlier, faster or higher than its declared config allows.",
      );
      // Stuck at 2 while the band asks for 4 from 30 s: below it, which a saturated generator may explain.
      const late = series([
        [0, 2, 2, 40],
        [40, 2, 2, 90],
      ]);
      const stuck = judge(late, loadSummary(), enveloped(), saturated());
      expect(stuck.outcome).to.equal("inconclusive");
      expect(stuck.checks.find((c) => c.name === "envelope")).to.deep.include({
        passed: true,
        message: "All 2 samples from 0 s to 40 s lay inside the envelope, on its upper side.",
      });
    });

    it("blames a saturated generator before the cap, with what it reached", () => {
      const d = demandSummary({
        producedMillicores: 300,
        capBinding: true,
        generator: {
          maxCpuPercent: 99,
          maxEventLoopP99Ms: 180,
          saturated: true,
          behind: ["this machine"],
          generators: [generator("this machine", 120, 61, 99, 180)],
        },
      });
      expect(judge(flat, loadSummary(), e, d).inconclusive).to.deep.equal([
        "The load generator on this machine could not keep its share of the load (it reached 61 of its 120 req/s, CPU up to 99 %, event-loop delay up to 180 ms; the load produced 300m of the 710m CPU demand), so a slow scale-up could be the generator's rather than the HPA's and the run cannot judge the HPA: give it a less busy machine, or load from the cluster (--load-from cluster).",
      ]);
    });

    it("names the connections, not the machine, when due requests waited for a connection", () => {
      const flat = series([
        [0, 2, 2, 40],
        [60, 2, 2, 60],
      ]);
      const waited = { ...generator("this machine", 120, 80, 40, 12), queuedShare: 0.35, dropped: 4 };
      const d = demandSummary({
        producedMillicores: 400,
        generator: {
          maxCpuPercent: 40,
          maxEventLoopP99Ms: 12,
          saturated: true,
          behind: ["this machine"],
          generators: [waited],
        },
      });
      expect(judge(flat, loadSummary(), e, d).inconclusive[0]).to.match(
        /: 35 % of its due requests waited for a connection and 4 were dropped: the connections were the ceiling, not the generator; raise --connections\.$/,
      );
    });

    const waitedFor = (...generators: ReturnType<typeof generator>[]) =>
      demandSummary({
        producedMillicores: 400,
        generator: {
          maxCpuPercent: 40,
          maxEventLoopP99Ms: 12,
          saturated: true,
          behind: generators.filter((x) => x.reachedReqPerSec < 0.9 * x.shareReqPerSec).map((x) => x.name),
          generators,
        },
      });
    const remedy = (d: ReturnType<typeof demandSummary>) =>
      judge(flat, loadSummary(), e, d).inconclusive[0].split("cannot judge the HPA: ")[1];

    it("names the connections when due requests waited for one, though none was dropped, or a few were dropped though few waited", () => {
      const waited = { ...generator("this machine", 120, 80, 40, 12), queuedShare: 0.35 };
      expect(remedy(waitedFor(waited))).to.equal(
        "35 % of its due requests waited for a connection: the connections were the ceiling, not the generator; raise --connections.",
      );
      const dropped = { ...generator("this machine", 120, 80, 40, 12), queuedShare: 0.05, dropped: 3 };
      expect(remedy(waitedFor(dropped))).to.equal(
        "5 % of its due requests waited for a connection and 3 were dropped: the connections were the ceiling, not the generator; raise --connections.",
      );
    });

    it("blames the machine, not the connections, when no more than a tenth of due requests waited and none was dropped", () => {
      const waited = { ...generator("this machine", 120, 80, 40, 12), queuedShare: 0.1 };
      expect(remedy(waitedFor(waited))).to.equal(
        "give it a less busy machine, or load from the cluster (--load-from cluster).",
      );
    });

    it("names the connections of every load pod behind when all of them waited, and not when only some did", () => {
      const a = { ...generator("loadgen-0", 50, 30, 40, 5), queuedShare: 0.35 };
      const b = { ...generator("loadgen-1", 50, 30, 40, 5), queuedShare: 0.2, dropped: 2 };
      expect(judge(flat, loadSummary(), e, waitedFor(a, b)).inconclusive[0]).to.match(
        /: 35 % of loadgen-0's due requests waited for a connection; 20 % of loadgen-1's due requests waited for a connection and 2 were dropped: the connections were the ceiling, not the generator; raise --connections\.$/,
      );
      const busy = generator("loadgen-1", 50, 30, 98, 70);
      expect(judge(flat, loadSummary(), e, waitedFor(a, busy)).inconclusive[0]).to.match(
        /: spread the load over more pods \(--load-pods\), or find out why a pod ended\.$/,
      );
    });

    it("words a saturated generator by the overall figures when it gave none of its own", () => {
      const d = demandSummary({
        producedMillicores: 300,
        generator: { maxCpuPercent: 99, maxEventLoopP99Ms: 180, saturated: true, behind: [], generators: [] },
      });
      expect(judge(flat, loadSummary(), e, d).inconclusive).to.deep.equal([
        "The load generator could not keep its share of the load (CPU up to 99 %, event-loop delay up to 180 ms; the load produced 300m of the 710m CPU demand), so a slow scale-up could be the generator's rather than the HPA's and the run cannot judge the HPA: spread the load over more pods (--load-pods), or find out why a pod ended.",
      ]);
    });

    it("is inconclusive when a load pod fell behind, even though the demand was met, and names that pod", () => {
      const d = demandSummary({
        producedMillicores: 700,
        generator: {
          maxCpuPercent: 97,
          maxEventLoopP99Ms: 30,
          saturated: true,
          behind: ["feastflow-loadgen-x-1-ab12c"],
          generators: [
            generator("feastflow-loadgen-x-0-zz9yy", 70, 70, 40, 5),
            generator("feastflow-loadgen-x-1-ab12c", 70, 52, 97, 30),
          ],
        },
      });
      const verdict = judge(scaledAt60s(), loadSummary(), e, d);
      expect(verdict.outcome).to.equal("inconclusive");
      expect(verdict.inconclusive[0]).to.equal(
        "Load generator feastflow-loadgen-x-1-ab12c could not keep its share of the load (it reached 52 of its 70 req/s, CPU up to 97 %, event-loop delay up to 30 ms; the load produced 700m of the 710m CPU demand), so a slow scale-up could be the generator's rather than the HPA's and the run cannot judge the HPA: spread the load over more pods (--load-pods), or find out why a pod ended.",
      );
    });

    it("names every load pod that fell behind, and one that stopped reporting", () => {
      const d = demandSummary({
        producedMillicores: 380,
        generator: {
          maxCpuPercent: 98,
          maxEventLoopP99Ms: 70,
          saturated: true,
          behind: ["loadgen-0", "loadgen-2"],
          generators: [
            generator("loadgen-0", 50, 30, 98, 70),
            generator("loadgen-1", 50, 50, 40, 5),
            { ...generator("loadgen-2", 50, 20, 60, 12), lost: true },
          ],
        },
      });
      expect(judge(flat, loadSummary(), e, d).inconclusive).to.deep.equal([
        "Load generators loadgen-0, loadgen-2 could not keep their share of the load (loadgen-0 reached 30 of its 50 req/s, CPU up to 98 %, event-loop delay up to 70 ms; loadgen-2 reached 20 of its 50 req/s and then stopped reporting, CPU up to 60 %, event-loop delay up to 12 ms; the load produced 380m of the 710m CPU demand), so a slow scale-up could be the generator's rather than the HPA's and the run cannot judge the HPA: spread the load over more pods (--load-pods), or find out why a pod ended.",
      ]);
    });

    it("says so when a saturated generator left no measurable CPU demand", () => {
      const d = demandSummary({
        producedMillicores: null,
        generator: {
          maxCpuPercent: 99,
          maxEventLoopP99Ms: 200,
          saturated: true,
          behind: ["this machine"],
          generators: [generator("this machine", 120, 40, 99, 200)],
        },
      });
      expect(judge(flat, loadSummary(), e, d).inconclusive).to.deep.equal([
        "The load generator on this machine could not keep its share of the load (it reached 40 of its 120 req/s, CPU up to 99 %, event-loop delay up to 200 ms; the load produced no measurable CPU demand), so a slow scale-up could be the generator's rather than the HPA's and the run cannot judge the HPA: give it a less busy machine, or load from the cluster (--load-from cluster).",
      ]);
    });

    it("names no cap that was not set, though the demand was reported as bound", () => {
      const d = demandSummary({
        producedMillicores: 100,
        costMs: 0.5,
        reqPerSec: 200,
        capBinding: true,
        capPerSecond: undefined,
      });
      expect(judge(flat, loadSummary(), e, d).inconclusive[0]).to.match(
        /: the requests cost less CPU than the rate could make up for \(0\.50 ms each at 200 req\/s\)/,
      );
    });

    it("says when the endpoint was too cheap for the rate it got", () => {
      const d = demandSummary({ producedMillicores: 100, costMs: 0.5, reqPerSec: 200 });
      expect(judge(flat, loadSummary(), e, d).inconclusive[0]).to.match(
        /: the requests cost less CPU than the rate could make up for \(0\.50 ms each at 200 req\/s\); raise --demand, or aim --path/,
      );
    });

    it("still fails failed requests, counting the calibration's too", () => {
      const d = demandSummary({
        producedMillicores: null,
        calibration: { seconds: 30, requests: 9, failed: 2, costMs: null, scalesAtMillicores: 312 },
      });
      const verdict = judge(flat, loadSummary(), e, d);
      expect(verdict.outcome).to.equal("inconclusive");
      expect(verdict.inconclusive[0]).to.match(/^The load produced no measurable CPU demand, below the 468m/);
      expect(verdict.checks[1]).to.deep.include({ name: "failed-requests", passed: false });
      expect(verdict.checks[1].message).to.equal(
        "2 failed requests (0 errors, 0 timeouts, 0 non-2xx, 2 in the calibration) exceed the budget of 0.",
      );
    });
  });
});

describe("the verdict's explanations", () => {
  /** A sync at `t` where the cluster asked for `asked` and the declared config, replayed, for `would`. */
  const sync = (t: number, asked: number | null, would: number | null, bound = ""): SyncExplanation => ({
    t,
    cluster: { desiredReplicas: asked, currentReplicas: 2, cpuUtilization: 120, conditions: [], events: [], why: "" },
    model: { desiredLow: 2, desiredHigh: 6, said: "" },
    replay: { desired: would, proposed: would, stabilized: would, bound, caveats: [] },
    agrees: true,
  });
  const TAIL =
    ": the live HPA's behavior or the controller's flags may not be the declared ones (compare `kubectl get hpa -o yaml` with the stack config).";

  it("names the declared config's answer from load start to load end, only where the HPA asked for less", () => {
    const { replay: _, ...unreplayed } = sync(5, 2, null);
    const syncs = [
      sync(-5, 2, 4), // before the load
      sync(0, 2, 3), // at load start
      unreplayed,
      sync(10, 3, 3), // the same answer
      sync(20, 4, 3), // asked for more
      sync(25, null, 3), // asked for nothing
      sync(30, 3, null), // not replayed
      sync(60, 3, 5), // at load end
      sync(61, 3, 6), // after the load
    ];
    expect(explainDeclared(syncs, { durationSeconds: 60 })).to.deep.equal([
      "At 0 s the HPA asked for 2 where its declared config asks 3 from the same reading, and 1 later sync asked for less too" +
        TAIL,
    ]);
  });

  it("names the rule the declared config went by, and counts every later sync that asked for less", () => {
    const policy = "Pods 4 per 30 s allowed +4, up to 6";
    expect(
      explainDeclared([sync(5, 2, 4, policy), sync(10, 2, 4), sync(15, 2, 4)], { durationSeconds: 60 }),
    ).to.deep.equal([
      `At 5 s the HPA asked for 2 where its declared config asks 4 from the same reading (${policy}), and 2 later syncs asked for less too` +
        TAIL,
    ]);
    expect(explainDeclared([sync(5, 2, 4)], { durationSeconds: 60 })).to.deep.equal([
      "At 5 s the HPA asked for 2 where its declared config asks 4 from the same reading" + TAIL,
    ]);
  });

  it("says the HPA's request came in time but its pods did not, when it asked for N right at the deadline", () => {
    const e = expectations({ scaleUpReplicas: 4, scaleUpWithinSeconds: 30 });
    const s = [0, 15, 30].map((t) => sample(t, { desiredReplicas: t < 30 ? 2 : 4, readyReplicas: 2 }));
    expect(explainScaleUp(s, { durationSeconds: 60 }, e)).to.include(
      "The HPA asked for 4 replicas at 30 s but at most 2 were ready by the 30 s deadline: new pods were slow to start or failed readiness.",
    );
  });

  it("counts what the HPA asked for at the deadline itself when it asked for N only later", () => {
    const e = expectations({ scaleUpReplicas: 4, scaleUpWithinSeconds: 30 });
    const s = [0, 30, 40].map((t) => sample(t, { desiredReplicas: t === 0 ? 2 : t === 30 ? 3 : 4, readyReplicas: 2 }));
    expect(explainScaleUp(s, { durationSeconds: 60 }, e)).to.include(
      "The HPA asked for 4 replicas only at 40 s, after the 30 s deadline (by then it asked for 3): it scaled later or slower than its declared config allows.",
    );
  });

  it("cannot judge from a load that produced no measurable demand, even where it needed none", () => {
    expect(whyTooLight(demandSummary({ producedMillicores: null, neededMillicores: 0 }))[0]).to.match(
      /^The load produced no measurable CPU demand, below the 0m/,
    );
  });

  it("tells a scenario whose pods' CPU was never read to check metrics-server", () => {
    expect(whyTooLight(demandSummary({ producedMillicores: null, neededMillicores: 0, phases: [] }))).to.deep.equal([
      "The pods' CPU was never read during the scenario, so its band has no measured demand and the run cannot judge the HPA: " +
        "check that metrics-server serves the pods' usage (`kubectl top pods` in the app's namespace).",
    ]);
  });
});
