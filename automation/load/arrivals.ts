/**
 * When requests come due at an arrival rate (the open model of k6's
 * constant-arrival-rate executor and of wrk2): evenly spaced at the rate,
 * whatever answers or connections do. The rate is integrated, not turned
 * into a gap: a credit grows by rate × elapsed time and a request is due
 * each time it reaches a whole one. So a change of rate takes effect at
 * once (from 0.1 to 100 req/s the next request is due within 10 ms, not
 * after what was left of the old 10 s gap), any rate ≥ 0 is held exactly,
 * fractional ones too, and the count due over a run is its integral.
 * Pure: every call is given the time, ms on any monotonic clock.
 */

/** A credit this close to a whole request counts as one: float rounding, not time. */
const CREDIT_EPSILON = 1e-9;

/** Evenly spaced due times: firstMs, firstMs + intervalMs, ..., count of them. */
export interface DueRun {
  firstMs: number;
  intervalMs: number;
  count: number;
}

/** A rate must be a finite number ≥ 0, requests per second. */
export function assertRate(rate: number): void {
  if (!(Number.isFinite(rate) && rate >= 0)) {
    throw new RangeError(`a load rate must be a finite number of requests per second >= 0, got ${rate}`);
  }
}

export class ArrivalSchedule {
  private ratePerSecond: number;
  /** Time the credit was last brought up to. */
  private atMs: number;
  /** Requests owed at atMs, in [0, 1) once taken; 1 at the start, so the first request is due at once. */
  private credit = 1;

  constructor(rate: number, startMs: number) {
    assertRate(rate);
    this.ratePerSecond = rate;
    this.atMs = startMs;
  }

  rate(): number {
    return this.ratePerSecond;
  }

  /** The requests due from the last take up to `nowMs` (inclusive), in order; their count may be 0. */
  take(nowMs: number): DueRun {
    const rate = this.ratePerSecond;
    const fromMs = this.atMs;
    this.atMs = Math.max(fromMs, nowMs);
    // At rate 0 nothing comes due and the credit waits: raised again, the rate goes on where it was.
    if (rate === 0) return { firstMs: fromMs, intervalMs: 0, count: 0 };
    const intervalMs = 1000 / rate;
    const owed = this.credit + (rate * (this.atMs - fromMs)) / 1000;
    // Taken at the due time itself, rounding may leave the credit a hair short of the whole request.
    const count = Math.floor(owed + CREDIT_EPSILON);
    // The first is due when the credit reached 1: at once when it already had (the start).
    const firstMs = this.credit >= 1 ? fromMs : fromMs + (1 - this.credit) * intervalMs;
    this.credit = Math.max(0, owed - count);
    return { firstMs, intervalMs, count };
  }

  /** When the next request comes due (after the last take); Infinity at rate 0. */
  nextDueMs(): number {
    // At rate 0 nothing comes due, whatever credit waits for the rate to rise.
    if (this.ratePerSecond === 0) return Infinity;
    if (this.credit >= 1) return this.atMs;
    return this.atMs + ((1 - this.credit) * 1000) / this.ratePerSecond;
  }

  /**
   * Changes the rate from `nowMs` on, keeping the credit earned so far. Take
   * up to `nowMs` first: what came due before the change came due at the old rate.
   */
  setRate(rate: number, nowMs: number): DueRun {
    assertRate(rate);
    const due = this.take(nowMs);
    this.ratePerSecond = rate;
    return due;
  }
}
