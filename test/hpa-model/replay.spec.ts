import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { replaySyncs, type SyncReading } from "../../automation/hpa-model";
import type { ModelWorkload } from "../../automation/hpa-model";
import { DEFAULT_MODEL_OPTIONS } from "../../automation/hpa-model/options";

/** The project's default policies: up Max of 100 % and 4 pods per 30 s; down Min of 50 % and 2 pods per 60 s, 300 s window. */
const { scaleUp: UP, scaleDown: DOWN } = DEFAULTS.frontend.autoscaling;
/** The frontend: 2..8 replicas on CPU 60 % of a 100m request. */
const FRONTEND: ModelWorkload = {
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
  autoscaling: { minReplicas: 2, maxReplicas: 8, cpuUtilization: 60, scaleUp: UP, scaleDown: DOWN },
};

/** [t, currentReplicas, the cluster's desired, CPU %], every pod Ready. */
function readings(rows: Array<[number, number, number, number]>): SyncReading[] {
  return rows.map(([t, current, desired, cpu]) => ({
    t,
    currentReplicas: current,
    clusterDesired: desired,
    utilization: { cpu },
    pods: { ready: current, pending: 0, unready: 0 },
  }));
}

describe("hpa-model: replaying a cluster's syncs", () => {
  it("asks for what the cluster asked when the cluster followed the declared policies", () => {
    const r = replaySyncs({
      workload: FRONTEND,
      readings: readings([
        // 18 / 60 = 0.3 → ceil(0.6) = 1, below minReplicas; the first sync's recorded 2 holds it.
        [0, 2, 2, 18],
        // 119 / 60 = 1.98 → ceil(3.97) = 4; Pods 4 allows 2 + 4 = 6.
        [15, 2, 4, 119],
        // 91 / 60 = 1.52 → ceil(6.07) = 7; the rescale 2 → 4 at 15 s leaves period start 2: Pods allows 6.
        [30, 4, 6, 91],
      ]),
    });
    expect(r.map((x) => x.desired)).to.deep.equal([2, 4, 6]);
    expect(r[0].bound).to.equal("held at minReplicas 2");
    expect(r[1]).to.deep.include({ proposed: 4, stabilized: 4, bound: "Pods 4 per 30 s allowed +4, up to 6" });
    expect(r[2]).to.deep.include({ proposed: 7, stabilized: 7, bound: "Pods 4 per 30 s allowed +4, up to 6" });
  });

  it("explains a cluster that asked for less when a pod Ready for less than two metrics windows had no sample yet", () => {
    const reading = (readyForSeconds: number[], clusterDesired: number): SyncReading => ({
      t: 60,
      currentReplicas: 5,
      clusterDesired,
      utilization: { cpu: 90 },
      pods: { ready: 5, pending: 0, unready: 0, readyForSeconds },
    });
    // All 5 at 90.5 %: ceil(5 × 90.5 / 60) = 8. The pod Ready 20 s without a sample: 4 × 90.5 over 5 pods is 72 %
    // (whole percents, as upstream), 72 / 60 = 1.2, ceil(5 × 1.2) = 6, the cluster's count.
    const [fresh] = replaySyncs({ workload: FRONTEND, readings: [reading([20], 6)], metricWindowSeconds: 15 });
    expect(fresh.desired).to.equal(8);
    expect(fresh.explained).to.equal(true);
    expect(fresh.caveats).to.deep.equal([
      "6, as the cluster asked, if the pod Ready for less than two 15 s metrics windows had no sample yet (a pod without one counts at 0 % on a scale-up)",
    ]);
    // A pod Ready for two windows has its sample: nothing explains a 6 then.
    const [old] = replaySyncs({ workload: FRONTEND, readings: [reading([40], 6)], metricWindowSeconds: 15 });
    expect(old).to.deep.include({ desired: 8, caveats: [] });
    expect(old.explained).to.equal(undefined);
    // Nor a count the missing sample does not give, nor one the cluster says a limit cut.
    const [other] = replaySyncs({ workload: FRONTEND, readings: [reading([20], 7)], metricWindowSeconds: 15 });
    expect(other.explained).to.equal(undefined);
    const limited = { ...reading([20], 6), clusterLimited: true };
    expect(replaySyncs({ workload: FRONTEND, readings: [limited], metricWindowSeconds: 15 })[0].explained).to.equal(
      undefined,
    );
  });

  it("goes on from the cluster's rescales, not its own, so a slowed cluster's next sync may ask for more", () => {
    const [, first, second] = replaySyncs({
      workload: FRONTEND,
      readings: readings([
        [3, 2, 2, 12],
        // 120 / 60 = 2 → 4; the cluster went to 3 only.
        [18, 2, 3, 120],
        // 101 / 60 = 1.683 → ceil(5.05) = 6; +1 at 18 s within 30 s: period start 3 − 1 = 2, Pods allows 6.
        [33, 3, 3, 101],
      ]),
    });
    expect(first.desired).to.equal(4);
    expect(second).to.deep.include({ desired: 6, bound: "Pods 4 per 30 s allowed +4, up to 6" });
  });

  it("holds a scale-down by the window's highest recommendation, then steps down by the strictest policy", () => {
    const r = replaySyncs({
      workload: FRONTEND,
      readings: readings([
        // 63 / 60 = 1.05: within tolerance, 5.
        [0, 5, 5, 63],
        // 0 % proposes 0; the window still holds 5 from 0 s.
        [15, 5, 5, 0],
        // 300 s on, 0 s has left the window: 0, then Min of Percent 50 (trunc 2.5 = 2) and Pods 2 (3) keeps 3.
        [300, 5, 3, 0],
      ]),
    });
    expect(r[0]).to.deep.include({ desired: 5, bound: "within tolerance (cpu 63 % vs 60 %)" });
    expect(r[1]).to.deep.include({ desired: 5, proposed: 0, stabilized: 5 });
    expect(r[1].bound).to.equal("scale-down window 300 s kept 5 from 0 s");
    expect(r[2]).to.deep.include({ desired: 3, proposed: 0, stabilized: 0 });
    expect(r[2].bound).to.equal("Pods 2 per 60 s allowed −2, down to 3");
  });

  it("clamps at maxReplicas, and raises a count below minReplicas before reading metrics", () => {
    const [high, low] = replaySyncs({
      workload: FRONTEND,
      readings: readings([
        // 120 / 60 = 2 → 12; Percent 100 allows 12, maxReplicas 8.
        [0, 6, 8, 120],
        [15, 1, 2, 0],
      ]),
    });
    expect(high).to.deep.include({ desired: 8, proposed: 12 });
    expect(high.bound).to.equal("Percent 100 % per 30 s allowed +6, up to 12; held at maxReplicas 8");
    expect(low).to.deep.include({ desired: 2, proposed: null, bound: "below minReplicas: to 2" });
  });

  it("counts pods Pending or not ready at 0 % on a scale-up, as upstream does", () => {
    const [held, up] = replaySyncs({
      workload: FRONTEND,
      readings: [
        {
          t: 0,
          currentReplicas: 3,
          clusterDesired: 3,
          utilization: { cpu: 180 },
          pods: { ready: 1, pending: 1, unready: 1 },
        },
        {
          t: 15,
          currentReplicas: 3,
          clusterDesired: 6,
          utilization: { cpu: 180 },
          pods: { ready: 2, pending: 0, unready: 1 },
        },
      ],
    });
    // 1 Ready at 180 % → ratio 3; the 2 others at 0 %: 60 % over 3 → ratio 1, within tolerance: 3. All 3 at 180 %: 9.
    expect(held).to.deep.include({ desired: 3, proposed: 3, caveats: [] });
    expect(held.bound).to.equal(
      "1 pod Pending and 1 pod not ready counted at 0 %, against 9 with all counted at 180 %",
    );
    // 2 Ready at 180 %, 1 at 0 %: 120 % over 3 → ratio 2 → 6. All 3: 9. Pods 4 allows 3 + 4 = 7.
    expect(up).to.deep.include({ desired: 6, proposed: 6 });
    expect(up.bound).to.equal(
      "1 pod not ready counted at 0 %, against 9 with all counted at 180 %; Pods 4 per 30 s allowed +4, up to 7",
    );
  });

  it("says so where the reading cannot be replayed exactly", () => {
    const [noMetric, unknown] = replaySyncs({
      workload: FRONTEND,
      readings: [
        { t: 0, currentReplicas: 2, clusterDesired: 2, utilization: {}, pods: { ready: 2, pending: 0, unready: 0 } },
        { t: 15, currentReplicas: 2, clusterDesired: 4, utilization: { cpu: 120 } },
      ],
    });
    expect(noMetric).to.deep.equal({
      desired: null,
      proposed: null,
      stabilized: null,
      bound: "",
      caveats: ["the status reported no cpu utilization, so the replay cannot read what the cluster read"],
    });
    expect(unknown.desired).to.equal(4);
    expect(unknown.caveats).to.deep.equal(["no sample showed the pods' readiness then: all 2 counted ready"]);
  });
});

