import { expect } from "chai";
import { DEFAULTS, type WorkloadConfig } from "../../components/config";
import type { EnvelopePoint } from "../../automation/hpa-model";
import { formatSyncs } from "../../automation/report";
import { checkEnvelope } from "../../automation/scale-test/envelope-check";
import { explainSyncs } from "../../automation/scale-test/syncs";
import type { Sample } from "../../automation/shared/results";
import { expectations, sample } from "../support/series";

/**
 * The frontend as declared: 2..8 replicas on CPU 60 % of 100m; scale-up Max of
 * Percent 100 and Pods 4 per 30 s; scale-down Min of Percent 50 and Pods 2 per
 * 60 s behind a 300 s window.
 */
const FRONTEND: WorkloadConfig = DEFAULTS.frontend;
const T0 = 5_000_000;

/** A status as the watch records it: [t, currentReplicas, desiredReplicas, CPU % or null, memory %?]. */
type Row = [number, number, number, number | null, number?];
const resource = (name: string, v: number) => ({
  type: "Resource",
  resource: { name, current: { averageUtilization: v } },
});
/** `limitedFrom`: from then on the status says a scale-up policy cut its answer, as a slowed HPA's does. */
function statuses(rows: Row[], limitedFrom = Infinity) {
  return rows.map(([t, current, desired, cpu, memory]) => ({
    atMs: T0 + t * 1000,
    status: {
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics: [
        ...(cpu === null ? [] : [resource("cpu", cpu)]),
        ...(memory === undefined ? [] : [resource("memory", memory)]),
      ],
      conditions: [
        { type: "AbleToScale", status: "True", reason: "ReadyForNewScale" },
        ...(t >= limitedFrom ? [{ type: "ScalingLimited", status: "True", reason: "ScaleUpLimit" }] : []),
      ],
    },
  }));
}

/** Samples: [t, ready, running, pending?]; desired as the last sync before set it (`desiredFrom`). */
const pods = (rows: Array<[number, number, number, number?]>, desiredFrom: Array<[number, number]> = []): Sample[] =>
  rows.map(([t, ready, running, pending]) =>
    sample(t, {
      readyReplicas: ready,
      desiredReplicas: desiredFrom.filter(([from]) => from <= t).pop()?.[1] ?? 2,
      podPhases: { Running: running, ...(pending ? { Pending: pending } : {}) },
    }),
  );

function replayed(
  rows: Row[],
  series: Sample[],
  workload: WorkloadConfig = FRONTEND,
  band?: EnvelopePoint[],
  limitedFrom?: number,
) {
  return explainSyncs({
    statuses: statuses(rows, limitedFrom),
    t0Ms: T0,
    band,
    slackSeconds: 1,
    series,
    replicas: { min: workload.autoscaling.minReplicas, max: workload.autoscaling.maxReplicas },
    replay: { declared: { workload }, podsWithinSeconds: 5, metricWindowSeconds: 15 },
  });
}

/** A healthy frontend run: 2 → 4 at 15 s, 4 → 5 at 45 s (recorded 2026-12-01). */
const HEALTHY_SERIES = pods([
  [0, 2, 2],
  [5, 2, 2],
  [10, 2, 2],
  [15, 2, 2],
  [20, 3, 4],
  [25, 4, 4],
  [30, 4, 4],
  [35, 4, 4],
  [40, 4, 4],
  [45, 4, 4],
  [50, 5, 5],
  [55, 5, 5],
  [60, 5, 5],
  [65, 5, 5],
  [70, 5, 5],
  [75, 5, 5],
]);
const HEALTHY: Row[] = [
  [0.2, 2, 2, 18],
  [15.3, 2, 4, 119],
  [30.3, 4, 4, 91],
  [45.3, 4, 5, 70],
  [60.3, 5, 5, 56],
  [75.4, 5, 5, 63],
];

/** A cluster whose scale-up ran at 1 pod per 60 s: 2 → 3 at 18 s, 3 → 4 at 78 s (recorded 2026-12-01). */
const SLOWED_SERIES = pods(
  [
    [0, 2, 2],
    [5, 2, 2],
    [10, 2, 2],
    [15, 2, 2],
    [20, 3, 3],
    [25, 3, 3],
    [30, 3, 3],
    [35, 3, 3],
    [40, 3, 3],
    [45, 3, 3],
    [50, 3, 3],
    [55, 3, 3],
    [60, 3, 3],
    [65, 3, 3],
    [70, 3, 3],
    [75, 3, 3],
  ],
  [[20, 3]],
);
const SLOWED: Row[] = [
  [3, 2, 2, 12],
  [18.1, 2, 3, 120],
  [33.1, 3, 3, 101],
  [48.1, 3, 3, 99],
  [63.2, 3, 3, 106],
  [78.2, 3, 4, 101],
];

