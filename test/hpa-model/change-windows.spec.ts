import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import {
  changeTimings,
  changeUncertainties,
  checkChangeWindows,
  everyChangeTiming,
  timedChanges,
  type EnvelopeChange,
} from "../../automation/hpa-model/change-windows";

const autoscaling = { ...DEFAULTS.backend.autoscaling, maxReplicas: 20 };
const change = (fromSeconds: number, toSeconds: number): EnvelopeChange => ({ autoscaling, fromSeconds, toSeconds });
/** Syncs at 7, 22, 37 … s from a model start at 0. */
const syncs = { start: 0, phase: 7, period: 15 };

describe("hpa-model: config change windows", () => {
  it("tries the sync at or after the window's start and each one up to the first at or after its end", () => {
    // Taken at 10..22 s, the change is first read at 22 s; at 23..30 s, at 37 s.
    expect(changeTimings([change(10, 30)], syncs)).to.deep.equal([[22], [37]]);
    // Known to the second, and at a sync: read at that sync only.
    expect(changeTimings([change(22, 22)], syncs)).to.deep.equal([[22]]);
    // A window over several syncs: 7 (taken at 0..7), 22, 37, and 52 (taken at 38..40).
    expect(changeTimings([change(0, 40)], syncs)).to.deep.equal([[7], [22], [37], [52]]);
  });

  it("takes a change at a fraction of a second from the next whole second", () => {
    // 21.5 s is there from 22 s, read at 22; 22.2 s from 23 s, read at 37.
    expect(changeTimings([change(21.5, 22.2)], syncs)).to.deep.equal([[22], [37]]);
  });

  it("has a change taken before the model starts read at its first sync", () => {
    // The model starts at −20 s; syncs at −8, 7 … (−8 ≡ 7 mod 15). A change at −30 s is read at −8 s.
    expect(changeTimings([change(-30, -30)], { start: -20, phase: 7, period: 15 })).to.deep.equal([[-8]]);
  });

  it("takes the changes in order: a later one is never read before an earlier one", () => {
    // Change 1 at 10..30 s (read at 22 or 37), change 2 at 20..25 s (read at 22 or 37). Change 2 read at 22 s
    // means it was taken by 22 s, so change 1 too: 22 and 22. Change 1 read at 37 s (taken from 23 s on) puts
    // change 2 at 23..25 s: read at 37 too. So not 37 then 22.
    expect(changeTimings([change(10, 30), change(20, 25)], syncs)).to.deep.equal([
      [22, 22],
      [22, 37],
      [37, 37],
    ]);
  });

  it("has a change read at the sync after the model's first taken after that sync, so a later one cannot be read at the first", () => {
    // Syncs at 0, 15 … from a model start at 0. Change 1 (0..15 s) read at 15 s was taken at 1..15 s; change 2,
    // taken at 0 s, would then come before it: only both at 0 s.
    const atStart = { start: 0, phase: 0, period: 15 };
    expect(changeTimings([change(0, 15), change(0, 0)], atStart)).to.deep.equal([[0, 0]]);
  });

  it("lists every whole second of each window, in order, for the exhaustive reference", () => {
    expect(everyChangeTiming([change(10, 12), change(11, 12)])).to.deep.equal([
      [10, 11],
      [10, 12],
      [11, 11],
      [11, 12],
      [12, 12],
    ]);
    expect(everyChangeTiming([change(9.5, 10.2)])).to.deep.equal([[10], [11]]);
    expect(everyChangeTiming([])).to.deep.equal([[]]);
  });

  it("hands the model each change at its second, in model time, with what it changes", () => {
    const resources = DEFAULTS.backend.resources;
    const timed = timedChanges([{ ...change(600, 610), resources }], [605], -20);
    expect(timed).to.deep.equal([{ autoscaling, resources, atSeconds: 625 }]);
  });

  it("rejects a window that ends before it starts or is no number, and changes out of order", () => {
    expect(() => checkChangeWindows([change(30, 10)])).to.throw(
      "config change 1: its window 30..10 s must be two numbers, the earlier first",
    );
    expect(() => checkChangeWindows([change(0, 5), change(NaN, 10)])).to.throw(
      "config change 2: its window NaN..10 s must be two numbers, the earlier first",
    );
    expect(() => checkChangeWindows([change(0, Infinity)])).to.throw("config change 1: its window 0..Infinity s");
    expect(() => checkChangeWindows([change(50, 60), change(40, 70)])).to.throw(
      "config change 2: its window starts at 40 s, before that of change 1 (50 s): list the changes in the order the cluster took them",
    );
    expect(() => checkChangeWindows([change(50, 60), change(50, 55), change(50, 50)])).not.to.throw();
  });

  it("names each change as a source of spread, with its window and the syncs tried", () => {
    const [source] = changeUncertainties([change(10, 30)], [[37], [22], [37], [52]]);
    expect(source).to.deep.equal({
      name: "config change 1",
      why:
        "the cluster took it between 10.0 and 30.0 s; the HPA controller reads its spec only at a sync, so for each " +
        "sync phase the sync at or after the window's start and every later one up to the first at or after its " +
        "end were tried as the first to read it, which covers every moment of the window",
      values: [22, 37, 52],
      unit: "s",
    });
  });
});
