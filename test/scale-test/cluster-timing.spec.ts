import { expect } from "chai";
import {
  measuredTiming,
  newTimingLog,
  noteHpaEvent,
  noteSamples,
  phaseOf,
  podReadySeconds,
  resizeSeconds,
} from "../../automation/scale-test/cluster-timing";

const T0 = Date.parse("2026-11-28T12:00:00Z");
const at = (seconds: number) => T0 + seconds * 1000;

describe("cluster timing", () => {
  it("finds the phase of periodic events after load start", () => {
    expect(phaseOf([at(3.2), at(18.1), at(33.3)], T0, 15)).to.be.closeTo(3.2, 1e-9);
    expect(phaseOf([at(-11.8)], T0, 15)).to.be.closeTo(3.2, 1e-9); // before load start too
    expect(phaseOf([], T0, 15)).to.equal(undefined);
  });

  it("does not split events that straddle the period's end", () => {
    // 14.8, 15.2 (= 0.2) and 44.9 (= 14.9): around 14.9, not around 10 (their plain mean).
    expect(phaseOf([at(14.8), at(15.2), at(44.9)], T0, 15)).to.be.closeTo(14.9, 1e-9);
  });

  it("times a sample's lag only on its first sighting, and only from one-second polls", () => {
    const log = newTimingLog();
    const sample = (stamp: number) => ({ pod: "a", millicores: 1, timestampMs: at(stamp), windowSeconds: 15 });
    noteSamples(log, [sample(0)], at(0.9), false);
    noteSamples(log, [sample(0), sample(15)], at(16.2), true);
    noteSamples(log, [sample(15)], at(17.2), true);
    expect([...log.stamps]).to.deep.equal([at(0), at(15)]);
    expect(log.lags.map((l) => Math.round(l * 10) / 10)).to.deep.equal([1.2]);
  });

  it("takes new pods' start-to-Ready from their creation and Ready condition", () => {
    const pod = (created: string, ready?: string) => ({
      metadata: { creationTimestamp: created },
      status: { conditions: ready ? [{ type: "Ready", status: "True", lastTransitionTime: ready }] : [] },
    });
    const seconds = podReadySeconds(
      [
        pod("2026-11-28T11:59:00Z", "2026-11-28T11:59:03Z"), // before the run: not a new pod
        pod("2026-11-28T12:00:20Z", "2026-11-28T12:00:22Z"),
        pod("2026-11-28T12:00:21Z", "2026-11-28T12:00:26Z"),
        pod("2026-11-28T12:00:40Z"), // not Ready yet
      ],
      T0,
    );
    expect(seconds).to.deep.equal([2, 5]);
  });

  it("leaves out a pod the samples saw Ready before its Ready condition's last transition: it flapped", () => {
    const pod = (name: string, created: string, ready: string) => ({
      metadata: { name, creationTimestamp: created },
      status: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: ready }] },
    });
    const pods = [
      pod("steady", "2026-11-28T12:00:20Z", "2026-11-28T12:00:22Z"),
      // Ready at 26 s, seen so at 30 s, unready under load at 180 s and Ready again at 250 s.
      pod("flapped", "2026-11-28T12:00:21Z", "2026-11-28T12:04:10Z"),
    ];
    const seen = new Map([
      ["steady", at(22.4)],
      ["flapped", at(30)],
    ]);
    expect(podReadySeconds(pods, T0, seen)).to.deep.equal([2]);
    // Without the samples' sightings the flap reads as a 229 s start.
    expect(podReadySeconds(pods, T0)).to.deep.equal([2, 229]);
  });

  it("measures what it has data for and leaves the rest to the envelope's defaults", () => {
    const log = newTimingLog();
    log.stamps.add(at(4)).add(at(19));
    log.lags.push(0.7, 1.3, -0.2, 90);
    log.hpaSyncs.push(at(10), at(25));
    const measured = measuredTiming(log, {
      t0Ms: T0,
      resolutionSeconds: 15,
      syncPeriodSeconds: 15,
      readySeconds: [3, 1],
    });
    expect(measured).to.deep.equal({
      scrapePhaseSeconds: 4,
      syncPhaseSeconds: 10,
      metricLagSeconds: { min: 0.7, max: 1.3 },
      podReadySeconds: { min: 1, max: 3 },
    });
    expect(
      measuredTiming(newTimingLog(), { t0Ms: T0, resolutionSeconds: 15, syncPeriodSeconds: 15, readySeconds: [] }),
    ).to.deep.equal({ scrapePhaseSeconds: undefined, syncPhaseSeconds: undefined });
  });

  describe("resizes", () => {
    const status = (atS: number, currentReplicas: number, desiredReplicas: number) => ({
      atMs: at(atS),
      status: { currentReplicas, desiredReplicas },
    });
    const reads = (...pairs: Array<[number, number]>) => pairs.map(([s, replicas]) => ({ atMs: at(s), replicas }));

    it("times each rescale to the first read showing its pods, up or down, and skips syncs that kept the count", () => {
      const log = {
        hpaStatuses: [status(10, 2, 2), status(20, 2, 200), status(60, 200, 18)],
        replicaReads: reads([19, 2], [21, 30], [29, 200], [30, 200], [61, 200], [70.5, 18]),
      };
      expect(resizeSeconds(log)).to.deep.equal([9, 10.5]);
    });

    it("leaves out a resize the next one overtook, and one never seen done", () => {
      const log = {
        hpaStatuses: [status(10, 2, 8), status(25, 8, 12), status(40, 12, 16)],
        replicaReads: reads([11, 5], [24, 7], [26, 8], [30, 12], [45, 15]),
      };
      // 2→8: 8 first seen at 26 s, after 8→12 began at 25 s; 8→12 done at 30 s; 12→16 never.
      expect(resizeSeconds(log)).to.deep.equal([5]);
    });

    it("says the longest resize in the measured timing, and nothing without one", () => {
      const log = newTimingLog();
      log.hpaStatuses.push(status(20, 2, 6), status(35, 6, 4));
      log.replicaReads.push(...reads([21, 6], [38, 4]));
      const args = { t0Ms: T0, resolutionSeconds: 15, syncPeriodSeconds: 15, readySeconds: [] };
      expect(measuredTiming(log, args).resizeSeconds).to.deep.equal({ count: 2, max: 3 });
      expect(measuredTiming(newTimingLog(), args)).not.to.have.property("resizeSeconds");
    });
  });

  describe("the HPA's watch", () => {
    const hpa = (maxReplicas: number, desired: number) => ({
      spec: { minReplicas: 2, maxReplicas },
      status: { desiredReplicas: desired, currentReplicas: 2 },
    });

    // A real HPA carries neither metadata.generation nor status.observedGeneration: spec and status tell it all.
    it("times syncs by status changes, and a spec change from the change to the first status after it", () => {
      const log = newTimingLog();
      let seen = noteHpaEvent(log, undefined, hpa(10, 2), 0);
      seen = noteHpaEvent(log, seen, hpa(10, 3), 15_000);
      seen = noteHpaEvent(log, seen, hpa(20, 3), 20_000); // pulumi up: the spec alone
      seen = noteHpaEvent(log, seen, hpa(20, 3), 25_000); // a resync that changed nothing
      seen = noteHpaEvent(log, seen, hpa(20, 5), 30_000); // the sync that read it
      noteHpaEvent(log, seen, hpa(20, 6), 45_000);
      expect(log.hpaSyncs).to.deep.equal([15_000, 30_000, 45_000]);
      expect(log.hpaStatuses.map((s) => s.status.desiredReplicas)).to.deep.equal([3, 5, 6]);
      expect(log.specChanges).to.deep.equal([{ atMs: 20_000, observedAtMs: 30_000 }]);
    });

    it("leaves a spec change no sync has followed unread, and counts the first event only as a start", () => {
      const log = newTimingLog();
      const seen = noteHpaEvent(log, undefined, hpa(10, 4), 0);
      noteHpaEvent(log, seen, hpa(12, 4), 5_000);
      expect(log.hpaSyncs).to.deep.equal([]);
      expect(log.specChanges).to.deep.equal([{ atMs: 5_000 }]);
    });
  });
});
