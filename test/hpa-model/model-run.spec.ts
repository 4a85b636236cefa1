import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import type { Decision } from "../../automation/hpa-model/controller";
import { scaledDemand } from "../../automation/hpa-model/demand-series";
import { ModelRun, type RunRecorder, type Variant } from "../../automation/hpa-model/model-run";
import { checkedModelOptions, type ModelOptions } from "../../automation/hpa-model/options";
import { specSchedule, type HpaChange } from "../../automation/hpa-model/spec";

const backend = DEFAULTS.backend; // 2..10, 200m request, 500m limit, CPU 70 %, memory 80 %, scale-down window 300 s

/** Everything a run tells, in order, and the runs it splits into. */
class Log implements RunRecorder {
  readonly lines: string[] = [];
  readonly parts: Log[] = [];
  constructor(readonly share = 1) {}
  ready(t: number, ready: number) {
    this.lines.push(`${t} ready ${ready}`);
  }
  sync(t: number, d: Decision, ready: number) {
    this.lines.push(`${t} sync ${d.currentReplicas}→${d.desiredReplicas} ready ${ready}`);
  }
  repeated(from: number, to: number, period: number) {
    this.lines.push(`${from}..${to} repeats ${period}`);
  }
  split(share: number) {
    const part = new Log(share);
    this.parts.push(part);
    return part;
  }
}

const series = (demand: (t: number) => number, last: number) =>
  scaledDemand(
    Float64Array.from({ length: last + 1 }, (_, t) => demand(t)),
    1,
  );

function variant(model: Partial<ModelOptions> = {}, changes: HpaChange[] = []): Variant {
  const o = checkedModelOptions(model);
  return { o, specs: specSchedule(backend, changes, o.downscaleStabilizationSeconds) };
}

/** The lines of a run driven one way or the other, its repeats left out. */
function lines(v: Variant, demand: (t: number) => number, last: number, everySecond: boolean): string[] {
  const log = new Log();
  const run = new ModelRun([v], series(demand, last), 500, log);
  if (everySecond) run.runEverySecond(last);
  else run.run(last);
  return log.lines;
}

/** Every sync the repeats stand for, spelled out from the period before each. */
function unrolled(log: string[]): string[] {
  const out: string[] = [];
  for (const line of log) {
    const m = /^(\d+)\.\.(\d+) repeats (\d+)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const [from, to, period] = m.slice(1).map(Number);
    const before = out.filter((l) => Number(l.split(" ")[0]) >= from - period && l.includes("sync"));
    for (let shift = period; from - period + shift < to; shift += period) {
      for (const l of before) out.push(l.replace(/^\d+/, (t) => String(Number(t) + shift)));
    }
  }
  return out;
}