describe("hpa-model: replaying readings at the edges", () => {
  const one = (r: Partial<SyncReading>, extra: Partial<Parameters<typeof replaySyncs>[0]> = {}) =>
    replaySyncs({
      workload: FRONTEND,
      readings: [{ t: 0, currentReplicas: 2, clusterDesired: 2, utilization: {}, ...r }],
      ...extra,
    })[0];

  it("cannot replay a status without currentReplicas, but replays a count outside the bounds or at zero without metrics", () => {
    expect(one({ currentReplicas: null, utilization: { cpu: 50 } })).to.deep.equal({
      desired: null,
      proposed: null,
      stabilized: null,
      bound: "",
      caveats: ["the status carried no currentReplicas, so there is nothing to replay from"],
    });
    // The controller clamps before it reads a metric, so none is needed there.
    expect(one({ currentReplicas: 1 })).to.deep.include({ desired: 2, bound: "below minReplicas: to 2" });
    expect(one({ currentReplicas: 9 })).to.deep.include({ desired: 8, bound: "above maxReplicas: to 8" });
    expect(one({ currentReplicas: 0, clusterDesired: 0 })).to.deep.include({
      desired: 0,
      bound: "no scale: scaling is disabled since the replica count of the target is zero",
    });
  });

  it("replays each sync with the spec in force then", () => {
    const r = replaySyncs({
      workload: FRONTEND,
      changes: [{ atSeconds: 10, autoscaling: { ...FRONTEND.autoscaling, maxReplicas: 4 } }],
      readings: readings([
        [0, 2, 2, 60],
        // 200 / 60 → ceil(2 × 3.35) = 7; Pods 4 allows 6; the ceiling from 10 s is 4.
        [15, 2, 4, 200],
      ]),
    });
    expect(r.map((x) => x.desired)).to.deep.equal([2, 4]);
    expect(r[1].bound).to.equal("Pods 4 per 30 s allowed +4, up to 6; held at maxReplicas 4");
  });

  it("reads a change from its own second on, and not before", () => {
    const r = replaySyncs({
      workload: FRONTEND,
      changes: [{ atSeconds: 15, autoscaling: { ...FRONTEND.autoscaling, maxReplicas: 4 } }],
      readings: readings([
        [0, 6, 6, 60],
        [15, 6, 4, 60],
      ]),
    });
    expect(r.map((x) => x.bound)).to.deep.equal(["within tolerance (cpu 60 % vs 60 %)", "above maxReplicas: to 4"]);
  });

  it("explains the cluster's count by pods Ready for less than two metrics windows, and only those", () => {
    const explained = (readyForSeconds: number[], clusterDesired: number) =>
      replaySyncs({
        workload: FRONTEND,
        readings: [
          {
            t: 60,
            currentReplicas: 5,
            clusterDesired,
            utilization: { cpu: 90 },
            pods: { ready: 5, pending: 0, unready: 0, readyForSeconds },
          },
        ],
        metricWindowSeconds: 15,
      })[0].caveats;
    expect(explained([20, 25], 5)).to.deep.equal([
      "5, as the cluster asked, if the 2 pods Ready for less than two 15 s metrics windows had no sample yet (a pod without one counts at 0 % on a scale-up)",
    ]);
    expect(explained([29], 6)).to.have.length(1);
    expect(explained([30], 6)).to.deep.equal([]);
  });
});

