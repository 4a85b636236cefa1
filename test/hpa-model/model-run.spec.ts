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

  it("is one run for variants that take a config change at different syncs, until the first of them reads it", () => {
    const change = (atSeconds: number) => [{ atSeconds, autoscaling: { ...backend.autoscaling, minReplicas: 4 } }];
    const early = variant({ preloadMillicores: 60 }, change(40));
    const late = variant({ preloadMillicores: 60 }, change(70));
    const log = new Log(2);
    const run = new ModelRun(
      [early, late],
      series(() => 60, 120),
      500,
      log,
    );
    run.run(120);
    // One sync at 0, 15 and 30 s for both; the one at 45 s is where they part.
    expect(log.lines).to.deep.equal(["0 ready 2", "0 sync 2→2 ready 2", "15 sync 2→2 ready 2", "30 sync 2→2 ready 2"]);
    for (const f of run.forks) f.run(120);
    expect(log.parts[0].lines).to.deep.equal(lines(early, () => 60, 120, true).slice(4));
    expect(log.parts[1].lines).to.deep.equal(lines(late, () => 60, 120, true).slice(4));
    expect(log.parts[0].lines[0]).to.equal("45 sync 2→4 ready 2");
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
});
