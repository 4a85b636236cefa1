import { expect } from "chai";
import type { EnvelopePoint } from "../../automation/hpa-model";
import { checkEnvelope, judgeSamples } from "../../automation/scale-test/envelope-check";
import { checkEndsAtMin, checkWindow } from "../../automation/scale-test/window-checks";
import type { SyncExplanation } from "../../automation/shared/results";
import { expectations, sample } from "../support/series";

/** A band: 2 until 20 s, 2–5 from 20 s, 4–5 from 30 s; desired a step ahead. */
function band(): EnvelopePoint[] {
  return Array.from({ length: 101 }, (_, t) => ({
    t,
    minReady: t < 30 ? 2 : 4,
    maxReady: t < 20 ? 2 : 5,
    minDesired: t < 25 ? 2 : 4,
    maxDesired: t < 15 ? 2 : 5,
  }));
}
const e = () =>
  expectations({ envelope: band(), envelopeSlackSeconds: 2, scaleUpEarliestSeconds: 20, scaleUpWithinSeconds: 30 });
/** Every Running pod Ready. */
const ready = (t: number, readyReplicas: number, desiredReplicas = readyReplicas) =>
  sample(t, {
    readyReplicas,
    desiredReplicas,
    currentReplicas: desiredReplicas,
    podPhases: { Running: readyReplicas },
  });

/** One HPA sync: the cluster's desired count and, replayed, what the declared config asks for and what bound it. */
const sync = (t: number, desiredReplicas: number | null, replay?: { desired: number | null; bound?: string }) =>
  ({
    t,
    cluster: {
      desiredReplicas,
      currentReplicas: desiredReplicas,
      cpuUtilization: 50,
      conditions: [],
      events: [],
      why: "",
    },
    model: { desiredLow: 1, desiredHigh: 10, said: "" },
    ...(replay
      ? {
          replay: {
            desired: replay.desired,
            proposed: replay.desired,
            stabilized: replay.desired,
            bound: replay.bound ?? "",
            caveats: [],
          },
        }
      : {}),
    agrees: true,
  }) satisfies SyncExplanation;