describe("hpa-model: the words for what shaped a replayed sync", () => {
  /** The frontend with its autoscaling changed by `a`. */
  const workload = (a: Partial<ModelWorkload["autoscaling"]>): ModelWorkload => ({
    ...FRONTEND,
    autoscaling: { ...FRONTEND.autoscaling, ...a },
  });
  const bounds = (w: ModelWorkload, rows: Array<[number, number, number, number]>) =>
    replaySyncs({ workload: w, readings: readings(rows) }).map((x) => x.bound);
  const reading = (pods: NonNullable<SyncReading["pods"]>): SyncReading => ({
    t: 60,
    currentReplicas: 5,
    clusterDesired: 5,
    utilization: { cpu: 90 },
    pods,
  });
  const bound = (r: SyncReading, w = FRONTEND) =>
    replaySyncs({ workload: w, readings: [r], metricWindowSeconds: 15 })[0].bound;

  it("names a direction disabled by selectPolicy", () => {
    expect(bounds(workload({ scaleUp: { ...UP, selectPolicy: "Disabled" } }), [[0, 2, 2, 120]])).to.deep.equal([
      "scale-up disabled (selectPolicy Disabled)",
    ]);
    const down = { ...DOWN, selectPolicy: "Disabled" as const, stabilizationWindowSeconds: 0 };
    expect(bounds(workload({ scaleDown: down }), [[0, 5, 5, 10]])).to.deep.equal([
      "scale-down disabled (selectPolicy Disabled)",
    ]);
  });

  it("names the policy selectPolicy picks: the least on a Min scale-up, the most on a Max scale-down", () => {
    // 150 / 60 → ceil(5) = 5; Percent 100 allows 4, Pods 4 allows 6: Min keeps Percent.
    expect(bounds(workload({ scaleUp: { ...UP, selectPolicy: "Min" } }), [[0, 2, 2, 150]])).to.deep.equal([
      "Percent 100 % per 30 s allowed +2, up to 4",
    ]);
    // 10 / 60 → 1; Percent 50 leaves 3, Pods 2 leaves 4: Max removes more.
    const down = { ...DOWN, selectPolicy: "Max" as const, stabilizationWindowSeconds: 0 };
    expect(bounds(workload({ scaleDown: down }), [[0, 6, 6, 10]])).to.deep.equal([
      "Percent 50 % per 60 s allowed −3, down to 3",
    ]);
  });

  it("names a scale-up window and the recommendation it kept, or the current count when it kept that", () => {
    const up = workload({ scaleUp: { ...UP, stabilizationWindowSeconds: 60 } });
    expect(
      bounds(up, [
        [0, 2, 2, 50],
        [15, 2, 2, 150],
      ]),
    ).to.deep.equal(["", "scale-up window 60 s kept 2 from 0 s"]);
    expect(bounds(FRONTEND, [[0, 5, 5, 10]])).to.deep.equal(["scale-down window 300 s kept 5 (the current count)"]);
  });

  it("names the old rule without behavior, minReplicas, and the tolerance on both sides up to its edge", () => {
    const bare = workload({ scaleUp: undefined, scaleDown: undefined });
    expect(bounds(bare, [[0, 2, 2, 300]])).to.deep.equal(["at most double (or 4) per sync without behavior, up to 4"]);
    expect(bounds(FRONTEND, [[0, 2, 2, 10]])).to.deep.equal(["held at minReplicas 2"]);
    // 66 / 60 = 1.1 and 54 / 60 = 0.9: both at the tolerance's edge, inside it.
    expect(
      bounds(FRONTEND, [
        [0, 4, 4, 66],
        [15, 4, 4, 54],
        [30, 4, 4, 67],
      ]),
    ).to.deep.equal([
      "within tolerance (cpu 66 % vs 60 %)",
      "within tolerance (cpu 54 % vs 60 %)",
      "Percent 100 % per 30 s allowed +4, up to 8",
    ]);
  });

  it("counts at 0 % only the pods the controller distrusts: not ready, or Ready for less than the sample's window", () => {
    // At 90 % all 5 ask ceil(5 × 90.5 / 60) = 8.
    expect(bound(reading({ ready: 5, pending: 0, unready: 0, readyForSeconds: [10, 5] }))).to.equal(
      "2 pods Ready for less than a 15 s metrics window counted at 0 %, against 8 with all counted at 90 %",
    );
    expect(bound(reading({ ready: 4, pending: 0, unready: 1, readyForSeconds: [20, 10] }))).to.equal(
      "1 pod not ready and 1 pod Ready for less than a 15 s metrics window counted at 0 %, against 8 with all counted at 90 %",
    );
    // Ready 20 s: the 15 s window lies after it, so its sample counts and nothing held the count.
    expect(bound(reading({ ready: 5, pending: 0, unready: 0, readyForSeconds: [20] }))).to.equal(
      "Percent 100 % per 30 s allowed +5, up to 10",
    );
    // Memory counts every pod's sample, ready or not.
    const memory = workload({ cpuUtilization: undefined, memoryUtilization: 60 });
    const onMemory = {
      ...reading({ ready: 3, pending: 0, unready: 1 }),
      currentReplicas: 4,
      utilization: { memory: 120 },
    };
    expect(bound(onMemory, memory)).to.equal("Percent 100 % per 30 s allowed +4, up to 8");
    // But a Pending pod has no sample on any metric: 3 × 120 % over 4 is 90 %, ceil(4 × 1.5) = 6 against 8.
    const pendingOnMemory = { ...onMemory, pods: { ready: 3, pending: 1, unready: 0 } };
    expect(bound(pendingOnMemory, memory)).to.equal(
      "1 pod Pending counted at 0 %, against 8 with all counted at 120 %; Percent 100 % per 30 s allowed +4, up to 8",
    );
    // All three kinds at once, named in turn.
    expect(bound(reading({ ready: 3, pending: 1, unready: 1, readyForSeconds: [10] }))).to.equal(
      "1 pod Pending, 1 pod not ready and 1 pod Ready for less than a 15 s metrics window counted at 0 %, against 8 with all counted at 90 %",
    );
  });
});