/** 2 until 15 s; from 15 s up to 6 desired; from 30 s at least 4 desired. */
const BAND: EnvelopePoint[] = Array.from({ length: 91 }, (_, t) => ({
  t,
  minReady: 2,
  maxReady: t < 15 ? 2 : 6,
  minDesired: t < 30 ? 2 : 4,
  maxDesired: t < 15 ? 2 : 6,
}));

describe("the HPA's syncs beside the declared config's own decision", () => {
  it("asks for what a healthy cluster asked at every sync, counting pods Ready too recently at 0 % as upstream does", () => {
    const syncs = replayed(HEALTHY, HEALTHY_SERIES);
    // 18 % → 1, held at min 2; 119/60 × 2 → 4; at 30 s the 2 pods Ready at 20 s and 25 s have no CPU sample
    // that counts: 2 × 91 % over 4 pods = 45 %, a reversal, so 4; at 45 s they count: 70/60 × 4 → 5;
    // at 60 s 56 % and at 75 s 63 % are within the 10 % tolerance of 60 %.
    expect(syncs.map((x) => x.replay?.desired)).to.deep.equal([2, 4, 4, 5, 5, 5]);
    expect(syncs.every((x) => x.replay?.differs === undefined)).to.equal(true);
    expect(syncs[1].replay?.bound).to.equal("Pods 4 per 30 s allowed +4, up to 6");
    expect(syncs[2].replay?.bound).to.equal(
      "2 pods Ready for less than a 15 s metrics window counted at 0 %, against 7 with all counted at 91 %",
    );
    expect(syncs[5].replay?.bound).to.equal("within tolerance (cpu 63 % vs 60 %)");
  });

  it("names the declared policy where a slowed cluster asked for less, in the rows and the failure sentence", () => {
    // The cluster says from its first rescale on that a scale-up policy cut its answer (the live run's conditions).
    const syncs = replayed(SLOWED, SLOWED_SERIES, FRONTEND, BAND, 18);
    // 18 s: 120/60 × 2 → 4, Pods 4 allows 6; 33 s: the pod Ready at 20 s counts at 0 %: 2 × 101 % over 3
    // = 67 % → ceil(1.117 × 3) = 4; 48 s: 99/60 × 3 → 5; 63 s and 78 s: 106 and 101 % → 6 (Pods 4 from 3: 7).
    expect(syncs.map((x) => x.replay?.desired)).to.deep.equal([2, 4, 4, 5, 6, 6]);
    expect(syncs[1].replay?.differs).to.equal(
      "the HPA asked for 3; the declared config asks 4 from the same reading: Pods 4 per 30 s allowed +4, up to 6",
    );
    expect(formatSyncs(syncs).split("\n")).to.deep.equal([
      "HPA syncs: 6 seen, 3 outside what the declared config allows; at 5 the declared config's own answer differs:",
      "  t=3 s  desired 2 at CPU 12 %; the model allows 2; declared config would ask 2 (proposed 1; held at minReplicas 2)",
      "  t=18 s  desired 3 at CPU 120 % (limited by the scale-up policies); the model allows 2–6; declared config would ask 4 ≠ 3 (Pods 4 per 30 s allowed +4, up to 6)",
      "  t=33 s  desired 3 at CPU 101 % (limited by the scale-up policies); the model allows 4–6; declared config would ask 4 ≠ 3 (1 pod Ready for less than a 15 s metrics window counted at 0 %, against 6 with all counted at 101 %; Pods 4 per 30 s allowed +4, up to 6) ✗ asked for 3 replicas, below the 4–6 its declared config allows at 33 s",
      "  t=48 s  desired 3 at CPU 99 % (limited by the scale-up policies); the model allows 4–6; declared config would ask 5 ≠ 3 (Pods 4 per 30 s allowed +4, up to 7) ✗ asked for 3 replicas, below the 4–6 its declared config allows at 48 s",
      "  t=63 s  desired 3 at CPU 106 % (limited by the scale-up policies); the model allows 4–6; declared config would ask 6 ≠ 3 (Pods 4 per 30 s allowed +4, up to 7) ✗ asked for 3 replicas, below the 4–6 its declared config allows at 63 s",
      "  t=78 s  desired 4 at CPU 101 % (limited by the scale-up policies); the model allows 4–6; declared config would ask 6 ≠ 4 (Pods 4 per 30 s allowed +4, up to 7)",
    ]);
    const check = checkEnvelope(
      SLOWED_SERIES,
      expectations({ envelope: BAND, envelopeSlackSeconds: 0 }),
      "both",
      syncs,
    );
    expect(check.message).to.equal(
      "At 30 s the HPA asked for 3 replicas, below the envelope (4–6): it scaled later or slower than its declared config allows. " +
        "At 18 s the HPA asked for 3; a healthy HPA with the declared policies would have asked for 4 from the same reading: Pods 4 per 30 s allowed +4, up to 6.",
    );
    // Without the replay the sentence stands as before.
    expect(checkEnvelope(SLOWED_SERIES, expectations({ envelope: BAND, envelopeSlackSeconds: 0 })).message).to.equal(
      "At 30 s the HPA asked for 3 replicas, below the envelope (4–6): it scaled later or slower than its declared config allows.",
    );
  });

  it("holds a scale-down for the window, and says so where the cluster came down inside it", () => {
    const series = pods([
      [0, 5, 5],
      [15, 5, 5],
      [30, 5, 5],
      [300, 5, 5],
    ]);
    const rows: Row[] = [
      [0, 5, 5, 63],
      [15, 5, 3, 0],
      [30, 3, 3, 0],
      [300.5, 3, 2, 0],
    ];
    const syncs = replayed(rows, series);
    // 63 % is within tolerance: 5. At 15 s 0 % proposes 0, but the 300 s window holds the 5 of 0 s.
    expect(syncs[1].replay).to.deep.include({ desired: 5, proposed: 0, stabilized: 5 });
    expect(syncs[1].replay?.differs).to.equal(
      "the HPA asked for 3; the declared config asks 5 from the same reading: scale-down window 300 s kept 5 from 0 s",
    );
    // At 30 s from the cluster's 3 the window's 5 is above the current count: hold at 3.
    expect(syncs[2].replay).to.deep.include({ desired: 3, stabilized: 3 });
    // At 300.5 s the 5 of 0 s has left the window; 0 is clamped to minReplicas 2 (Min of Percent 50 and Pods 2 per 60 s: both allow 1).
    expect(syncs[3].replay).to.deep.include({
      desired: 2,
      bound: "Percent 50 % per 60 s allowed −2, down to 1; held at minReplicas 2",
    });
  });

  it("clamps at maxReplicas, and counts pods not ready and Pending at 0 % on a scale-up", () => {
    const [high] = replayed([[0, 6, 8, 120]], pods([[0, 6, 6]]));
    // 120/60 × 6 = 12; Percent 100 allows 12, maxReplicas 8.
    expect(high.replay).to.deep.include({ desired: 8, proposed: 12 });
    expect(high.replay?.bound).to.equal("Percent 100 % per 30 s allowed +6, up to 12; held at maxReplicas 8");
    const [held] = replayed([[0, 3, 3, 180]], pods([[0, 1, 2, 1]]));
    // 1 Ready at 180 %, 1 not ready and 1 Pending at 0 %: 60 % over 3, within tolerance: 3. All 3 at 180 %: 9.
    expect(held.replay).to.deep.include({ desired: 3, caveats: [] });
    expect(held.replay?.bound).to.equal(
      "1 pod Pending and 1 pod not ready counted at 0 %, against 9 with all counted at 180 %",
    );
  });

  it("says where the replay cannot be exact rather than guessing", () => {
    const syncs = replayed(
      [
        [0, 2, 2, null, 40],
        [15, 2, 4, 120],
      ],
      pods([[0, 2, 2]]),
    );
    expect(syncs[0].replay).to.deep.include({ desired: null });
    expect(syncs[1].replay?.caveats).to.deep.equal(["no sample showed the pods' readiness then: all 2 counted ready"]);
    expect(formatSyncs(syncs).split("\n").slice(1)).to.deep.equal([
      "  t=0 s  desired 2; the model allows 2–8; declared config not replayed (the status reported no cpu utilization, so the replay cannot read what the cluster read)",
      "  t=15 s  desired 4 at CPU 120 %; the model allows 2–8; declared config would ask 4 (Pods 4 per 30 s allowed +4, up to 6) [no sample showed the pods' readiness then: all 2 counted ready]",
    ]);
  });
});
