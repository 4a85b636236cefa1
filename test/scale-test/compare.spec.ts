import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { compareWithModel, observedDemand } from "../../automation/scale-test/compare";
import { backendRun } from "../support/backend-run";
import { sample } from "../support/series";

const backend = DEFAULTS.backend;

/** Rows of [t, cpu %, ready, observed desired]; current starts at 2 like an idle backend. */
const rows = (list: Array<[number, number | null, number, number | null]>) =>
  list.map(([t, cpu, ready, desired]) =>
    sample(t, { cpuUtilization: cpu, readyReplicas: ready, desiredReplicas: desired, currentReplicas: 2 }),
  );

describe("observed against predicted", () => {
  it("estimates demand as the median of CPU % × request × ready pods from the first reading above zero", () => {
    const seen = rows([
      [0, 0, 2, 2],
      [5, 0, 2, 2],
      [10, 0, 2, 2],
      [15, 100, 2, 3], // 400m
      [20, null, 3, 3], // no reading: skipped
      [25, 150, 2, 3], // 600m
      [200, 10, 4, 4], // after the load: skipped
    ]);
    expect(observedDemand(seen, 200, 150)).to.equal(500);
  });

  it("has no demand estimate, and so no comparison, when the HPA never reported CPU under load", () => {
    const seen = rows([
      [0, null, 2, 2],
      [5, 0, 2, 2],
    ]);
    expect(observedDemand(seen, 200, 150)).to.equal(undefined);
    expect(compareWithModel({ workload: backend, series: seen, loadSeconds: 150 })).to.equal(undefined);
  });

  it("sets the model's desired replicas beside each sample and measures how far apart they are", () => {
    // 65 % × 200m × 8 ready = 1040m, under which the model goes 2 → 3 at 15 s, → 6 at 30 s, → 8 at 75 s.
    const seen = rows([
      [0, 0, 2, 2],
      [10, 65, 8, 2],
      [20, 65, 8, 2],
      [30, 65, 8, 3],
      [40, 65, 8, 5],
      [50, 65, 8, null],
      [80, 65, 8, 8],
      [120, 65, 8, 8],
    ]);
    const c = compareWithModel({ workload: backend, series: seen, loadSeconds: 150 });
    expect(c?.demandMillicores).to.equal(1040);
    expect(c?.samples.map((s) => [s.t, s.observedDesired, s.predictedDesired, s.diff])).to.deep.equal([
      [0, 2, 2, 0],
      [10, 2, 2, 0],
      [20, 2, 3, -1],
      [30, 3, 6, -3],
      [40, 5, 6, -1],
      [50, null, 6, null],
      [80, 8, 8, 0],
      [120, 8, 8, 0],
    ]);
    expect(c).to.deep.include({
      maxAbsDiff: 3,
      withinOne: 6 / 7,
      firstScaleUp: { observedSeconds: 30, predictedSeconds: 15, diffSeconds: 15 },
    });
  });

  it("starts the model at the replicas the run started with", () => {
    const seen = rows([
      [0, 0, 2, 2],
      [10, 65, 8, 2],
    ]).map((s) => ({ ...s, currentReplicas: 8, desiredReplicas: 8 }));
    const c = compareWithModel({ workload: backend, series: seen, loadSeconds: 150 });
    expect(c?.samples.map((s) => s.predictedDesired)).to.deep.equal([8, 8]);
    expect(c?.firstScaleUp).to.deep.equal({ observedSeconds: null, predictedSeconds: null, diffSeconds: null });
  });

  it("on a real backend run, finds the model within one replica at most samples and the first scale-up 10 s early", () => {
    const run = backendRun();
    const c = compareWithModel({ workload: backend, series: run.series, loadSeconds: run.load.durationSeconds });
    expect(c?.demandMillicores).to.equal(1088);
    expect(c?.samples).to.have.length(34);
    expect(c?.samples.find((s) => s.t === 30.1)).to.deep.equal({
      t: 30.1,
      observedDesired: 3,
      predictedDesired: 6,
      diff: -3,
    });
    expect(c).to.deep.include({
      maxAbsDiff: 3,
      withinOne: 31 / 34,
      firstScaleUp: { observedSeconds: 25.1, predictedSeconds: 15, diffSeconds: 10.1 },
    });
  });
});
