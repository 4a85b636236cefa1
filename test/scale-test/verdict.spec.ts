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

/** One generator's figures on the plateau, as health.ts reports them. */
const generator = (name: string, share: number, reached: number, cpu: number, loop: number) => ({
  name,
  shareReqPerSec: share,
  reachedReqPerSec: reached,
  maxCpuPercent: cpu,
  maxEventLoopP99Ms: loop,
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

describe("timeline verdict", () => {
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

  it("fails a late scale-up and says by how much, blaming slow pods when the HPA asked in time", () => {
    const seen = series([
      [0, 2, 2, 40],
      [40, 2, 4, 150],
      [160, 4, 4, 80],
    ]);
    const verdict = judge(seen, loadSummary({ durationSeconds: 170 }), e);
    expect(verdict.passed).to.equal(false);
    expect(verdict.checks[0].message).to.equal(
      "Reached 4 ready replicas only 160 s after load started, 30 s later than the expected 130 s.",
    );
    expect(verdict.explanations).to.deep.equal([
      "The HPA asked for 4 replicas at 40 s but at most 2 were ready by the 130 s deadline: new pods were slow to start or failed readiness.",
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
    expect(verdict.checks[0]).to.deep.include({
      passed: false,
      message:
        "Never reached 4 ready replicas: at most 2 were ready (the HPA asked for at most 2) in 150 s of observation.",
    });
    expect(verdict.explanations).to.deep.equal([
      "Load too low: CPU peaked at 50 % against the 70 % target (the HPA acts above ~77 %); raise --rate or --connections, or aim --path at a CPU-bound endpoint.",
    ]);
  });

  it("explains a missing scale-up by unavailable metrics when the HPA never reported CPU", () => {
    const verdict = judge(withoutMetrics(), loadSummary(), e);
    expect(verdict.explanations[0]).to.equal(
      "Metrics unavailable: the HPA never reported CPU utilization, so it could not compute a replica count (is metrics-server running and serving metrics.k8s.io?).",
    );
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
  });

  it("fails when failed requests exceed the budget and breaks them down", () => {
    const load = loadSummary({ errors: 3, timeouts: 1, non2xx: 10, failed: 14 });
    const verdict = judge(scaledAt60s(), load, e);
    expect(verdict.passed).to.equal(false);
    expect(verdict.checks[2].message).to.equal(
      "14 failed requests (3 errors, 1 timeout, 10 non-2xx) exceed the budget of 0.",
    );
  });

  it("accepts failed requests within a raised budget", () => {
    const verdict = judge(scaledAt60s(), loadSummary({ non2xx: 2, failed: 2 }), expectations({ maxFailedRequests: 5 }));
    expect(verdict.checks[2]).to.deep.include({ passed: true, message: "2 failed requests (budget 5)." });
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
      ]);
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

    it("says when the endpoint was too cheap for the rate it got", () => {
      const d = demandSummary({ producedMillicores: 100, costMs: 0.5, reqPerSec: 200 });
      expect(judge(flat, loadSummary(), e, d).inconclusive[0]).to.match(
        /: the requests cost less CPU than the rate could make up for \(0\.50 ms each at 200 req\/s\); raise --demand or --connections/,
      );
    });

    it("still fails failed requests, counting the calibration's too", () => {
      const d = demandSummary({
        producedMillicores: null,
        calibration: { seconds: 30, requests: 9, failed: 2, costMs: null },
      });
      const verdict = judge(flat, loadSummary(), e, d);
      expect(verdict.outcome).to.equal("inconclusive");
      expect(verdict.inconclusive[0]).to.match(/^The load produced no measurable CPU demand, below the 468m/);
      expect(verdict.checks[1]).to.deep.include({ name: "failed-requests", passed: false });
    });
  });
});
