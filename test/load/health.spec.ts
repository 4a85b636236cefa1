import { expect } from "chai";
import {
  fellBehind,
  judgeGenerators,
  LOCAL_GENERATOR,
  owedShares,
  type HealthWindow,
} from "../../automation/load/health";
import type { GeneratorShare } from "../../automation/load/load-run";

/** Nothing waited for a connection: each window saw `asked` requests come due over its second. */
const pod = (name: string, asked: number, achieved: number, cpuPercent = 95, eventLoopP99Ms = 5): GeneratorShare => ({
  name,
  asked,
  achieved,
  cpuPercent,
  eventLoopP99Ms,
  due: asked,
  queued: 0,
  dropped: 0,
});

const calm = { due: 100, queued: 0, dropped: 0 };

/** A window of two pods; the totals are what drive.ts records beside them. */
const twoPods = (a: GeneratorShare, b: GeneratorShare): HealthWindow => ({
  cpuPercent: Math.max(a.cpuPercent, b.cpuPercent),
  eventLoopP99Ms: Math.max(a.eventLoopP99Ms, b.eventLoopP99Ms),
  due: a.due + b.due,
  queued: a.queued + b.queued,
  dropped: a.dropped + b.dropped,
  asked: a.asked + b.asked,
  achieved: a.achieved + b.achieved,
  generators: [a, b],
});

describe("generator health", () => {
  it("calls a generator behind when it reached under 90 % of its share while busy, or stopped reporting", () => {
    expect(fellBehind(pod("p", 100, 89, 95))).to.equal(true);
    expect(fellBehind(pod("p", 100, 90, 95))).to.equal(false, "90 % is keeping up");
    expect(fellBehind(pod("p", 100, 50, 40, 60))).to.equal(true, "a delayed event loop is busy too");
    expect(fellBehind(pod("p", 100, 50, 40, 10))).to.equal(
      false,
      "an idle generator held back by a slow target is not saturated",
    );
    expect(fellBehind({ ...pod("p", 100, 0, 0, 0), lost: true })).to.equal(true);
  });

  it("calls a generator behind when its connection cap bound it: over 10 % of due requests waited, or any was dropped", () => {
    // Idle and reaching its whole share: only the waiting says the rate it offered was not the rate asked.
    const idle = pod("p", 100, 100, 10, 5);
    expect(fellBehind({ ...idle, due: 100, queued: 11 })).to.equal(true);
    expect(fellBehind({ ...idle, due: 100, queued: 10 })).to.equal(false, "a burst of 10 % is a hiccup");
    expect(fellBehind({ ...idle, due: 100, queued: 1, dropped: 1 })).to.equal(true);
    // Over the plateau: in two of three windows a third waited, and the report says how much.
    const other = pod("q", 100, 100, 10);
    const bound = twoPods({ ...idle, queued: 34 }, other);
    const verdict = judgeGenerators([bound, bound, twoPods(idle, other)]);
    expect(verdict.behind).to.deep.equal(["p"]);
    expect(verdict.generators[0]).to.deep.include({ behindWindows: 2, dropped: 0 });
    expect(verdict.generators[0].queuedShare).to.be.closeTo(68 / 300, 1e-9);
  });

  it("finds the one pod of two that could not keep its share, though the total stays above 90 %", () => {
    // Pod a keeps 100 of 100; pod b reaches 80 of 100 at 97 % CPU: 180 of 200 overall is exactly 90 %,
    // which a rule on the totals would pass.
    const windows = [1, 2, 3].map(() => twoPods(pod("loadgen-0", 100, 100, 40), pod("loadgen-1", 100, 80, 97)));
    const verdict = judgeGenerators(windows);
    expect(verdict.saturated).to.equal(true);
    expect(verdict.behind).to.deep.equal(["loadgen-1"]);
    expect(verdict.maxCpuPercent).to.equal(97);
    expect(
      verdict.generators.map((g) => [g.name, g.shareReqPerSec, g.reachedReqPerSec, g.behindWindows, g.lost]),
    ).to.deep.equal([
      ["loadgen-0", 100, 100, 0, false],
      ["loadgen-1", 100, 80, 3, false],
    ]);
  });

  it("needs most of a generator's windows behind: one slow window is a hiccup", () => {
    const ok = twoPods(pod("a", 100, 100, 40), pod("b", 100, 100, 40));
    const slow = twoPods(pod("a", 100, 100, 40), pod("b", 100, 50, 99));
    expect(judgeGenerators([ok, slow, ok]).saturated).to.equal(false);
    expect(judgeGenerators([slow, slow, ok]).behind).to.deep.equal(["b"]);
  });

  it("names a pod that stopped reporting even when it kept up before", () => {
    const ok = twoPods(pod("a", 100, 100, 40), pod("b", 100, 100, 40));
    const gone = twoPods(pod("a", 100, 100, 40), { ...pod("b", 100, 0, 0), lost: true });
    expect(judgeGenerators([ok, ok, ok, gone]).behind).to.deep.equal(["b"]);
  });

  it("judges local load by its window totals, under the name of this machine", () => {
    const local: HealthWindow = { cpuPercent: 99, eventLoopP99Ms: 80, ...calm, asked: 200, achieved: 120 };
    const verdict = judgeGenerators([local, local]);
    expect(verdict.behind).to.deep.equal([LOCAL_GENERATOR]);
    expect(verdict.maxEventLoopP99Ms).to.equal(80);
    expect(judgeGenerators([])).to.deep.include({ saturated: false, behind: [], maxCpuPercent: 0 });
  });

  it("owes the completed rate the demand needs, not the surplus asked to make up for slow responses", () => {
    // The controller wants 130 req/s completed and asks 160 because about 81 % of what it asks completes. A
    // busy machine that completes 134 kept the demand's rate: it owed 130, not 160.
    const local = owedShares({ cpuPercent: 5, eventLoopP99Ms: 206, ...calm }, 160, 130);
    expect(local).to.deep.equal({ cpuPercent: 5, eventLoopP99Ms: 206, ...calm, asked: 130 });
    expect(
      judgeGenerators([
        { ...local, achieved: 134 },
        { ...local, achieved: 134 },
      ]).saturated,
    ).to.equal(false);
    expect(
      judgeGenerators([
        { ...local, achieved: 110 },
        { ...local, achieved: 110 },
      ]).saturated,
    ).to.equal(true);
    // Load pods owe their part of it: 80 + 80 asked, 120 wanted, so 60 each.
    const pods = owedShares(
      { cpuPercent: 95, eventLoopP99Ms: 5, ...calm, generators: [pod("a", 80, 60), pod("b", 80, 50)] },
      160,
      120,
    );
    expect(pods.asked).to.equal(120);
    expect(pods.generators?.map((g) => [g.name, g.asked])).to.deep.equal([
      ["a", 60],
      ["b", 60],
    ]);
    // Asked less than wanted (the cap binds), or no demand: the asked rate is owed.
    expect(owedShares({ cpuPercent: 1, eventLoopP99Ms: 1, ...calm }, 100, 150).asked).to.equal(100);
    expect(owedShares({ cpuPercent: 1, eventLoopP99Ms: 1, ...calm }, 100, undefined).asked).to.equal(100);
  });
});
