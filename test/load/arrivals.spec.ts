import { expect } from "chai";
import { ArrivalSchedule, type DueRun } from "../../automation/load/arrivals";

/** Every due time of a run, ms, rounded to the µs against float noise. */
const times = (run: DueRun) =>
  Array.from({ length: run.count }, (_, i) => Math.round((run.firstMs + i * run.intervalMs) * 1000) / 1000);

/** All due times up to `untilMs`, taken every `stepMs` as a timer would. */
function dueUntil(s: ArrivalSchedule, untilMs: number, stepMs: number, fromMs = 0): number[] {
  const out: number[] = [];
  for (let t = fromMs; t < untilMs; t += stepMs) out.push(...times(s.take(t)));
  out.push(...times(s.take(untilMs)));
  return out;
}

describe("arrival schedule", () => {
  // Expected due times by hand: the first request is due at the start, then one every 1000 / rate ms.
  const cases: Array<{ rate: number; untilMs: number; due: number[]; rule: string }> = [
    { rate: 2, untilMs: 2000, due: [0, 500, 1000, 1500, 2000], rule: "2 req/s: every 500 ms" },
    { rate: 0.2, untilMs: 12_000, due: [0, 5000, 10_000], rule: "0.2 req/s: every 5 s, below one per second" },
    { rate: 0.5, untilMs: 5000, due: [0, 2000, 4000], rule: "0.5 req/s: every 2 s" },
    { rate: 4, untilMs: 1000, due: [0, 250, 500, 750, 1000], rule: "4 req/s: every 250 ms" },
    { rate: 0, untilMs: 60_000, due: [], rule: "0 req/s: nothing, not even the first" },
  ];
  for (const c of cases) {
    it(`comes due evenly at the rate whatever the timer's step (${c.rule})`, () => {
      // A timer firing every 1 ms, every 7 ms or once at the end sees the same due times.
      for (const step of [1, 7, c.untilMs]) {
        expect(dueUntil(new ArrivalSchedule(c.rate, 0), c.untilMs, step), `step ${step} ms`).to.deep.equal(c.due);
      }
    });
  }

  it("takes a change from 0.1 to 100 req/s at once, keeping the credit earned at the old rate", () => {
    const s = new ArrivalSchedule(0.1, 0);
    expect(times(s.take(0))).to.deep.equal([0]);
    // At 1 s a tenth of a request is earned; the remaining 0.9 at 100 req/s takes 9 ms, not the old 9 s.
    expect(times(s.setRate(100, 1000))).to.deep.equal([]);
    expect(s.nextDueMs()).to.be.closeTo(1009, 1e-9);
    expect(times(s.take(1039))).to.deep.equal([1009, 1019, 1029, 1039]);
  });

  it("takes a fall from 100 to 0.1 req/s at once: the next request waits its new gap, less what was earned", () => {
    const s = new ArrivalSchedule(100, 0);
    expect(times(s.take(5))).to.deep.equal([0]);
    // Half a request earned at 5 ms; the other half at 0.1 req/s takes 5 s.
    s.setRate(0.1, 5);
    expect(s.nextDueMs()).to.be.closeTo(5005, 1e-9);
    expect(times(s.take(5004))).to.deep.equal([]);
    expect(times(s.take(5005))).to.deep.equal([5005]);
  });

  it("holds its credit at rate 0 and goes on from it when the rate rises again", () => {
    const s = new ArrivalSchedule(10, 0);
    expect(times(s.take(50))).to.deep.equal([0]);
    s.setRate(0, 50); // half a request earned
    expect(s.nextDueMs()).to.equal(Infinity);
    expect(times(s.take(10_000))).to.deep.equal([]);
    s.setRate(10, 10_000);
    expect(times(s.take(10_050))).to.deep.equal([10_050]);
  });

  it("starts the first request at once when a run that began at rate 0 is given a rate", () => {
    const s = new ArrivalSchedule(0, 0);
    s.setRate(0.2, 3000);
    expect(times(s.take(3000))).to.deep.equal([3000]);
    expect(s.nextDueMs()).to.equal(8000);
  });

  it("counts the integral of the rate: 10 req/s for 1 s, then 30 req/s for 1 s, then 0.5 req/s for 4 s", () => {
    const s = new ArrivalSchedule(10, 0);
    let due = s.take(0).count;
    for (let t = 1; t <= 1000; t++) due += s.take(t).count;
    due += s.setRate(30, 1000).count;
    for (let t = 1001; t <= 2000; t++) due += s.take(t).count;
    due += s.setRate(0.5, 2000).count;
    due += s.take(6000).count;
    // 1 at the start + 10 + 30 + 0.5 × 4 = 43.
    expect(due).to.equal(43);
  });

  it("is not pushed back by a timer that fires late: what came due meanwhile keeps its own due times", () => {
    const s = new ArrivalSchedule(100, 0);
    s.take(0);
    const late = s.take(95);
    expect(times(late)).to.deep.equal([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(s.nextDueMs()).to.be.closeTo(100, 1e-9);
  });

  it("always has a request due when woken at the time it said the next is due (no float rounding short of it)", () => {
    for (const rate of [3, 7, 0.3, 1 / 3, 123.456, 9999]) {
      const s = new ArrivalSchedule(rate, 1_234_567.891);
      s.take(1_234_567.891);
      for (let i = 0; i < 2000; i++) {
        expect(s.take(s.nextDueMs()).count, `rate ${rate}, wake ${i}`).to.equal(1);
      }
    }
  });

  it("refuses a negative, infinite or missing rate", () => {
    expect(() => new ArrivalSchedule(-1, 0)).to.throw(RangeError, "got -1");
    expect(() => new ArrivalSchedule(Infinity, 0)).to.throw(RangeError);
    expect(() => new ArrivalSchedule(0, 0).setRate(NaN, 1)).to.throw(RangeError, "got NaN");
  });
});