describe("hpa-model: a model run", () => {
  it("tells what the second-by-second loop tells, however the demand and the cluster go", () => {
    const bursty = (t: number) => (t < 200 ? 1500 : t < 900 ? 300 + ((t * 37) % 400) : t < 2000 ? 0 : 2400);
    for (const model of [
      {},
      { metricLagSeconds: 7, scrapeOffsetSeconds: 3, syncOffsetSeconds: 11, podReadySeconds: 20 },
      { metricResolutionSeconds: 30, schedulablePods: 5, preloadMillicores: 900 },
      { metricLagSeconds: 15, initialReplicas: 12 },
    ]) {
      const v = variant(model, [{ atSeconds: 1000, autoscaling: { ...backend.autoscaling, maxReplicas: 14 } }]);
      expect(unrolled(lines(v, bursty, 3000, false)), JSON.stringify(model)).to.deep.equal(
        lines(v, bursty, 3000, true),
      );
    }
  });

  it("jumps over the periods that repeat, once the window holds one proposal", () => {
    // 60m on 2 pods: 30m each, 15 %, and memory 39 %: both ask for 1, held at minReplicas 2. The window (300 s)
    // holds the first sync's record of the current 2 (made at 0 s) until 315 s, when only 1s are left: a snapshot
    // then; the sync at 330 s finds the same pods, samples and proposals 15 s on, and the run jumps to the last
    // whole period before 1001 s: 330 + floor((1001 − 330) / 15) × 15 = 990 s.
    const v = variant({ preloadMillicores: 60 });
    const log = lines(v, () => 60, 1000, false);
    expect(log.filter((l) => l.includes("repeats"))).to.deep.equal(["330..990 repeats 15"]);
    expect(unrolled(log)).to.deep.equal(lines(v, () => 60, 1000, true));
  });

  it("ends a jump that reaches the second after the last one there, modeling no second past the last", () => {
    // As above, but to 989 s: the jump may go as far as 990 s = 330 + 44 × 15, the second after the last, and the
    // run ends there: the sync at 990 s is past it.
    const v = variant({ preloadMillicores: 60 });
    const log = lines(v, () => 60, 989, false);
    expect(log.filter((l) => l.includes("repeats"))).to.deep.equal(["330..990 repeats 15"]);
    expect(unrolled(log)).to.deep.equal(lines(v, () => 60, 989, true));
    expect(unrolled(log).at(-1)).to.equal("975 sync 2→2 ready 2");
  });

  it("does not jump while the demand changes, however steady the replicas", () => {
    const v = variant({ preloadMillicores: 60 });
    expect(lines(v, (t) => 60 + (t % 2), 1000, false).some((l) => l.includes("repeats"))).to.equal(false);
  });

  it("stops a jump before the sync that reads a config change, and jumps on after", () => {
    // The change (minReplicas 3) is taken at 700 s: read by the sync at 705 s (syncs at 0, 15 …: 705 = 47 × 15).
    // The jump ends at the last whole period before 700 s: 330 + floor((700 − 330) / 15) × 15 = 690 s.
    const v = variant({ preloadMillicores: 60 }, [
      { atSeconds: 700, autoscaling: { ...backend.autoscaling, minReplicas: 3 } },
    ]);
    const log = lines(v, () => 60, 1400, false);
    expect(log.filter((l) => l.includes("repeats"))[0]).to.equal("330..690 repeats 15");
    expect(log).to.include("705 sync 2→3 ready 2");
    expect(unrolled(log)).to.deep.equal(lines(v, () => 60, 1400, true));
  });

  it("is one run for variants that differ only in how fast new pods start, until it creates pods", () => {
    // 1000m on 2 pods: the sync at 0 s reads the idle sample and holds; the first sample with load (at 5 s:
    // 500m × 5 / 15 = 167m, 83 %) asks for more at the sync at 15 s; there the run splits, one part per
    // start-up, each Ready as fast as its own pods.
    const slow = variant({ podReadySeconds: 20 });
    const fast = variant({ podReadySeconds: 3, podStartSeconds: 2 });
    const log = new Log(2);
    const run = new ModelRun(
      [slow, fast],
      series(() => 1000, 60),
      500,
      log,
    );
    run.run(60);
    expect(log.lines).to.deep.equal(["0 ready 2", "0 sync 2→2 ready 2"]);
    expect(run.forks).to.have.length(2);
    for (const f of run.forks) f.run(60);
    expect(log.parts.map((p) => p.share)).to.deep.equal([1, 1]);
    expect(log.parts[0].lines).to.deep.equal(lines(slow, () => 1000, 60, true).slice(2));
    expect(log.parts[1].lines).to.deep.equal(lines(fast, () => 1000, 60, true).slice(2));
    expect(log.parts[0].lines[0]).to.match(/^15 sync 2→\d+ ready 2$/);
  });

  /** Two variants that take minReplicas 4 at `earlyAt` and at 70 s, run to 120 s and forked: the shared log's lines,
   * then each part's lines against the variant run alone. */
  function partedAtChange(earlyAt: number) {
    const change = (atSeconds: number) => [{ atSeconds, autoscaling: { ...backend.autoscaling, minReplicas: 4 } }];
    const early = variant({ preloadMillicores: 60 }, change(earlyAt));
    const late = variant({ preloadMillicores: 60 }, change(70));
    const log = new Log(2);
    const run = new ModelRun(
      [early, late],
      series(() => 60, 120),
      500,
      log,
    );
    run.run(120);
    const shared = [...log.lines];
    for (const f of run.forks) f.run(120);
    expect(log.parts[0].lines).to.deep.equal(lines(early, () => 60, 120, true).slice(4));
    expect(log.parts[1].lines).to.deep.equal(lines(late, () => 60, 120, true).slice(4));
    return { shared, firstParted: log.parts[0].lines[0] };
  }

  it("is one run for variants that take a config change at different syncs, until the first of them reads it", () => {
    const { shared, firstParted } = partedAtChange(40);
    // One sync at 0, 15 and 30 s for both; the one at 45 s is where they part.
    expect(shared).to.deep.equal(["0 ready 2", "0 sync 2→2 ready 2", "15 sync 2→2 ready 2", "30 sync 2→2 ready 2"]);
    expect(firstParted).to.equal("45 sync 2→4 ready 2");
  });

  it("parts variants at the sync in the very second one of them takes a change", () => {
    // The early variant takes minReplicas 4 at 45 s, a sync's second (45 = 3 × 15): that sync reads it (the spec
    // in force from 45 s on), the late one's does not. They part there, not at the sync at 60 s.
    const { shared, firstParted } = partedAtChange(45);
    expect(shared).to.deep.equal(["0 ready 2", "0 sync 2→2 ready 2", "15 sync 2→2 ready 2", "30 sync 2→2 ready 2"]);
    expect(firstParted).to.equal("45 sync 2→4 ready 2");
  });

  it("parts variants by how many changes each has taken by a sync, not only whether it has taken one", () => {
    // Both take minReplicas 3 at 20 s; one takes minReplicas 4 at 25 s, the other at 50 s. The sync at 30 s finds
    // two changes taken in one and one in the other: 2→4 against 2→3, and the second reaches 4 at its sync at 60 s.
    const changes = (second: number) => [
      { atSeconds: 20, autoscaling: { ...backend.autoscaling, minReplicas: 3 } },
      { atSeconds: second, autoscaling: { ...backend.autoscaling, minReplicas: 4 } },
    ];
    const both = variant({ preloadMillicores: 60 }, changes(25));
    const one = variant({ preloadMillicores: 60 }, changes(50));
    const log = new Log(2);
    const run = new ModelRun(
      [both, one],
      series(() => 60, 90),
      500,
      log,
    );
    run.run(90);
    expect(run.forks).to.have.length(2);
    for (const f of run.forks) f.run(90);
    expect(log.parts.map((p) => p.lines.filter((l) => l.includes("→3") || l.includes("→4"))[0])).to.deep.equal([
      "30 sync 2→4 ready 2",
      "30 sync 2→3 ready 2",
    ]);
    expect(log.parts[0].lines).to.deep.equal(lines(both, () => 60, 90, true).slice(3));
    expect(log.parts[1].lines).to.deep.equal(lines(one, () => 60, 90, true).slice(3));
  });

  it("never splits variants that are alike", () => {
    const v = variant({});
    const log = new Log(3);
    const run = new ModelRun(
      [v, v, v],
      series(() => 2000, 300),
      500,
      log,
    );
    run.run(300);
    expect(run.forks).to.deep.equal([]);
    expect(log.lines).to.deep.equal(lines(v, () => 2000, 300, false));
  });

  it("reads a simulated pod's CPU at the scrape, not as the window's average, when told so", () => {
    // Scrapes at 5, 20 s; syncs at 0, 15, 30 s. Over [5, 20) the ramp averages 260m over 2 pods (65 %, within
    // the tolerance of 70 %); in second 19 it is 330m (82.5 %): the sync at 30 s asks for 3 only at the scrape.
    const ramp = (t: number) => 140 + 10 * t;
    const at30 = (log: string[]) => log.filter((l) => l.startsWith("30 sync"));
    expect(at30(lines(variant(), ramp, 30, false))).to.deep.equal(["30 sync 2→2 ready 2"]);
    const atScrape = variant({ cpuAtScrape: true });
    expect(at30(lines(atScrape, ramp, 30, false))).to.deep.equal(["30 sync 2→3 ready 2"]);
    expect(lines(atScrape, ramp, 120, false)).to.deep.equal(lines(atScrape, ramp, 120, true));
  });

  it("reads at the scrape what a pod burnt in the second before it: the preload's share before the load", () => {
    // 140m (35 %) but in second 19: 330m, 165m a pod, 82.5 %. The scrape at 20 s reads second 19, and the sync at
    // 30 s asks for ceil(2 × 82 / 70) = ceil(2.34) = 3; second 21's 140m would have kept 2.
    const atScrape = variant({ cpuAtScrape: true });
    const spike = (t: number) => (t === 19 ? 330 : 140);
    expect(lines(atScrape, spike, 30, false).filter((l) => l.includes("sync"))).to.deep.equal([
      "0 sync 2→2 ready 2",
      "15 sync 2→2 ready 2",
      "30 sync 2→3 ready 2",
    ]);
    // A scrape at 0 s reads the second before the load: the preload, 330m (82.5 % a pod), read by the sync at 0 s.
    const atZero = variant({ cpuAtScrape: true, scrapeOffsetSeconds: 0, preloadMillicores: 330 });
    expect(lines(atZero, () => 140, 0, false)).to.deep.equal(["0 ready 2", "0 sync 2→3 ready 2"]);
    // A scrape at 1 s reads the load's first second: 330m after a preload of 140m, read by the sync at 15 s.
    const atOne = variant({ cpuAtScrape: true, scrapeOffsetSeconds: 1, preloadMillicores: 140 });
    const first = (t: number) => (t === 0 ? 330 : 140);
    expect(lines(atOne, first, 15, false)).to.deep.equal(["0 ready 2", "0 sync 2→2 ready 2", "15 sync 2→3 ready 2"]);
  });

  it("starts from the options' initial replicas, else from minReplicas", () => {
    expect(lines(variant({ initialReplicas: 5 }), () => 0, 0, false)[0]).to.equal("0 ready 5");
    expect(lines(variant(), () => 0, 0, false)[0]).to.equal("0 ready 2");
  });

  it("says in words what each sync decided, unless told to keep to the counts", () => {
    const actions = (explain?: boolean) => {
      const said: string[] = [];
      const recorder: RunRecorder = {
        ready() {},
        sync: (_t, d) => said.push(d.action),
        repeated() {},
        split: () => recorder,
      };
      const demand = series(() => 0, 0);
      (explain === undefined
        ? new ModelRun([variant()], demand, 500, recorder)
        : new ModelRun([variant()], demand, 500, recorder, explain)
      ).run(0);
      return said;
    };
    expect(actions()).to.deep.equal(["hold: at minReplicas"]);
    expect(actions(false)).to.deep.equal([""]);
  });

  it("reads a lagging sample at the first sync after it arrives, and not before", () => {
    // 1000m on 2 pods: the scrape at 5 s reads 500m × 5 / 15 = 167m, 83 %, enough for 3. Lag 7 s: it arrives at
    // 12 s, and the sync at 15 s asks for 3; lag 11 s: it arrives at 16 s, and the sync at 15 s still reads idle.
    for (const everySecond of [false, true]) {
      const at15 = (lag: number) =>
        lines(variant({ metricLagSeconds: lag }), () => 1000, 15, everySecond).filter((l) => l.startsWith("15 sync"));
      expect(at15(7), `every second: ${everySecond}`).to.deep.equal(["15 sync 2→3 ready 2"]);
      expect(at15(11), `every second: ${everySecond}`).to.deep.equal(["15 sync 2→2 ready 2"]);
    }
  });

  it("keeps a lagging sample that arrived before the next scrape for the syncs until that scrape's arrives", () => {
    // Scrapes at 5 and 20 s, lag 10 s, syncs at 7 and 22 s: the sample of 5 s (83 %) arrives at 15 s, no sync reads
    // it before the scrape at 20 s, and the sync at 22 s, before the sample of 20 s arrives at 30 s, reads it.
    const v = variant({ metricLagSeconds: 10, scrapeOffsetSeconds: 5, syncOffsetSeconds: 7 });
    for (const everySecond of [false, true]) {
      expect(
        lines(v, () => 1000, 22, everySecond),
        `every second: ${everySecond}`,
      ).to.deep.equal(["0 ready 2", "7 sync 2→2 ready 2", "22 sync 2→3 ready 2"]);
    }
  });

  it("second by second, hands a lagging sample on in the very second it arrives", () => {
    // The scrape at 5 s with a lag of 7 s: the pods hold its sample from 12 s on.
    const run = new ModelRun(
      [variant({ metricLagSeconds: 7 })],
      series(() => 1000, 12),
      500,
      new Log(),
    );
    run.runEverySecond(12);
    expect(run.pods.map((p) => [p.metric?.timestamp, p.pending])).to.deep.equal([
      [5, undefined],
      [5, undefined],
    ]);
  });

  it("splits into one run per way the variants part, each standing for the variants that went that way", () => {
    // Two variants with slow pods, one with fast ones: at the sync that first creates pods, a run for two and
    // one for one.
    const slow = variant({ podReadySeconds: 20 });
    const fast = variant({ podReadySeconds: 3 });
    const log = new Log(3);
    const run = new ModelRun(
      [slow, fast, slow],
      series(() => 1000, 30),
      500,
      log,
    );
    run.run(30);
    expect(log.parts.map((p) => p.share)).to.deep.equal([2, 1]);
    for (const f of run.forks) f.run(30);
    expect(log.parts[0].lines).to.deep.equal(lines(slow, () => 1000, 30, true).slice(2));
  });

  it("counts only the pods left after a scale-down", () => {
    // 2000m until 60 s scales to 9; idle, it comes down to 4 by 675 s. 2000m again from 700 s: each of the 4 burns
    // its 500m limit. The scrape at 710 s averages 5 s idle and 10 s at 500m: 334m, 167 %, and the sync at 720 s
    // asks for ceil(4 × 167 / 70) = 10, held to max(4 × 2, 4 + 4) = 8 by the scale-up policies. The 5 pods
    // deleted, idle at their last reading, would have pulled the average down to 74 %, within the tolerance.
    const demand = (t: number) => (t < 60 ? 2000 : t < 700 ? 0 : 2000);
    const log = lines(variant(), demand, 720, false);
    expect(log.filter((l) => /^(375|435|675) sync/.test(l))).to.deep.equal([
      "375 sync 9→7 ready 7",
      "435 sync 7→5 ready 5",
      "675 sync 5→4 ready 4",
    ]);
    expect(log.at(-1)).to.equal("720 sync 4→8 ready 4");
  });
});
