import { expect } from "chai";
import type { Decision } from "../../automation/hpa-model/controller";
import { bandAround, bandAt, BandSweep } from "../../automation/hpa-model/band";

/** A sync's decision as the band reads it: only the desired count matters. */
const asks = (desiredReplicas: number): Decision => ({
  currentReplicas: 0,
  desiredReplicas,
  cpuUtilization: null,
  memoryUtilization: null,
  action: "",
});

describe("hpa-model: the band swept from the runs' changes", () => {
  it("holds at each second the lowest and highest count some run has, from the second it changes", () => {
    // Run A: Ready 2, 4 from 3 s; desired 2, 4 at 1 s. Run B: Ready 3, 1 from 2 s; desired 3, 1 at 2 s.
    const band = new BandSweep(0, 4);
    const a = band.recorder(2);
    a.ready(0, 2);
    a.sync(1, asks(4), 2, 0);
    a.ready(3, 4);
    const b = band.recorder(3);
    b.ready(0, 3);
    b.sync(2, asks(1), 1, 0);
    b.ready(2, 1);
    const points = band.points();
    expect(points.map((p) => [p.minReady, p.maxReady])).to.deep.equal([
      [2, 3],
      [2, 3],
      [1, 2],
      [1, 4],
      [1, 4],
    ]);
    expect(points.map((p) => [p.minDesired, p.maxDesired])).to.deep.equal([
      [2, 3],
      [3, 4],
      [1, 4],
      [1, 4],
      [1, 4],
    ]);
  });

  it("draws the points at run time, from its first second", () => {
    const band = new BandSweep(-2, 2);
    band.recorder(5).ready(0, 5);
    expect(band.points().map((p) => p.t)).to.deep.equal([-2, -1, 0]);
  });

  it("takes a sync that keeps the count as no change", () => {
    const band = new BandSweep(0, 2);
    const r = band.recorder(3);
    r.ready(0, 3);
    r.sync(1, asks(3), 3, 0);
    r.repeated(1, 2, 1);
    expect(band.points().map((p) => [p.minDesired, p.maxDesired])).to.deep.equal([
      [3, 3],
      [3, 3],
      [3, 3],
    ]);
  });

  it("counts a run that stands for several once per run, and each part after it splits", () => {
    // Three runs as one until 2 s, all at 2; then one part (2 runs) goes to 5, the other (1 run) to 1 at 3 s.
    // Had the split left a count behind, 2 would stay in the band.
    const band = new BandSweep(0, 4);
    const all = band.recorder(2, 3);
    all.ready(0, 2);
    const two = all.split(2);
    const one = all.split(1);
    two.ready(2, 5);
    one.ready(3, 1);
    expect(band.points().map((p) => [p.minReady, p.maxReady])).to.deep.equal([
      [2, 2],
      [2, 2],
      [2, 5],
      [1, 5],
      [1, 5],
    ]);
  });

  it("goes on counting the runs a recorder keeps after it splits some off", () => {
    // Three runs at Ready 2; two split off at 1 s and go to 5; the one kept goes to 9 at 3 s. Had the split not
    // taken the two off the recorder, the one kept would leave 2 behind (held by −2 runs) when it moves.
    const band = new BandSweep(0, 3);
    const all = band.recorder(2, 3);
    all.ready(0, 2);
    all.split(2).ready(1, 5);
    all.ready(3, 9);
    expect(band.points().map((p) => [p.minReady, p.maxReady])).to.deep.equal([
      [2, 2],
      [2, 5],
      [2, 5],
      [5, 9],
    ]);
  });

  it("draws nothing from a recorder that stands for no runs: a count no run holds is no bound", () => {
    const band = new BandSweep(0, 1);
    band.recorder(3, 0).ready(0, 3);
    expect(band.points()[0]).to.deep.equal({
      t: 0,
      minReady: Infinity,
      maxReady: -Infinity,
      minDesired: Infinity,
      maxDesired: -Infinity,
    });
  });

  it("has no band where no run has a count yet, and none for a span that ends before it starts", () => {
    const band = new BandSweep(0, 1);
    expect(band.points()).to.deep.equal([
      { t: 0, minReady: Infinity, maxReady: -Infinity, minDesired: Infinity, maxDesired: -Infinity },
      { t: 1, minReady: Infinity, maxReady: -Infinity, minDesired: Infinity, maxDesired: -Infinity },
    ]);
    expect(new BandSweep(0, -1).points()).to.deep.equal([]);
  });
});

