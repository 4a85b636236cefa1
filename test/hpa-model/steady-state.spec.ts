import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { HpaController } from "../../automation/hpa-model/controller";
import { checkedModelOptions } from "../../automation/hpa-model/options";
import { simPod, type SimPod } from "../../automation/hpa-model/simulated-cluster";
import { hpaSpecFor, type HpaSpec } from "../../automation/hpa-model/spec";
import {
  mayRepeat,
  repeatOf,
  repeats,
  RepeatWatch,
  shiftRun,
  snapshot,
  windowsNeverWiden,
  type RunState,
} from "../../automation/hpa-model/steady-state";

const o = checkedModelOptions({}); // sync and scrape every 15 s, CPU initialization 300 s
const spec = hpaSpecFor(DEFAULTS.backend, 300); // windows: up 0 s, down 300 s
const withWindows = (up: number, down: number): HpaSpec => ({
  ...spec,
  behavior: {
    scaleUp: { ...spec.behavior!.scaleUp, stabilizationWindowSeconds: up },
    scaleDown: { ...spec.behavior!.scaleDown, stabilizationWindowSeconds: down },
  },
});
const sample = (t: number, cpuMillicores = 30) => ({
  cpuMillicores,
  memoryBytes: 100,
  timestamp: t,
  windowSeconds: 15,
});

/** A settled pod (Ready and initialized long ago), last scraped at `scrapedAt` with 30m. */
function oldPod(scrapedAt: number, cpu = 150): SimPod {
  return simPod(-3600, -3600, -3600, cpu, scrapedAt, sample(scrapedAt));
}

/**
 * A run at `t` with these pods and a controller that proposed `proposals` every 15 s up to t − 15 (the first
 * sync also recorded the count it found). Two runs a period apart with the same list hold the same window.
 */
function state(t: number, pods: SimPod[], proposals: number[], s: HpaSpec = spec, options = o): RunState {
  const controller = new HpaController(s, options);
  proposals.forEach((p, i) => {
    const at = t - 15 * (proposals.length - i);
    controller.recommendations.recordInitial(at, p);
    controller.recommendations.stabilize(at, 2, p, s.behavior!);
  });
  return { t, replicas: 2, pods, controller, o: options, nextScrape: t + 5, nextSync: t, lastChangeAt: 0 };
}

/** A run at `t` with one settled pod whose recommendation slots hold exactly `slots` ([made at, replicas]), in order. */
function withSlots(t: number, slots: [number, number][], s: HpaSpec = spec): RunState {
  const run = state(t, [oldPod(t - 5)], [], s);
  // A window nothing leaves: no slot is reused, each proposal takes the next.
  for (const [at, replicas] of slots) run.controller.recommendations.stabilizeLegacy(at, replicas, Infinity);
  return run;
}