describe("hpa-model: replaying what the controller would have seen of the pods", () => {
  const workload = (a: Partial<ModelWorkload["autoscaling"]>): ModelWorkload => ({
    ...FRONTEND,
    autoscaling: { ...FRONTEND.autoscaling, ...a },
  });
  const one = (r: SyncReading, w = FRONTEND, options = DEFAULT_MODEL_OPTIONS) =>
    replaySyncs({ workload: w, readings: [r], options, metricWindowSeconds: 15 })[0];
  const at = (current: number, utilization: SyncReading["utilization"], pods?: SyncReading["pods"]): SyncReading => ({
    t: 0,
    currentReplicas: current,
    clusterDesired: current,
    utilization,
    pods,
  });

  it("reads each metric's utilization against its own request, so memory drives a scale-up CPU does not ask for", () => {
    // cpu 30 / 60 = 0.5 → ceil(2 × 0.5) = 1; memory 120 / 60 = 2 → 2 × 2 = 4 (of a 128Mi request, not the 100m one).
    const r = one(
      at(2, { cpu: 30, memory: 120 }, { ready: 2, pending: 0, unready: 0 }),
      workload({ memoryUtilization: 60 }),
    );
    expect(r).to.deep.include({ desired: 4, proposed: 4 });
  });

  it("cannot replay a count at maxReplicas without its metric, and names every metric the status lacked", () => {
    // Only a count outside the bounds is clamped before the metrics are read; maxReplicas itself is inside.
    expect(one(at(8, {})).caveats).to.deep.equal([
      "the status reported no cpu utilization, so the replay cannot read what the cluster read",
    ]);
    expect(one(at(2, {}), workload({ memoryUtilization: 60 })).caveats).to.deep.equal([
      "the status reported no cpu or memory utilization, so the replay cannot read what the cluster read",
    ]);
  });

  it("replays a target scaled to zero under minReplicas 0 without metrics: there are no pods to read", () => {
    // minReplicas 0 (HPAScaleToZero) leaves the controller on at 0; the calculator finds no pods.
    expect(one(at(0, {}), workload({ minReplicas: 0 }))).to.deep.include({
      desired: 0,
      bound: "no scale: cpu: no pods returned by selector",
    });
  });

  it("reads no sample from Pending pods: none when every pod is Pending, and none counted on a scale-down", () => {
    expect(one(at(2, { cpu: 90 }, { ready: 0, pending: 2, unready: 0 })).bound).to.equal(
      "no scale: cpu: no metrics returned from resource metrics API",
    );
    // 3 Ready at 30 %: 30 / 60 = 0.5 → ceil(3 × 0.5) = 2; a Pending pod is left out of a scale-down (a Running pod
    // without a sample would count at 100 % there: 3 × 30 + 100 over 4 is 47 %, ceil(4 × 0.78) = 4, no change).
    const down = workload({ scaleDown: { ...DOWN, stabilizationWindowSeconds: 0 } });
    expect(one(at(4, { cpu: 30 }, { ready: 3, pending: 1, unready: 0 }), down).desired).to.equal(2);
  });

  it("counts no more Ready pods than the reading's ready count when the sample lists more Ready times", () => {
    // The status's 3 pods, though the sample saw 4 turn Ready: 90 / 60 = 1.5 → ceil(3 × 1.5) = 5.
    const r = one({
      ...at(3, { cpu: 90 }),
      t: 60,
      pods: { ready: 3, pending: 0, unready: 0, readyForSeconds: [20, 25, 40, 50] },
    });
    expect(r.desired).to.equal(5);
  });

  it("trusts every sample as groupPods does when the CPU initialization period and the readiness delay are 0", () => {
    const off = { ...DEFAULT_MODEL_OPTIONS, cpuInitializationPeriodSeconds: 0, initialReadinessDelaySeconds: 0 };
    // Pods Ready since before the run are past a 0 s period: 90 / 60 = 1.5 → ceil(4 × 1.5) = 6.
    expect(one(at(4, { cpu: 90 }, { ready: 4, pending: 0, unready: 0 }), FRONTEND, off).desired).to.equal(6);
    // A pod that turned not ready after its start is distrusted only within the delay (0 s): both samples count,
    // ceil(2 × 1.5) = 3, and no pod counts at 0 %.
    expect(one(at(2, { cpu: 90 }, { ready: 0, pending: 0, unready: 2 }), FRONTEND, off)).to.deep.include({
      desired: 3,
      bound: "Pods 4 per 30 s allowed +4, up to 6",
    });
  });
});

