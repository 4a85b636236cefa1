import { expect } from "chai";
import { DEFAULTS, type ScalingPolicy } from "../../components/config";
import { replaySyncs, type ModelWorkload, type SyncReading } from "../../automation/hpa-model";

/** The project's default policies: up Max of 100 % and 4 pods per 30 s; down Min of 50 % and 2 pods per 60 s, 300 s window. */
const { scaleUp: UP, scaleDown: DOWN } = DEFAULTS.frontend.autoscaling;
/** The frontend: 2..8 replicas on CPU 60 % of a 100m request, with its autoscaling changed by `a`. */
const workload = (a: Partial<ModelWorkload["autoscaling"]> = {}): ModelWorkload => ({
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
  autoscaling: { minReplicas: 2, maxReplicas: 8, cpuUtilization: 60, scaleUp: UP, scaleDown: DOWN, ...a },
});
const FRONTEND = workload();
const BARE = workload({ scaleUp: undefined, scaleDown: undefined });

/** Each sync's words, from rows of [t, currentReplicas, the cluster's desired, CPU %], every pod Ready. */
function bounds(w: ModelWorkload, rows: Array<[number, number, number, number]>): string[] {
  const readings: SyncReading[] = rows.map(([t, current, desired, cpu]) => ({
    t,
    currentReplicas: current,
    clusterDesired: desired,
    utilization: { cpu },
    pods: { ready: current, pending: 0, unready: 0 },
  }));
  return replaySyncs({ workload: w, readings }).map((x) => x.bound);
}
const percent = (value: number): ScalingPolicy => ({ type: "Percent", value, periodSeconds: 30 });
const pods = (value: number): ScalingPolicy => ({ type: "Pods", value, periodSeconds: 30 });

describe("hpa-model: the words for the policy that bound a replayed sync", () => {
  it("names the strictest policy on a Min scale-up wherever it is declared, and the first declared on a tie", () => {
    const minUp = (policies: ScalingPolicy[]) => workload({ scaleUp: { ...UP, selectPolicy: "Min", policies } });
    // 120 / 60 = 2 → 4 from 2: Percent 100 allows 4, Pods 1 allows 3: Min keeps Pods, declared second.
    expect(bounds(minUp([percent(100), pods(1)]), [[0, 2, 2, 120]])).to.deep.equal([
      "Pods 1 per 30 s allowed +1, up to 3",
    ]);
    // Percent 100 and Pods 2 both allow 4.
    expect(bounds(minUp([percent(100), pods(2)]), [[0, 2, 2, 120]])).to.deep.equal([
      "Percent 100 % per 30 s allowed +2, up to 4",
    ]);
  });

  it("writes a policy that allows no step as +0", () => {
    // The cluster's 2 → 4 at 0 s is in the period, but the status still says 2 at 15 s: period start 2 − 2 = 0,
    // Percent 100 allows ceil(0 × 2) = 0, Pods 4 allows 4; Min keeps Percent, and the count stays at 2.
    const minUp = workload({ scaleUp: { ...UP, selectPolicy: "Min" } });
    expect(
      bounds(minUp, [
        [0, 2, 4, 120],
        [15, 2, 4, 120],
      ])[1],
    ).to.equal("Percent 100 % per 30 s allowed +0, up to 2");
  });

  it("names no policy for a direction that declares none (the API server rejects that; the controller cannot scale)", () => {
    expect(bounds(workload({ scaleUp: { ...UP, policies: [] } }), [[0, 2, 2, 120]])).to.deep.equal([""]);
  });
});