describe("hpa-model: steady state", () => {
  it("repeats every sync when only the window's proposals count, and over a round of slots when each slot does", () => {
    // Window 300 s: floor(300 / 15) + 1 = 21 syncs of slots, 315 s; the scrape and sync period is 15 s.
    expect(repeatOf(spec, o, false)).to.deep.equal({ period: 15, bySlot: false, window: 300 });
    expect(repeatOf(spec, o, true)).to.deep.equal({ period: 315, bySlot: true, window: 300 });
    // Scrapes every 30 s: lcm(15, 30) = 30, and lcm(30, 315) = 630.
    const res30 = checkedModelOptions({ metricResolutionSeconds: 30 });
    expect(repeatOf(spec, res30, false).period).to.equal(30);
    expect(repeatOf(spec, res30, true).period).to.equal(630);
    // The longer window counts: up 100 s, down 40 s → floor(100 / 15) + 1 = 7 syncs, 105 s.
    expect(repeatOf(withWindows(100, 40), o, true)).to.deep.equal({ period: 105, bySlot: true, window: 100 });
    // No behavior: the flag's window (here 120 s): (8 + 1) × 15 = 135 s.
    const legacy = { ...spec, behavior: undefined };
    expect(repeatOf(legacy, checkedModelOptions({ downscaleStabilizationSeconds: 120 }), true).period).to.equal(135);
  });

  it("knows for each spec of a schedule whether a later one widens the window", () => {
    const specs = [withWindows(0, 300), withWindows(0, 300), withWindows(60, 120), withWindows(0, 200)];
    expect(windowsNeverWiden(specs, o)).to.deep.equal([false, false, false, true]);
    expect(windowsNeverWiden([withWindows(0, 300), withWindows(300, 0), withWindows(0, 0)], o)).to.deep.equal([
      true,
      true,
      true,
    ]);
  });

  it("snapshots only a state a period can repeat: settled pods and one proposal in the window", () => {
    const r = repeatOf(spec, o, false);
    expect(mayRepeat(state(1000, [oldPod(995)], [1, 1, 1]), r)).to.equal(true);
    // A proposal of 2 still in the window (made at 1000 − 45 s).
    expect(mayRepeat(state(1000, [oldPod(995)], [2, 1, 1]), r)).to.equal(false);
    // Slot by slot, proposals may differ.
    expect(mayRepeat(state(1000, [oldPod(995)], [2, 1, 1]), repeatOf(spec, o, true))).to.equal(true);
    // A pod created 299 s ago is still in its CPU initialization period; one 300 s ago is not.
    expect(mayRepeat(state(1000, [simPod(701, 703, 711, 0, 995, sample(995))], [1]), r)).to.equal(false);
    expect(mayRepeat(state(1000, [simPod(700, 702, 710, 0, 995, sample(995))], [1]), r)).to.equal(true);
    // Not Ready yet; Pending for lack of room (never to run) counts as settled.
    expect(mayRepeat(state(1000, [simPod(0, 10, 1001)], [1]), r)).to.equal(false);
    expect(mayRepeat(state(1000, [simPod(990, Infinity, Infinity)], [1]), r)).to.equal(true);
  });

  it("finds a state repeated when everything live moved by the period and nothing else changed", () => {
    const r = repeatOf(spec, o, false);
    const then = snapshot(state(1000, [oldPod(995)], [1, 1, 1]));
    expect(repeats(state(1015, [oldPod(1010)], [1, 1, 1]), then, r)).to.equal(true);
    // Not a period later; another count of replicas; another CPU since the scrape; another sample.
    expect(repeats(state(1030, [oldPod(1025)], [1, 1, 1]), then, r)).to.equal(false);
    expect(repeats({ ...state(1015, [oldPod(1010)], [1, 1, 1]), replicas: 3 }, then, r)).to.equal(false);
    expect(repeats(state(1015, [oldPod(1010, 151)], [1, 1, 1]), then, r)).to.equal(false);
    const hotter = { ...oldPod(1010), metric: sample(1010, 31) };
    expect(repeats(state(1015, [hotter], [1, 1, 1]), then, r)).to.equal(false);
    // The scrape not a period later.
    expect(repeats(state(1015, [{ ...oldPod(1010), lastScrapeAt: 1011 }], [1, 1, 1]), then, r)).to.equal(false);
    // A pod more, or another spec.
    expect(repeats(state(1015, [oldPod(1010), oldPod(1010)], [1, 1, 1]), then, r)).to.equal(false);
    expect(repeats(state(1015, [oldPod(1010)], [1, 1, 1], withWindows(0, 300)), then, r)).to.equal(false);
    // A proposal of 2 made within the last period.
    expect(repeats(state(1015, [oldPod(1010)], [1, 1, 2]), then, r)).to.equal(false);
  });

  it("compares the samples on their way too, each a period later", () => {
    const r = repeatOf(spec, o, false);
    const lagging = (t: number, at: number) => ({ ...oldPod(t), pending: { metric: sample(t), at } });
    const then = snapshot(state(1000, [lagging(995, 1005)], [1]));
    expect(repeats(state(1015, [lagging(1010, 1020)], [1]), then, r)).to.equal(true);
    expect(repeats(state(1015, [lagging(1010, 1021)], [1]), then, r)).to.equal(false);
    expect(repeats(state(1015, [oldPod(1010)], [1]), then, r)).to.equal(false);
  });

  it("asks every scale event kept to lie past every policy's period, before and now", () => {
    // The backend's policies: 30 s up, 60 s down. An event at 1000 − 60 s is past them all; at 1000 − 59 s not.
    const r = repeatOf(spec, o, false);
    const at = (eventAt: number, t: number) => {
      const s = state(t, [oldPod(t - 5)], [1, 1]);
      s.controller.events.record(eventAt, 3, 2, spec.behavior!);
      return s;
    };
    expect(repeats(at(940, 1015), snapshot(at(940, 1000)), r)).to.equal(true);
    expect(repeats(at(941, 1015), snapshot(at(941, 1000)), r)).to.equal(false);
    // An event since the snapshot.
    expect(repeats(at(1005, 1015), snapshot(state(1000, [oldPod(995)], [1, 1])), r)).to.equal(false);
  });

  it("slot by slot, asks the untouched slots to be unchanged and out of the window", () => {
    const r = repeatOf(withWindows(0, 30), o, true); // window 30 s: 3 syncs a round, period 45 s
    const s = withWindows(0, 30);
    const then = snapshot(state(1000, [oldPod(995)], [1, 1, 1], s));
    const now = state(1045, [oldPod(1040)], [1, 1, 1], s);
    expect(repeats(now, then, r)).to.equal(true);
  });

  it("moves every live time on by a jump and leaves what has settled", () => {
    const pod = { ...oldPod(995), pending: { metric: sample(995), at: 1002 } };
    const s = state(1000, [pod, { ...pod }], [1, 1, 1]);
    const shared = s.pods[0].metric;
    s.pods[1].metric = shared;
    shiftRun(s, repeatOf(spec, o, false), 300);
    expect([s.t, s.nextScrape, s.nextSync]).to.deep.equal([1300, 1305, 1300]);
    expect(s.pods[0]).to.deep.equal({
      ...pod,
      lastScrapeAt: 1295,
      metric: sample(1295),
      pending: { metric: sample(1295), at: 1302 },
    });
    // Samples two pods shared stay one: moved once.
    expect(s.pods[1].metric).to.equal(s.pods[0].metric);
    expect(shared?.timestamp).to.equal(995);
    // Recommendations within the window move; slot by slot, only those of the last period.
    expect(s.controller.recommendations.entries?.map((e) => e.t)).to.deep.equal([1255, 1255, 1270, 1285]);
    const bySlot = state(1000, [oldPod(995)], [1, 1, 1]);
    shiftRun(bySlot, { period: 30, bySlot: true, window: 300 }, 300);
    expect(bySlot.controller.recommendations.entries?.map((e) => e.t)).to.deep.equal([955, 955, 1270, 1285]);
  });

  it("answers a spec's every sync from one memo, and works the period out again for other options", () => {
    const s = withWindows(0, 300);
    expect(repeatOf(s, o, true)).to.equal(repeatOf(s, o, true));
    // Scrapes every 30 s: lcm(lcm(15, 30), 21 × 15) = 630, not the 315 s remembered for 15 s scrapes.
    expect(repeatOf(s, checkedModelOptions({ metricResolutionSeconds: 30 }), true).period).to.equal(630);
  });

  it("counts a pod Ready from this second as Ready, and a proposal made a window ago as in the window", () => {
    const r = repeatOf(spec, o, false);
    // podView: Ready when now >= readyAt; created 300 s ago: out of the CPU initialization period.
    expect(mayRepeat(state(1000, [simPod(700, 702, 1000, 0, 995, sample(995))], [1]), r)).to.equal(true);
    // 20 proposals, the first (of 2) at 1000 − 300 s: the snapshot's window holds it (as repeats() counts it).
    const proposals = [2, ...Array<number>(19).fill(1)];
    expect(mayRepeat(state(1000, [oldPod(995)], proposals), r)).to.equal(false);
    expect(mayRepeat(state(1000, [oldPod(995)], proposals.slice(1)), r)).to.equal(true);
  });

  it("lets the window's proposals differ when the period spans more than one sync", () => {
    // Scrapes every 30 s: a period of two syncs, whose proposals repeats() compares age by age.
    const res30 = checkedModelOptions({ metricResolutionSeconds: 30 });
    const r = repeatOf(spec, res30, false);
    expect(r.period).to.equal(30);
    expect(mayRepeat(state(1000, [oldPod(995)], [2, 1, 1], spec, res30), r)).to.equal(true);
  });

  describe("compares each pod with the one a period before, every live time moved by the period", () => {
    const r = repeatOf(spec, o, false);
    const ran = (scrapedAt?: number, metric?: ReturnType<typeof sample>) =>
      simPod(-3600, -3590, -3580, 150, scrapedAt, metric);
    const pendingForRoom = () => simPod(-3600, Infinity, Infinity);
    const cases: { what: string; then: SimPod; now: SimPod; repeats: boolean }[] = [
      {
        what: "a pod Pending for lack of room, never scraped",
        then: pendingForRoom(),
        now: pendingForRoom(),
        repeats: true,
      },
      {
        what: "a pod scraped, its sample moved",
        then: ran(995, sample(995)),
        now: ran(1010, sample(1010)),
        repeats: true,
      },
      {
        what: "created at another second",
        then: ran(995, sample(995)),
        now: { ...ran(1010, sample(1010)), createdAt: -3601 },
        repeats: false,
      },
      {
        what: "running from another second",
        then: ran(995, sample(995)),
        now: { ...ran(1010, sample(1010)), runningAt: -3591 },
        repeats: false,
      },
      {
        what: "Ready from another second",
        then: ran(995, sample(995)),
        now: { ...ran(1010, sample(1010)), readyAt: -3581 },
        repeats: false,
      },
      { what: "scraped then, not now", then: ran(995), now: ran(), repeats: false },
      { what: "scraped now, not then", then: ran(), now: ran(1010), repeats: false },
      { what: "a first sample since", then: ran(995), now: ran(1010, sample(1010)), repeats: false },
      { what: "a sample then, none now", then: ran(995, sample(995)), now: ran(1010), repeats: false },
      {
        what: "another memory",
        then: ran(995, sample(995)),
        now: ran(1010, { ...sample(1010), memoryBytes: 101 }),
        repeats: false,
      },
      {
        what: "another rate window",
        then: ran(995, sample(995)),
        now: ran(1010, { ...sample(1010), windowSeconds: 30 }),
        repeats: false,
      },
      {
        what: "a sample not a period newer",
        then: ran(995, sample(995)),
        now: ran(1010, sample(1009)),
        repeats: false,
      },
      {
        what: "a sample on its way since",
        then: ran(995, sample(995)),
        now: { ...ran(1010, sample(1010)), pending: { metric: sample(1010), at: 1020 } },
        repeats: false,
      },
    ];
    for (const c of cases) {
      it(`${c.repeats ? "repeats" : "does not repeat"}: ${c.what}`, () => {
        const then = snapshot(state(1000, [c.then], [1]));
        expect(repeats(state(1015, [c.now], [1]), then, r)).to.equal(c.repeats);
      });
    }
    it("does not repeat two periods on, even with nothing live to move", () => {
      const then = snapshot(state(1000, [pendingForRoom()], [1]));
      expect(repeats(state(1030, [pendingForRoom()], [1]), then, r)).to.equal(false);
    });
  });

  it("does not repeat from a state whose pods were still starting then, however alike they are now", () => {
    // Created at 800 s: at 1000 s still in the CPU initialization period (800 + 300 > 1000), so its samples may
    // yet be read otherwise.
    const r = repeatOf(spec, o, false);
    const starting = (scrapedAt: number) => simPod(800, 802, 810, 150, scrapedAt, sample(scrapedAt));
    const then = snapshot(state(1000, [starting(995)], [1]));
    expect(repeats(state(1015, [starting(1010)], [1]), then, r)).to.equal(false);
  });

  it("counts a proposal made exactly a window ago in the window, then and now", () => {
    // Window 300 s: then (1000 s) one made at 700 s, now (1015 s) one made at 715 s, each 300 s ago.
    const r = repeatOf(spec, o, false);
    const then = snapshot(
      withSlots(1000, [
        [700, 2],
        [985, 1],
      ]),
    );
    const now = (first: number) =>
      withSlots(1015, [
        [first, 2],
        [1000, 1],
      ]);
    expect(repeats(now(715), then, r)).to.equal(true);
    // Made at 714 s it has left the window now, while the one then had not: not the same window.
    expect(repeats(now(714), then, r)).to.equal(false);
  });

  it("repeats before the first sync, but not across it", () => {
    const r = repeatOf(spec, o, false);
    const then = snapshot(state(1000, [oldPod(995)], []));
    expect(repeats(state(1015, [oldPod(1010)], []), then, r)).to.equal(true);
    expect(repeats(state(1015, [oldPod(1010)], [1]), then, r)).to.equal(false);
    // Nor a state after it as one before it.
    const after = snapshot(state(1000, [oldPod(995)], [1]));
    expect(repeats(state(1015, [oldPod(1010)], []), after, r)).to.equal(false);
  });

  it("compares the window's proposals as a multiset: each of then matched once, in any slot", () => {
    const r = repeatOf(spec, o, false);
    // Then: 2 (15 s ago), 1 (30 s), 2 (45 s).
    const then = snapshot(
      withSlots(1000, [
        [985, 2],
        [970, 1],
        [955, 2],
      ]),
    );
    expect(
      repeats(
        withSlots(1015, [
          [970, 2],
          [1000, 2],
          [985, 1],
        ]),
        then,
        r,
      ),
    ).to.equal(true);
    // Now: 2, 2 (both 15 s ago), 1 (30 s): the 2 made 45 s ago is gone, one 15 s ago twice.
    expect(
      repeats(
        withSlots(1015, [
          [1000, 2],
          [1000, 2],
          [985, 1],
        ]),
        then,
        r,
      ),
    ).to.equal(false);
  });

  describe("slot by slot, compares every slot: made within the period and moved by it, or unchanged and out of the window", () => {
    // Window 30 s: floor(30 / 15) + 1 = 3 syncs a round, period 45 s; at 1000 the window reaches back to 970.
    const s = withWindows(0, 30);
    const r = repeatOf(s, o, true);
    const round = (t: number): [number, number][] => [
      [t - 45, 1],
      [t - 30, 1],
      [t - 15, 1],
    ];
    const cases: { what: string; then: [number, number][]; now: [number, number][]; repeats: boolean }[] = [
      {
        what: "an old slot unchanged, out of the window",
        then: [[500, 1], ...round(1000)],
        now: [[500, 1], ...round(1045)],
        repeats: true,
      },
      {
        what: "an old slot changed",
        then: [[500, 1], ...round(1000)],
        now: [[510, 1], ...round(1045)],
        repeats: false,
      },
      {
        what: "an old slot then in the window",
        then: [[975, 1], ...round(1000)],
        now: [[975, 1], ...round(1045)],
        repeats: false,
      },
      // At 1000 a slot made at 970 has left the window but is not yet free to reuse (upstream reuses t < cutoff).
      {
        what: "an old slot made a window before",
        then: [[970, 1], ...round(1000)],
        now: [[970, 1], ...round(1045)],
        repeats: false,
      },
      {
        what: "another proposal in a new slot",
        then: round(1000),
        now: [[1000, 2], ...round(1045).slice(1)],
        repeats: false,
      },
      {
        what: "a new slot not a period later",
        then: round(1000),
        now: [[1001, 1], ...round(1045).slice(1)],
        repeats: false,
      },
      { what: "a slot more", then: round(1000), now: [[600, 1], ...round(1045)], repeats: false },
      { what: "a slot fewer", then: [...round(1000), [500, 1]], now: round(1045), repeats: false },
    ];
    for (const c of cases) {
      it(`${c.repeats ? "repeats" : "does not repeat"}: ${c.what}`, () => {
        expect(r).to.deep.equal({ period: 45, bySlot: true, window: 30 });
        const then = snapshot(withSlots(1000, c.then, s));
        expect(repeats(withSlots(1045, c.now, s), then, r)).to.equal(c.repeats);
      });
    }
  });

  it("asks the scale events kept, up and down, to be the same rescales at the same seconds", () => {
    const r = repeatOf(spec, o, false);
    // Every event here is past the backend's longest policy period (60 s) before 1000.
    const events = (t: number, ...rescales: [number, number, number][]) => {
      const run = state(t, [oldPod(t - 5)], [1, 1]);
      for (const [at, from, to] of rescales) run.controller.events.record(at, from, to, spec.behavior!);
      return run;
    };
    const then = snapshot(events(1000, [900, 2, 3], [920, 3, 2]));
    expect(repeats(events(1015, [900, 2, 3], [920, 3, 2]), then, r)).to.equal(true);
    // A scale-up of 2 instead of 1; a scale-down at 910 instead of 920.
    expect(repeats(events(1015, [900, 2, 4], [920, 3, 2]), then, r)).to.equal(false);
    expect(repeats(events(1015, [900, 2, 3], [910, 3, 2]), then, r)).to.equal(false);
  });

  it("leaves a pod that was never scraped unscraped when the run jumps", () => {
    const run = state(1000, [simPod(990, Infinity, Infinity)], [1]);
    shiftRun(run, repeatOf(spec, o, false), 300);
    expect(run.pods[0]).to.deep.equal(simPod(990, Infinity, Infinity));
  });

  describe("RepeatWatch", () => {
    const r = repeatOf(spec, o, false); // period 15 s
    const steady = new Int32Array(3000).fill(3000); // the demand never changes
    const run = (t: number, lastChangeAt = 0, options = o): RunState => ({
      ...state(t, [oldPod(t - 5)], [1, 1, 1], spec, options),
      lastChangeAt,
    });

    it("jumps from a sync that repeats the one a period before over every whole period up to the end", () => {
      const watch = new RepeatWatch();
      expect(watch.jump(run(1000), r, steady, 2000)).to.equal(0);
      const now = run(1015);
      // floor((2000 − 1015) / 15) = 65 periods.
      expect(watch.jump(now, r, steady, 2000)).to.equal(975);
      expect(now.t).to.equal(1990);
    });

    it("jumps up to the demand's next change", () => {
      const watch = new RepeatWatch();
      const changing = new Int32Array(3000).fill(1100); // the demand changes at 1100
      expect(watch.jump(run(1000), r, changing, 2000)).to.equal(0);
      // floor((1100 − 1015) / 15) = 5 periods.
      expect(watch.jump(run(1015), r, changing, 2000)).to.equal(75);
    });

    it("snapshots a sync only when two periods are left, one to compare and one to skip", () => {
      // End at 1030: the snapshot at 1000 is kept, and at 1015 the run skips the one period left.
      const watch = new RepeatWatch();
      expect(watch.jump(run(1000), r, steady, 1030)).to.equal(0);
      expect(watch.jump(run(1015), r, steady, 1030)).to.equal(15);
      // End at 1029: no snapshot at 1000, so not even a split run that goes on longer jumps at 1015.
      const short = new RepeatWatch();
      expect(short.jump(run(1000), r, steady, 1029)).to.equal(0);
      expect(new RepeatWatch(short).jump(run(1015), r, steady, 2000)).to.equal(0);
    });

    it("lets a split run jump from the snapshots of the run it split off", () => {
      const parent = new RepeatWatch();
      expect(parent.jump(run(1000), r, steady, 2000)).to.equal(0);
      expect(new RepeatWatch(parent).jump(run(1015), r, steady, 2000)).to.equal(975);
    });

    it("does not jump when the Ready or desired count changed at the snapshot's second", () => {
      const watch = new RepeatWatch();
      watch.jump(run(1000), r, steady, 2000);
      // The count at 1000 is not in the snapshot (taken at the start of the second): changed then, it may differ.
      expect(watch.jump(run(1015, 1000), r, steady, 2000)).to.equal(0);
      const before = new RepeatWatch();
      before.jump(run(1000), r, steady, 2000);
      expect(before.jump(run(1015, 999), r, steady, 2000)).to.equal(975);
    });

    it("moves nothing when less than a period is left, and keeps its snapshots for later", () => {
      // Scrapes every 30 s: a period of two syncs, so the snapshot of 1015 outlives the sync at 1030.
      const res30 = checkedModelOptions({ metricResolutionSeconds: 30 });
      const r30 = repeatOf(spec, res30, false);
      const watch = new RepeatWatch();
      watch.jump(run(1000, 0, res30), r30, steady, 2000);
      watch.jump(run(1015, 0, res30), r30, steady, 2000);
      // At 1030 the end (1040) is less than a period away; at 1045 it is not: floor((2000 − 1045) / 30) = 31.
      const at1030 = run(1030, 0, res30);
      expect(watch.jump(at1030, r30, steady, 1040)).to.equal(0);
      expect(at1030.t).to.equal(1030);
      expect(watch.jump(run(1045, 0, res30), r30, steady, 2000)).to.equal(930);
    });

    it("never moves a run back when its end has already come", () => {
      const watch = new RepeatWatch();
      watch.jump(run(1000), r, steady, 2000);
      const now = run(1015);
      expect(watch.jump(now, r, steady, 1010)).to.equal(0);
      expect(now.t).to.equal(1015);
    });
  });
});