describe("hpa-model: what explains a cluster's other count", () => {
  const reading = (readyForSeconds: number[] | undefined, clusterDesired: number, cpu = 90): SyncReading => ({
    t: 60,
    currentReplicas: 5,
    clusterDesired,
    utilization: { cpu },
    pods: { ready: 5, pending: 0, unready: 0, readyForSeconds },
  });
  const one = (r: SyncReading, extra: Partial<Parameters<typeof replaySyncs>[0]> = {}) =>
    replaySyncs({ workload: FRONTEND, readings: [r], metricWindowSeconds: 15, ...extra })[0];

  it("takes out the sample of the pods Ready for less than two windows only, not of one Ready for exactly two", () => {
    // Without the 20 s pod's sample: 4 × 90.5 over 5 is 72 %, ceil(5 × 1.2) = 6. The 30 s pod keeps its own.
    expect(one(reading([20, 30], 6)).caveats).to.deep.equal([
      "6, as the cluster asked, if the pod Ready for less than two 15 s metrics windows had no sample yet (a pod without one counts at 0 % on a scale-up)",
    ]);
  });

  it("adds nothing where the replay already asks what the cluster asked", () => {
    // 60 / 60: within tolerance, 5, as the cluster; without the 20 s pod's sample it would be 5 too.
    const r = one(reading([20], 5, 60));
    expect(r).to.deep.include({ desired: 5, caveats: [] });
    expect(r.explained).to.equal(undefined);
  });

  it("looks for no missing sample when no pod turned Ready during the run, even with a short CPU initialization period", () => {
    // cpu-initialization-period 20 s: the pods from before the run are placed 21 s Ready, inside two 15 s windows;
    // but they were Ready all along, so the cluster's 5 against the replay's 8 stays unexplained.
    const options = { ...DEFAULT_MODEL_OPTIONS, cpuInitializationPeriodSeconds: 20 };
    const r = one(reading(undefined, 5), { options });
    expect(r).to.deep.include({ desired: 8, caveats: [] });
    expect(r.explained).to.equal(undefined);
  });

  it("keeps the samples of pods Ready since before the run when the CPU initialization period is shorter than two windows", () => {
    // cpu-initialization-period 20 s: the 4 pods from before the run are placed at its end (21 s Ready), inside two
    // 15 s windows, but they have had samples all along; only the 20 s pod's is missing, as in the case above.
    const options = { ...DEFAULT_MODEL_OPTIONS, cpuInitializationPeriodSeconds: 20 };
    expect(one(reading([20], 6), { options }).caveats).to.deep.equal([
      "6, as the cluster asked, if the pod Ready for less than two 15 s metrics windows had no sample yet (a pod without one counts at 0 % on a scale-up)",
    ]);
  });

  it("takes out the sample of a pod Ready for less than two windows though it is past its CPU initialization period", () => {
    // cpu-initialization-period 30 s: a pod Ready 29 s is trusted by the controller, but inside two 15 s windows
    // its first sample may not have come yet.
    const options = { ...DEFAULT_MODEL_OPTIONS, cpuInitializationPeriodSeconds: 30 };
    expect(one(reading([29], 6), { options })).to.deep.include({ explained: true });
  });

  it("names the metrics window it was given in the words", () => {
    // A 10 s Ready pod has no sample inside a 30 s window: 4 × 90.5 over 5 is 72 % → 6, against 8 with all 5.
    expect(one(reading([10], 6), { metricWindowSeconds: 30 }).bound).to.equal(
      "1 pod Ready for less than a 30 s metrics window counted at 0 %, against 8 with all counted at 90 %; Percent 100 % per 30 s allowed +5, up to 10",
    );
  });

  it("goes on from an explained sync with the cluster's rescale recorded once", () => {
    // 60 s: 5 → 6, explained. 75 s: 150 / 60 = 2.5 → 15; the +1 within 30 s leaves period start 5:
    // Percent 100 allows 10, Pods 4 allows 9; Max picks 10.
    const [explained, next] = replaySyncs({
      workload: { ...FRONTEND, autoscaling: { ...FRONTEND.autoscaling, maxReplicas: 20 } },
      readings: [reading([20], 6), { ...reading(undefined, 6, 150), t: 75, currentReplicas: 6 }],
      metricWindowSeconds: 15,
    });
    expect(explained.explained).to.equal(true);
    expect(next).to.deep.include({ desired: 10, bound: "Percent 100 % per 30 s allowed +5, up to 10" });
  });
});

