import { expect } from "chai";
import { newLatencyHistogram, percentileMs, recordMs } from "../../automation/load/latency";
import {
  decodeWindow,
  emptyWindow,
  encodeWindow,
  LoadWindow,
  mergeWindows,
  summarize,
} from "../../automation/load/window";

/** A window whose responses took the given latencies, ms. */
function windowOf(startMs: number, latencies: number[], fields: Partial<LoadWindow> = {}): LoadWindow {
  const w = { ...emptyWindow(startMs), endMs: startMs + 10_000, responses: latencies.length, ...fields };
  for (const ms of latencies) recordMs(w.latency, ms);
  return w;
}

describe("load windows", () => {
  it("merges two generators' windows so the p99 is the p99 of all their requests, not an average", () => {
    // Generator A: 99 fast requests (10 ms) and 1 slow (1000 ms); generator B: 100 requests of 100 ms.
    // Each alone has a p99 near its bulk (A: 10 ms, B: 100 ms); the average of the two would be 55 ms.
    // Together: 200 requests, sorted 99 × 10 ms, 100 × 100 ms, 1 × 1000 ms; the 99th percentile is the
    // 198th value (ceil(0.99 × 200)), which is 100 ms.
    const a = windowOf(0, [...Array(99).fill(10), 1000]);
    const b = windowOf(2_000, Array(100).fill(100));
    expect(percentileMs(a.latency, 99)).to.be.closeTo(10, 0.01);
    expect(percentileMs(b.latency, 99)).to.be.closeTo(100, 0.1);
    const merged = mergeWindows([a, b]);
    expect(merged?.responses).to.equal(200);
    expect(percentileMs(merged!.latency, 99)).to.be.closeTo(100, 0.1);
    expect(percentileMs(merged!.latency, 100)).to.be.closeTo(1000, 1);
    expect([merged?.startMs, merged?.endMs]).to.deep.equal([0, 12_000]);
  });

  it("adds up every count and spans the windows' bounds", () => {
    const merged = mergeWindows([
      windowOf(1000, [5], { due: 9, queued: 4, dropped: 1, non2xx: 1, errors: 2, timeouts: 3 }),
      windowOf(500, [5, 6], { due: 3, queued: 2, dropped: 2, non2xx: 4, errors: 0, timeouts: 1 }),
    ]);
    expect(merged).to.deep.include({
      startMs: 500,
      endMs: 11_000,
      due: 12,
      queued: 6,
      dropped: 3,
      responses: 3,
      non2xx: 5,
      errors: 2,
      timeouts: 4,
    });
    expect(mergeWindows([])).to.equal(undefined);
  });

  it("crosses a process boundary as JSON and comes back with the same histogram", () => {
    const w = windowOf(0, [1.5, 2.5, 300], { due: 5, queued: 2, dropped: 1 });
    const back = decodeWindow(JSON.parse(JSON.stringify(encodeWindow(w))));
    expect([back.due, back.queued, back.dropped, back.responses]).to.deep.equal([5, 2, 1, 3]);
    expect(back.latency.totalCount).to.equal(3);
    expect(percentileMs(back.latency, 50)).to.be.closeTo(2.5, 0.01);
    expect(percentileMs(back.latency, 100)).to.be.closeTo(300, 0.5);
  });

  it("sums a window up for the report and the error budget, a dropped request counted as failed", () => {
    const w = windowOf(0, [10, 20, 30, 40], { due: 10, queued: 5, dropped: 2, non2xx: 1, errors: 1, timeouts: 1 });
    const summary = summarize(w, "http://x/", 4);
    expect(summary).to.deep.include({
      url: "http://x/",
      due: 10,
      queued: 5,
      dropped: 2,
      requests: 4,
      reqPerSec: 0.4,
      errors: 1,
      timeouts: 1,
      non2xx: 1,
      // 1 error + 1 timeout + 1 non-2xx + 2 dropped: the dropped were never answered, as a user would see it.
      failed: 5,
      durationSeconds: 10,
      connections: 4,
    });
    expect(summary.p50Ms).to.be.closeTo(20, 0.05);
    expect(summary.maxMs).to.be.closeTo(40, 0.05);
  });

  it("reports no percentile for an empty histogram", () => {
    expect(percentileMs(newLatencyHistogram(), 99)).to.equal(null);
  });
});