describe("the envelope check", () => {
  it("passes a run that stays inside the band at every sample", () => {
    const c = checkEnvelope([ready(0, 2), ready(20, 2, 4), ready(30, 4), ready(60, 5)], e());
    expect(c).to.deep.equal({
      name: "envelope",
      passed: true,
      message: "All 4 samples from 0 s to 60 s lay inside the envelope.",
    });
  });

  it("names the first sample below the band: too late or too slow", () => {
    const c = checkEnvelope([ready(0, 2), ready(35, 3, 4), ready(40, 2, 4)], e());
    expect(c).to.deep.equal({
      name: "envelope",
      passed: false,
      message:
        "At 35 s 3 replicas were ready, below the envelope (4–5): the HPA scaled later or slower than its declared config allows.",
    });
  });

  it("says Running pods were not Ready, not that the HPA was slow, when it had asked for the band's pods and they ran", () => {
    const unready = (t: number, readyReplicas: number, running: number, desiredReplicas: number) => ({
      ...ready(t, readyReplicas, desiredReplicas),
      podPhases: { Running: running, Pending: desiredReplicas - running },
    });
    // Asked for 5, 5 Running, 3 Ready: the pods, not the HPA.
    expect(checkEnvelope([ready(0, 2), unready(35, 3, 5, 5)], e()).message).to.equal(
      "At 35 s 3 replicas were ready, below the envelope (4–5): 2 of the 5 Running pods were not Ready though the HPA asked for 5 (readiness probes failing, on a node short of CPU, or restarts), not a scaling the HPA's config decides.",
    );
    // Fewer Running than the band's floor, or fewer asked for: the HPA's scaling is in question.
    expect(checkEnvelope([ready(0, 2), unready(35, 3, 4, 5)], e()).message).to.match(
      /: 1 of the 4 Running pods was not Ready /,
    );
    // As many asked for and Running as the band's floor is enough.
    expect(checkEnvelope([ready(0, 2), unready(35, 3, 4, 4)], e()).message).to.match(
      /: 1 of the 4 Running pods was not Ready though the HPA asked for 4 /,
    );
    for (const s of [unready(35, 2, 3, 5), unready(35, 2, 4, 3)])
      expect(checkEnvelope([ready(0, 2), s], e()).message).to.match(/the HPA scaled later or slower/);
  });

  it("names the first sample above the band: too early, too fast or too high", () => {
    expect(checkEnvelope([ready(10, 4, 4)], e()).message).to.equal(
      "At 10 s 4 replicas were ready, above the envelope (2): the HPA scaled earlier, faster or higher than its declared config allows.",
    );
    expect(checkEnvelope([ready(40, 5, 8)], e()).message).to.equal(
      "At 40 s the HPA asked for 8 replicas, above the envelope (4–5): it scaled earlier, faster or higher than its declared config allows.",
    );
    expect(checkEnvelope([ready(40, 4, 3)], e()).message).to.equal(
      "At 40 s the HPA asked for 3 replicas, below the envelope (4–5): it scaled later or slower than its declared config allows.",
    );
  });

  it("blames the HPA for more Ready pods than the band allows, however many more were Running", () => {
    // 6 Ready of 8 Running at 40 s: above 4–5, pods not Ready do not excuse the ones that are.
    expect(checkEnvelope([ready(0, 2), { ...ready(40, 6, 8), podPhases: { Running: 8 } }], e()).message).to.equal(
      "At 40 s 6 replicas were ready, above the envelope (4–5): the HPA scaled earlier, faster or higher than its declared config allows.",
    );
  });

  it("allows the observation slack around a change of the band", () => {
    // 4 ready at 19 s: the band allows up to 5 from 20 s, 1 s later, within the 2 s slack.
    expect(checkEnvelope([ready(19, 4)], e()).passed).to.equal(true);
    expect(checkEnvelope([ready(17, 4)], e()).passed).to.equal(false);
  });

  it("lets a Ready count trail the band by the measured resize time, not the desired count", () => {
    const lagged = { ...e(), readyLagSeconds: 4 };
    // 3 ready at 35 s: below 4–5 within ±2 s, inside 2–5 back to 29 s.
    expect(checkEnvelope([ready(0, 2), ready(35, 3, 4)], lagged).passed).to.equal(true);
    expect(checkEnvelope([ready(0, 2), ready(35, 3, 4)], e()).passed).to.equal(false);
    // A desired count of 3 at 35 s is still below 4–5: the HPA's status does not wait for the ReplicaSet.
    expect(checkEnvelope([ready(0, 2), ready(35, 4, 3)], lagged).passed).to.equal(false);
    // 3 ready at 40 s is below the band from 34 s to 42 s: the lag reaches back, never forward.
    expect(checkEnvelope([ready(0, 2), ready(40, 3, 4)], lagged).passed).to.equal(false);
  });

  it("does not judge samples outside the band's span, and says when none was inside it", () => {
    expect(checkEnvelope([ready(200, 9)], e())).to.deep.include({ passed: false });
    expect(checkEnvelope([ready(200, 9)], e()).message).to.equal(
      "No sample fell within the envelope's time span, so the timeline was not seen.",
    );
  });

  it("words a single replica in the singular, ready or asked for", () => {
    expect(checkEnvelope([ready(0, 2), ready(35, 1, 4)], e()).message).to.equal(
      "At 35 s 1 replica was ready, below the envelope (4–5): the HPA scaled later or slower than its declared config allows.",
    );
    // A Deployment scaled to zero: the HPA leaves it there, so the envelope is 0 throughout.
    const zero = expectations({
      envelope: Array.from({ length: 61 }, (_, t) => ({ t, minReady: 0, maxReady: 0, minDesired: 0, maxDesired: 0 })),
      envelopeSlackSeconds: 2,
    });
    expect(checkEnvelope([ready(0, 0), ready(10, 1, 0)], zero).message).to.equal(
      "At 10 s 1 replica was ready, above the envelope (0): the HPA scaled earlier, faster or higher than its declared config allows.",
    );
    expect(checkEnvelope([ready(0, 0), ready(10, 0, 1)], zero).message).to.equal(
      "At 10 s the HPA asked for 1 replica, above the envelope (0): it scaled earlier, faster or higher than its declared config allows.",
    );
  });

  it("judges only the ready replicas of a sample whose HPA had no desired count yet", () => {
    const noStatus = (t: number, readyReplicas: number) => sample(t, { readyReplicas, desiredReplicas: null });
    expect(checkEnvelope([noStatus(0, 2), noStatus(40, 4)], e())).to.deep.equal({
      name: "envelope",
      passed: true,
      message: "All 2 samples from 0 s to 40 s lay inside the envelope.",
    });
  });

  it("judges the sample at the envelope's last second and none after it", () => {
    expect(checkEnvelope([ready(0, 2), ready(100, 7)], e()).message).to.equal(
      "At 100 s 7 replicas were ready, above the envelope (4–5): the HPA scaled earlier, faster or higher than its declared config allows.",
    );
    expect(checkEnvelope([ready(0, 2), ready(30, 4), ready(101, 7)], e()).passed).to.equal(true);
  });

  it("judges no sample before load start, even where the envelope reaches back before it", () => {
    // The envelope starts 10 s before load start (a calibration load); a sample at -1 s with 4 ready lies outside it.
    const early = Array.from({ length: 111 }, (_, i) => ({ ...band()[Math.max(0, i - 10)], t: i - 10 }));
    const c = checkEnvelope([ready(-1, 4), ready(0, 2), ready(10, 2)], { ...e(), envelope: early });
    expect(c).to.deep.equal({
      name: "envelope",
      passed: true,
      message: "All 2 samples from 0 s to 10 s lay inside the envelope.",
    });
    expect(checkEnvelope([ready(-1, 4), ready(10, 2)], { ...e(), envelope: early }).message).to.equal(
      "The one sample, at 10 s, lay inside the envelope.",
    );
  });

  it("judges no sample before the envelope's first second", () => {
    const late = band().filter((p) => p.t >= 10);
    // At 9 s the band 2 s either side (its points at 10 and 11 s) has at most 2 ready.
    expect(checkEnvelope([ready(9, 4), ready(10, 2), ready(20, 2)], { ...e(), envelope: late }).passed).to.equal(true);
  });

  it("sees no timeline in an empty envelope", () => {
    expect(checkEnvelope([ready(0, 2), ready(1, 2)], { ...e(), envelope: [] })).to.deep.equal({
      name: "envelope",
      passed: false,
      message: "No sample fell within the envelope's time span, so the timeline was not seen.",
    });
  });

  it("fails a gap between samples wider than the bound, naming it, before a later sample outside", () => {
    // 60 s without a sample (reads failed): the HPA might have gone anywhere in between.
    const gappy = { ...e(), maxSampleGapSeconds: 15 };
    const seen = [ready(0, 2), ready(10, 2), ready(20, 2), ready(31, 4), ready(91, 5), ready(95, 9)];
    expect(checkEnvelope(seen, gappy)).to.deep.equal({
      name: "envelope",
      passed: false,
      message:
        "Between 31 s and 91 s no sample was taken, a 60 s gap, wider than the 15 s the check can see across (reads failed or hung): what the HPA did in it cannot be judged.",
    });
    // A gap of exactly the bound is seen across.
    expect(checkEnvelope([ready(0, 2), ready(15, 2), ready(30, 4)], gappy).passed).to.equal(true);
    // Without a bound, gaps are not judged (budget runs, hand-made expectations).
    expect(checkEnvelope([ready(0, 2), ready(31, 4), ready(91, 5)], e()).passed).to.equal(true);
  });

  it("judges only the upper side when asked: a sample below passes, one above fails", () => {
    expect(checkEnvelope([ready(0, 2), ready(40, 2)], e(), "upper")).to.deep.include({
      passed: true,
      message: "All 2 samples from 0 s to 40 s lay inside the envelope, on its upper side.",
    });
    expect(checkEnvelope([ready(0, 2), ready(10, 4)], e(), "upper").passed).to.equal(false);
  });

  it("keeps each sample's band and side, the one judgement the table and the chart show", () => {
    const judged = judgeSamples([ready(-5, 2), ready(10, 2), ready(35, 3, 4), ready(40, 5, 8), ready(45, 4)], e());
    expect(judged).to.deep.equal([
      { t: -5 },
      { t: 10, band: { minReady: 2, maxReady: 2, minDesired: 2, maxDesired: 2 } },
      {
        t: 35,
        band: { minReady: 4, maxReady: 5, minDesired: 4, maxDesired: 5 },
        outside: { count: "ready", side: "below" },
      },
      {
        t: 40,
        band: { minReady: 4, maxReady: 5, minDesired: 4, maxDesired: 5 },
        outside: { count: "desired", side: "above" },
      },
      { t: 45, band: { minReady: 4, maxReady: 5, minDesired: 4, maxDesired: 5 } },
    ]);
    expect(judgeSamples([ready(200, 9)], e())).to.deep.equal([{ t: 200 }]);
  });

  it("keeps a desired count below the band as the desired side, and judges from load start on", () => {
    const early = Array.from({ length: 111 }, (_, i) => ({ ...band()[Math.max(0, i - 10)], t: i - 10 }));
    const judged = judgeSamples([ready(-1, 2), ready(0, 2), ready(40, 4, 3)], { ...e(), envelope: early });
    expect(judged).to.deep.equal([
      { t: -1 },
      { t: 0, band: { minReady: 2, maxReady: 2, minDesired: 2, maxDesired: 2 } },
      {
        t: 40,
        band: { minReady: 4, maxReady: 5, minDesired: 4, maxDesired: 5 },
        outside: { count: "desired", side: "below" },
      },
    ]);
  });

  it("names the phase a sample fell in, from its first second, and none between phases", () => {
    const phases = [
      { name: "warm", fromSeconds: 0, toSeconds: 30 },
      { name: "sale", fromSeconds: 30, toSeconds: 50 },
      { name: "quiet", fromSeconds: 60, toSeconds: 100 },
    ];
    expect(checkEnvelope([ready(0, 2), ready(30, 1, 4)], { ...e(), phases }).message).to.equal(
      "At 30 s, in phase sale, 1 replica was ready, below the envelope (2–5): the HPA scaled later or slower than its declared config allows.",
    );
    expect(checkEnvelope([ready(0, 2), ready(55, 3)], { ...e(), phases }).message).to.equal(
      "At 55 s 3 replicas were ready, below the envelope (4–5): the HPA scaled later or slower than its declared config allows.",
    );
  });

  it("explains a sample by the samples before it only, never by a later one", () => {
    // Asked for 4 at 35 s, 5 at 40 s: the rise after it does not make 35 s a scale-down.
    expect(checkEnvelope([ready(0, 2), ready(35, 3, 4), ready(40, 5)], e()).message).to.equal(
      "At 35 s 3 replicas were ready, below the envelope (4–5): the HPA scaled later or slower than its declared config allows.",
    );
  });

  describe("above the band, staying up from going up", () => {
    /**
     * No slack. Up to 5 ready and 6 asked for until 10 s; the desired count
     * must be down to 3 from 10 s, the ready count (trailing it) from 20 s.
     */
    const down = () =>
      expectations({
        envelopeSlackSeconds: 0,
        envelope: Array.from({ length: 61 }, (_, t) => ({
          t,
          minReady: 2,
          maxReady: t < 20 ? 5 : 3,
          minDesired: 2,
          maxDesired: t < 10 ? 6 : 3,
        })),
      });

    it("says it went up too early when no sample before had as many", () => {
      expect(checkEnvelope([ready(0, 2), ready(30, 4)], down()).message).to.equal(
        "At 30 s 4 replicas were ready, above the envelope (2–3): the HPA scaled earlier, faster or higher than its declared config allows.",
      );
    });

    it("says it came down too late when an earlier sample had as many ready, and the band then allowed them", () => {
      // 5 ready at 15 s, the most the ready band allowed then; 5 still at 30 s.
      expect(checkEnvelope([ready(0, 2), ready(15, 5, 3), ready(30, 5, 3)], down()).message).to.equal(
        "At 30 s 5 replicas were ready, above the envelope (2–3): the HPA scaled down later or slower than its declared config allows.",
      );
    });

    it("says it came down too late when an earlier sample asked for as many, and the band then allowed them", () => {
      // 6 asked for at 5 s, the most the desired band allowed then (the ready band allowed only 5); 6 still at 30 s.
      expect(checkEnvelope([ready(0, 2), ready(5, 5, 6), ready(30, 3, 6)], down()).message).to.equal(
        "At 30 s the HPA asked for 6 replicas, above the envelope (2–3): it scaled down later or slower than its declared config allows.",
      );
    });

    it("does not take a count seen where the envelope had no band for one the band allowed", () => {
      // A Deployment held at zero; the envelope has no points from 11 s to 29 s.
      const holed = expectations({
        envelopeSlackSeconds: 0,
        envelope: Array.from({ length: 61 }, (_, t) => ({
          t,
          minReady: 0,
          maxReady: 0,
          minDesired: 0,
          maxDesired: 0,
        })).filter((p) => p.t <= 10 || p.t >= 30),
      });
      expect(checkEnvelope([ready(0, 0), ready(20, 1), ready(40, 1)], holed).message).to.equal(
        "At 40 s 1 replica was ready, above the envelope (0): the HPA scaled earlier, faster or higher than its declared config allows.",
      );
    });
  });

  describe("with the syncs replayed", () => {
    const below = [ready(0, 2), ready(35, 3, 4)];
    const belowSays =
      "At 35 s 3 replicas were ready, below the envelope (4–5): the HPA scaled later or slower than its declared config allows.";
    const above = [ready(0, 2), ready(40, 5, 8)];
    const aboveSays =
      "At 40 s the HPA asked for 8 replicas, above the envelope (4–5): it scaled earlier, faster or higher than its declared config allows.";
    const says = (series: ReturnType<typeof ready>[], syncs: SyncExplanation[]) =>
      checkEnvelope(series, e(), "both", syncs).message;

    it("adds, below the band, what the declared config asked for at the last sync before, when it asked for more", () => {
      const syncs = [
        sync(10, 2, { desired: 2 }),
        sync(30, 4, { desired: 5, bound: "Pods 4 per 30 s allowed +4, up to 6" }),
        sync(36, 3, { desired: 9 }),
      ];
      expect(says(below, syncs)).to.equal(
        `${belowSays} At 30 s the HPA asked for 4; a healthy HPA with the declared policies would have asked for 5 from the same reading: Pods 4 per 30 s allowed +4, up to 6.`,
      );
    });

    it("takes a sync at the sample's own second, and names no rule when none bound the answer", () => {
      expect(says(below, [sync(35, 4, { desired: 5 })])).to.equal(
        `${belowSays} At 35 s the HPA asked for 4; a healthy HPA with the declared policies would have asked for 5 from the same reading.`,
      );
    });

    it("adds, above the band, what the declared config asked for when it asked for fewer", () => {
      expect(says(above, [sync(38, 8, { desired: 5 })])).to.equal(
        `${aboveSays} At 38 s the HPA asked for 8; a healthy HPA with the declared policies would have asked for 5 from the same reading.`,
      );
    });

    it("adds nothing where the declared config asked for as many, or erred the same way", () => {
      for (const desired of [4, 3]) expect(says(below, [sync(30, 4, { desired })])).to.equal(belowSays);
      for (const desired of [8, 9]) expect(says(above, [sync(38, 8, { desired })])).to.equal(aboveSays);
    });

    it("adds nothing without a sync at or before the sample, a replay, or a count on either side", () => {
      expect(says(below, [sync(36, 3, { desired: 9 })])).to.equal(belowSays);
      expect(says(below, [sync(30, 4)])).to.equal(belowSays);
      expect(says(below, [sync(30, 4, { desired: null })])).to.equal(belowSays);
      expect(says(above, [sync(38, 8, { desired: null })])).to.equal(aboveSays);
      expect(says(below, [sync(30, null, { desired: 5 })])).to.equal(belowSays);
      expect(says(below, [])).to.equal(belowSays);
    });
  });

  describe("the end at the floor", () => {
    const ending = (endsAtMinReplicas?: number) => expectations({ scenario: { name: "sale", endsAtMinReplicas } });
    const last = (t: number, readyReplicas: number, currentReplicas: number | null) =>
      sample(t, { readyReplicas, desiredReplicas: currentReplicas, currentReplicas });

    it("is not asked for without a scenario, nor for a scenario that does not end at the floor", () => {
      expect(checkEndsAtMin([last(180, 5, 5)], expectations())).to.equal(undefined);
      expect(checkEndsAtMin([last(180, 5, 5)], ending())).to.equal(undefined);
    });

    it("passes a last sample at the floor, counted by the HPA or, without its status, by the ready pods", () => {
      expect(checkEndsAtMin([last(170, 3, 3), last(180, 2, 2)], ending(2))).to.deep.equal({
        name: "ends-at-min",
        passed: true,
        message: "Ended at 2 replicas, the floor, at 180 s.",
      });
      expect(checkEndsAtMin([last(180, 2, null)], ending(2))).to.deep.include({ passed: true });
      expect(checkEndsAtMin([last(180, 3, null)], ending(2))?.message).to.equal(
        "Ended at 3 replicas at 180 s, where the envelope has the floor of 2 by then.",
      );
    });

    it("fails an HPA still at more than the floor, though only the floor is ready", () => {
      expect(checkEndsAtMin([last(180, 2, 3)], ending(2))).to.deep.equal({
        name: "ends-at-min",
        passed: false,
        message: "Ended at 3 replicas at 180 s, where the envelope has the floor of 2 by then.",
      });
    });

    it("fails more pods ready than the floor, though the HPA is down to it", () => {
      expect(checkEndsAtMin([last(180, 3, 2)], ending(2))?.message).to.equal(
        "Ended at 3 replicas at 180 s, where the envelope has the floor of 2 by then.",
      );
    });

    it("fails a run without a sample: the end was not seen", () => {
      expect(checkEndsAtMin([], ending(2))).to.deep.equal({
        name: "ends-at-min",
        passed: false,
        message: "No sample was taken, so the end at 2 replicas was not seen.",
      });
    });
  });

  describe("the window for N", () => {
    it("passes N first seen inside the window", () => {
      expect(checkWindow([ready(0, 2), ready(25, 4)], e())).to.deep.equal({
        name: "scale-up",
        passed: true,
        message: "Reached 4 ready replicas 25 s after load started, inside the envelope's window of 20 s–30 s.",
      });
    });

    it("fails N reached after the window, giving the sample that showed it", () => {
      expect(checkWindow([ready(0, 2), ready(33, 2), ready(38, 4)], e()).message).to.equal(
        "Reached 4 ready replicas only 38 s after load started, later than the envelope's window of 20 s–30 s.",
      );
    });

    it("gives a sample one interval of doubt: N shown at 36 s may have been there at 31 s", () => {
      expect(checkWindow([ready(0, 2), ready(31, 2), ready(36, 4)], e()).passed).to.equal(true);
    });

    it("bounds that doubt by the widest gap: N shown at 300 s after a sample at 31 s came after 285 s", () => {
      const gappy = { ...e(), maxSampleGapSeconds: 15 };
      expect(checkWindow([ready(0, 2), ready(31, 2), ready(300, 4)], gappy)).to.deep.include({ passed: false });
      expect(checkWindow([ready(0, 2), ready(20, 2), ready(40, 4)], gappy).message).to.equal(
        "Reached 4 ready replicas between 25 s and 40 s after load started, inside the envelope's window of 20 s–30 s.",
      );
    });

    it("gives N the measured resize time too: the ReplicaSet may say Ready that much later", () => {
      const series = [ready(0, 2), ready(33, 2), ready(38, 4)];
      expect(checkWindow(series, { ...e(), readyLagSeconds: 1 }).passed).to.equal(true);
      expect(checkWindow([ready(0, 2), ready(34, 2), ready(38, 4)], { ...e(), readyLagSeconds: 1 }).passed).to.equal(
        false,
      );
    });

    it("fails N reached before the window allows", () => {
      expect(checkWindow([ready(0, 2), ready(10, 4)], e()).message).to.equal(
        "Reached 4 ready replicas already 10 s after load started, earlier than the envelope's window of 20 s–30 s allows.",
      );
    });

    it("does not take N left over before load start for N reached", () => {
      expect(checkWindow([ready(-5, 4), ready(0, 2), ready(25, 4)], e())).to.deep.include({
        passed: true,
        message: "Reached 4 ready replicas 25 s after load started, inside the envelope's window of 20 s–30 s.",
      });
    });

    it("fails N already there at load start as earlier than the window", () => {
      expect(checkWindow([ready(0, 4), ready(10, 4)], e())).to.deep.equal({
        name: "scale-up",
        passed: false,
        message:
          "Reached 4 ready replicas already 0 s after load started, earlier than the envelope's window of 20 s–30 s allows.",
      });
    });

    it("fails N late or early as a failed scale-up check", () => {
      expect(checkWindow([ready(0, 2), ready(33, 2), ready(38, 4)], e())).to.deep.include({
        name: "scale-up",
        passed: false,
      });
      expect(checkWindow([ready(0, 2), ready(10, 4)], e())).to.deep.include({ name: "scale-up", passed: false });
    });

    it("allows the slack at both ends of the window, and no more", () => {
      // Latest 30 s + 2 s slack: N shown at 37 s, not there at 32 s, may have come at 32 s.
      expect(checkWindow([ready(0, 2), ready(32, 2), ready(37, 4)], e())).to.deep.equal({
        name: "scale-up",
        passed: true,
        message:
          "Reached 4 ready replicas between 32 s and 37 s after load started, inside the envelope's window of 20 s–30 s.",
      });
      // Earliest 20 s − 2 s slack: N at 18 s is inside, at 17 s too early.
      expect(checkWindow([ready(0, 2), ready(18, 4)], e()).passed).to.equal(true);
      expect(checkWindow([ready(0, 2), ready(17, 4)], e()).passed).to.equal(false);
    });

    it("fails N never seen when no sample came after load start", () => {
      expect(checkWindow([ready(-5, 2)], e())).to.deep.equal({
        name: "scale-up",
        passed: false,
        message: "Never reached 4 ready replicas in 0 s of observation; the envelope has them by 30 s.",
      });
    });

    it("fails N never reached, saying by when the envelope has it", () => {
      expect(checkWindow([ready(0, 2), ready(60, 3)], e()).message).to.equal(
        "Never reached 4 ready replicas in 60 s of observation; the envelope has them by 30 s.",
      );
    });
  });
});
