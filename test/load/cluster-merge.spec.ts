import { expect } from "chai";
import { PodWindows } from "../../automation/load/cluster-merge";
import { percentileMs, recordMs } from "../../automation/load/latency";
import { lineWriter, parseLine, type WindowLine } from "../../automation/load/pod-protocol";
import { decodeWindow, emptyWindow, encodeWindow, mergeWindows, type LoadWindow } from "../../automation/load/window";

/** A window from startMs to endMs whose responses took the given latencies, ms. */
function windowOf(startMs: number, endMs: number, latencies: number[]): LoadWindow {
  const w = { ...emptyWindow(startMs), endMs, responses: latencies.length };
  for (const ms of latencies) recordMs(w.latency, ms);
  return w;
}

/** The window as a pod sends it and the scale test reads it back: a log line. */
function throughLog(index: number, w: LoadWindow, share = 100): LoadWindow {
  let text = "";
  lineWriter((t) => (text = t))({
    type: "window",
    index,
    share,
    window: encodeWindow(w),
    health: { cpuPercent: 10, eventLoopP99Ms: 2, due: w.due, queued: w.queued, dropped: w.dropped },
  });
  return decodeWindow((parseLine(text) as WindowLine).window);
}

const add = (m: PodWindows, index: number, w: LoadWindow, share = 100, nowMs = 0) =>
  m.add(index, { window: w, share, cpuPercent: 10, eventLoopP99Ms: 2 }, nowMs);

describe("merging load pods' windows", () => {
  it("gives the p99 of the union of two pods' requests after their windows crossed the log, not an average", () => {
    // Pod 0: 99 requests at 10 ms and 1 at 1000 ms (p99 10 ms); pod 1: 100 at 100 ms (p99 100 ms).
    // The average of the p99s would be 55 ms. The union sorted: 99 × 10, 100 × 100, 1 × 1000; its p99
    // is the 198th of 200 values (ceil(0.99 × 200)), 100 ms. Its p99.9 is the 200th, 1000 ms.
    const m = new PodWindows((i) => `pod-${i}`);
    m.started(0, 100, 0);
    m.started(1, 100, 0);
    add(m, 0, throughLog(0, windowOf(0, 1000, [...Array(99).fill(10), 1000])));
    add(m, 1, throughLog(1, windowOf(2, 1001, Array(100).fill(100))));
    const { window } = m.take(500);
    expect(window.responses).to.equal(200);
    expect(percentileMs(window.latency, 99)).to.be.closeTo(100, 0.1);
    expect(percentileMs(window.latency, 99.9)).to.be.closeTo(1000, 1);
  });

  it("takes only the seconds every loading pod has delivered and keeps the rest for the next take", () => {
    const m = new PodWindows((i) => `pod-${i}`);
    m.started(0, 50, 0);
    m.started(1, 50, 0);
    add(m, 0, windowOf(0, 1000, [5, 5]), 50, 1000);
    add(m, 0, windowOf(1000, 2000, [5, 5, 5]), 50, 2000);
    add(m, 1, windowOf(3, 1003, [7]), 50, 2000);
    const first = m.take(2000);
    // Pod 1 has delivered only its first second, so pod 0's second one waits.
    expect([first.window.responses, first.window.startMs, first.window.endMs]).to.deep.equal([3, 0, 1003]);
    add(m, 1, windowOf(1003, 2004, [7, 7]), 50, 2100);
    const second = m.take(2100);
    expect([second.window.responses, second.window.startMs, second.window.endMs]).to.deep.equal([5, 1000, 2004]);
  });

  it("does not let a silent pod hold the others back", () => {
    const m = new PodWindows((i) => `pod-${i}`);
    m.started(0, 50, 0);
    m.started(1, 50, 0);
    add(m, 0, windowOf(0, 1000, [5]), 50, 1000);
    add(m, 0, windowOf(1000, 2000, [5]), 50, 2000);
    expect(m.take(2000).window.responses).to.equal(0, "pod 1 started and may still deliver");
    add(m, 0, windowOf(2000, 3000, [5]), 50, 4000);
    expect(m.take(4000).window.responses).to.equal(3, "pod 1 silent for 4 s");
  });

  it("reports each pod's share against what it reached, and a pod that vanished as lost", () => {
    const m = new PodWindows((i) => `pod-${i}`);
    m.started(0, 40, 0);
    m.started(1, 40, 0);
    add(m, 0, windowOf(0, 1000, Array(40).fill(5)), 40, 1000);
    add(m, 1, windowOf(0, 1000, Array(30).fill(5)), 40, 1000);
    m.ended(1, true);
    const { health } = m.take(1000);
    expect(health.generators?.map((g) => [g.name, g.asked, g.achieved])).to.deep.equal([
      ["pod-0", 40, 40],
      ["pod-1", 40, 30],
    ]);
    add(m, 0, windowOf(1000, 2000, Array(40).fill(5)), 40, 2000);
    const later = m.take(2000).health.generators;
    expect(later?.find((g) => g.name === "pod-1")).to.deep.include({ achieved: 0, lost: true });
    expect(m.totals()).to.deep.equal([
      { index: 0, shareReqPerSec: 40, reachedReqPerSec: 40, lost: false },
      { index: 1, shareReqPerSec: 40, reachedReqPerSec: 30, lost: true },
    ]);
  });

  it("adds up the requests each pod saw come due, wait for a connection and be dropped, per pod and in all", () => {
    const m = new PodWindows((i) => `pod-${i}`);
    m.started(0, 0.5, 0);
    m.started(1, 0.5, 0);
    const counts = (due: number, queued: number, dropped: number) => ({ due, queued, dropped });
    add(m, 0, throughLog(0, { ...windowOf(0, 1000, [5]), ...counts(1, 0, 0) }), 0.5, 1000);
    add(m, 0, throughLog(0, { ...windowOf(1000, 2000, []), ...counts(0, 0, 0) }), 0.5, 2000);
    add(m, 1, throughLog(1, { ...windowOf(0, 1000, []), ...counts(7, 6, 2) }), 0.5, 2000);
    add(m, 1, throughLog(1, { ...windowOf(1000, 2000, []), ...counts(5, 5, 3) }), 0.5, 2000);
    const { window, health } = m.take(2000);
    expect([window.due, window.queued, window.dropped]).to.deep.equal([13, 11, 5]);
    expect([health.due, health.queued, health.dropped]).to.deep.equal([13, 11, 5]);
    expect(health.generators?.map((g) => [g.name, g.due, g.queued, g.dropped])).to.deep.equal([
      ["pod-0", 1, 0, 0],
      ["pod-1", 12, 11, 5],
    ]);
    m.ended(1, true);
    add(m, 0, windowOf(2000, 3000, []), 0.5, 3000);
    expect(m.take(3000).health.generators?.[1]).to.deep.include({ lost: true, due: 0, queued: 0, dropped: 0 });
  });

  it("counts responses between two times from every pod's windows, spread over their spans", () => {
    const m = new PodWindows((i) => `pod-${i}`);
    add(m, 0, windowOf(0, 1000, Array(10).fill(1)));
    add(m, 1, windowOf(500, 1500, Array(20).fill(1)));
    expect(m.responsesBetween(0, 1500)).to.equal(30);
    expect(m.responsesBetween(0, 500)).to.equal(5);
    expect(m.responsesBetween(500, 1000)).to.equal(15);
    expect(mergeWindows([])).to.equal(undefined);
  });
});
