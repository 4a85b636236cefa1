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
function state(t: number, pods: SimPod[], proposals: number[], s: HpaSpec = spec): RunState {
  const controller = new HpaController(s, o);
  proposals.forEach((p, i) => {
    const at = t - 15 * (proposals.length - i);
    controller.recommendations.recordInitial(at, p);
    controller.recommendations.stabilize(at, 2, p, s.behavior!);
  });
  return { t, replicas: 2, pods, controller, o, nextScrape: t + 5, nextSync: t, lastChangeAt: 0 };
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
});