describe("hpa-model: the cluster's rescales a replay records", () => {
  const sync = (t: number, current: number | null, clusterDesired: number | null, cpu: number): SyncReading => ({
    t,
    currentReplicas: current,
    clusterDesired,
    utilization: { cpu },
    pods: current === null ? undefined : { ready: current, pending: 0, unready: 0 },
  });

  it("records none from a status without currentReplicas", () => {
    // No rescale at 15 s: at 30 s, 150 / 60 = 2.5 → 10; period start 4, Percent 100 allows 8 (maxReplicas 20).
    const r = replaySyncs({
      workload: { ...FRONTEND, autoscaling: { ...FRONTEND.autoscaling, maxReplicas: 20 } },
      readings: [sync(0, 4, 4, 60), sync(15, null, 8, 120), sync(30, 4, 8, 150)],
    });
    expect(r[2]).to.deep.include({ desired: 8, bound: "Percent 100 % per 30 s allowed +4, up to 8" });
  });

  it("records none from a status without the cluster's desired count", () => {
    // No rescale at 15 s: at 30 s, 10 / 60 → 1; period start 5, Percent 50 leaves 2 (trunc 2.5), Pods 2 leaves 3,
    // Min keeps 3.
    const r = replaySyncs({
      workload: {
        ...FRONTEND,
        autoscaling: { ...FRONTEND.autoscaling, scaleDown: { ...DOWN, stabilizationWindowSeconds: 0 } },
      },
      readings: [sync(0, 5, 5, 60), sync(15, 5, null, 60), sync(30, 5, 3, 10)],
    });
    expect(r[2]).to.deep.include({ desired: 3, bound: "Pods 2 per 60 s allowed −2, down to 3" });
  });
});