describe("hpa-model: reading the band", () => {
  const point = (t: number, minReady: number, maxReady: number, minDesired: number, maxDesired: number) => ({
    t,
    minReady,
    maxReady,
    minDesired,
    maxDesired,
  });
  const points = [point(-2, 2, 2, 2, 3), point(-1, 2, 3, 3, 4), point(0, 3, 4, 2, 6), point(1, 4, 6, 4, 5)];
  const env = { points };

  it("widens a band point to its neighbours within the slack", () => {
    const around = [0, 1, 2, 3].map((t) => ({ t, minReady: 2 + t, maxReady: 3 + t, minDesired: 2, maxDesired: 9 }));
    expect(bandAround(around, 1, 1)).to.deep.equal({ minReady: 2, maxReady: 5, minDesired: 2, maxDesired: 9 });
    expect(bandAround(around, 10, 1)).to.equal(undefined);
  });

  it("widens every bound, desired ones included, over the points within the slack, both ends included", () => {
    // −1 ± 1 → −2, −1, 0: Ready min(2, 2, 3) .. max(2, 3, 4); desired min(2, 3, 2) .. max(3, 4, 6).
    expect(bandAround(points, -1, 1)).to.deep.equal({ minReady: 2, maxReady: 4, minDesired: 2, maxDesired: 6 });
    // 1 ± 0: the point itself.
    expect(bandAround(points, 1, 0)).to.deep.equal({ minReady: 4, maxReady: 6, minDesired: 4, maxDesired: 5 });
    // 2.5 ± 1.5 reaches 1 exactly; −4 ± 2 reaches −2.
    expect(bandAround(points, 2.5, 1.5)?.maxDesired).to.equal(5);
    expect(bandAround(points, -4, 2)?.maxDesired).to.equal(3);
  });

  it("reaches a Ready lag further back for the Ready bounds only, never forward", () => {
    // 1 ± 0 with a lag of 2: Ready over −1..1 (min 2, max 6); desired at 1 alone (4..5).
    expect(bandAround(points, 1, 0, 2)).to.deep.equal({ minReady: 2, maxReady: 6, minDesired: 4, maxDesired: 5 });
    // −1 ± 0 with a lag of 1: Ready over −2..−1, not 0 (which would allow 4).
    expect(bandAround(points, -1, 0, 1)).to.deep.equal({ minReady: 2, maxReady: 3, minDesired: 3, maxDesired: 4 });
    expect(bandAround(points, 1, 0, 0)).to.deep.equal(bandAround(points, 1, 0));
    // A lag below zero is none: the Ready bounds never narrow below the slack (0 ± 1 still reaches −1, Ready 2).
    expect(bandAround(points, 0, 1, -1)).to.deep.equal({ minReady: 2, maxReady: 6, minDesired: 2, maxDesired: 6 });
  });

  it("widens the Ready bounds over the slack and the lag before it, and no further either way", () => {
    // Ready 9, 1, 5, 6, 7, 8, 0 at 0..6 s. 4 ± 1 with a lag of 1: Ready over 2..5 (5..8), desired over 3..5.
    const ready = [9, 1, 5, 6, 7, 8, 0].map((r, t) => point(t, r, r, 3, 4));
    expect(bandAround(ready, 4, 1, 1)).to.deep.equal({ minReady: 5, maxReady: 8, minDesired: 3, maxDesired: 4 });
  });

  it("gives the band at the nearest whole second, clamped to its ends", () => {
    expect(bandAt(env, -1)).to.equal(points[1]);
    expect(bandAt(env, 0.4)).to.equal(points[2]); // rounds to 0
    expect(bandAt(env, 0.5)).to.equal(points[3]); // rounds to 1
    expect(bandAt(env, -1.6)).to.equal(points[0]); // rounds to −2
    expect(bandAt(env, -30)).to.equal(points[0]);
    expect(bandAt(env, 1)).to.equal(points[3]);
    expect(bandAt(env, 99)).to.equal(points[3]);
  });
});