describe("hpa-model: the words for a stabilization window", () => {
  it("names the recommendation inside the window, not an older one of the same count at its edge", () => {
    // At 300 s the 300 s window holds what came after 0 s: the 5 proposed at 15 s, not the 5 of 0 s.
    expect(
      bounds(FRONTEND, [
        [0, 5, 5, 60],
        [15, 5, 5, 60],
        [300, 5, 5, 10],
      ])[2],
    ).to.equal("scale-down window 300 s kept 5 from 15 s");
  });

  it("names the recommendation of the count the window kept, not the window's first", () => {
    // 0 s: 3; 15 s: 120 / 60 = 2 → 6; 30 s: 10 / 60 → 1, and the window keeps its highest, the 6 of 15 s.
    expect(
      bounds(FRONTEND, [
        [0, 3, 3, 60],
        [15, 3, 6, 120],
        [30, 6, 6, 10],
      ])[2],
    ).to.equal("scale-down window 300 s kept 6 from 15 s");
  });

  it("tells a scale-up window that kept maxReplicas as the bound, not as the window", () => {
    // At 8 = maxReplicas, 120 / 60 = 2 → 16; the 60 s scale-up window keeps its lowest, the 8 of 0 s:
    // maxReplicas would have held it there anyway.
    const up = workload({ scaleUp: { ...UP, stabilizationWindowSeconds: 60 } });
    expect(
      bounds(up, [
        [0, 8, 8, 60],
        [15, 8, 8, 120],
      ])[1],
    ).to.equal("held at maxReplicas 8");
  });

  it("names maxReplicas where a behavior-less window holds a past proposal above it", () => {
    // 0 s: 90 / 60 = 1.5 → 12, clamped to 8. 15 s: 50 / 60 → ceil(6.67) = 7, but the flag's 300 s window keeps 12,
    // and maxReplicas clamps that.
    expect(
      bounds(BARE, [
        [0, 8, 8, 90],
        [15, 8, 8, 50],
      ])[1],
    ).to.equal("scale-down window 300 s kept 12 from 0 s; held at maxReplicas 8");
  });

  it("names no rule on a behavior-less scale-up within double", () => {
    // 80 / 60 → ceil(5.33) = 6, within 2 × 4.
    expect(bounds(BARE, [[0, 4, 4, 80]])).to.deep.equal([""]);
  });
});

describe("hpa-model: the words for pods counted at 0 %", () => {
  const bound = (w: ModelWorkload, r: Omit<SyncReading, "t" | "clusterDesired">) =>
    replaySyncs({ workload: w, readings: [{ t: 60, clusterDesired: null, ...r }], metricWindowSeconds: 15 })[0].bound;

  it("names no pod on a scale-down, where a not-ready pod is left out, not counted at 0 %", () => {
    // 3 Ready at 30 %: 30 / 60 = 0.5 → ceil(1.5) = 2; all 4 at 30 % ask ceil(2) = 2 too.
    const down = workload({ scaleDown: { ...DOWN, stabilizationWindowSeconds: 0 } });
    expect(
      bound(down, { currentReplicas: 4, utilization: { cpu: 30 }, pods: { ready: 3, pending: 0, unready: 1 } }),
    ).to.equal("Percent 50 % per 60 s allowed −2, down to 2");
  });

  it("names only the Pending pods on memory, which trusts the sample of a pod not ready or Ready just now", () => {
    // 4 Running pods at 90.5 % over 5: 72 % (whole percents), 72 / 60 = 1.2 → 6; all 5 at 90 %: ceil(7.5) = 8.
    const memory = workload({ cpuUtilization: undefined, memoryUtilization: 60 });
    const r = {
      currentReplicas: 5,
      utilization: { memory: 90 },
      pods: { ready: 3, pending: 1, unready: 1, readyForSeconds: [10] },
    };
    expect(bound(memory, r)).to.equal(
      "1 pod Pending counted at 0 %, against 8 with all counted at 90 %; Percent 100 % per 30 s allowed +5, up to 10",
    );
  });

  it("weighs them against a pod whose sample counts, whatever order the Ready times come in", () => {
    // Ready 10 s: no sample inside the 15 s window; Ready 20 s: counted. 90 / 60 = 1.5, but with the other at 0 %
    // 45 % reverses the scale-up: 2 stays. Both at 90 %: ceil(2 × 1.5) = 3.
    const r = {
      currentReplicas: 2,
      utilization: { cpu: 90 },
      pods: { ready: 2, pending: 0, unready: 0, readyForSeconds: [10, 20] },
    };
    expect(bound(FRONTEND, r)).to.equal(
      "1 pod Ready for less than a 15 s metrics window counted at 0 %, against 3 with all counted at 90 %",
    );
  });
});
