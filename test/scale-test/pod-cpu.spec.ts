import { expect } from "chai";
import { costReading, idleBaseline, PodCpu, toPodCpu, windowSeconds } from "../../automation/scale-test/pod-cpu";

const T = Date.parse("2026-11-28T12:00:30Z");
const sample = (pod: string, millicores: number, timestampMs = T, window = 15): PodCpu => ({
  pod,
  millicores,
  timestampMs,
  windowSeconds: window,
});

describe("target pods' CPU from the metrics API", () => {
  it("reads PodMetrics: nanocores and millicores summed over containers, with their window", () => {
    const pods = toPodCpu([
      {
        metadata: { name: "a" },
        timestamp: "2026-11-28T12:00:30Z",
        window: "15.021s",
        containers: [{ usage: { cpu: "120345678n" } }, { usage: { cpu: "5m" } }],
      },
      {
        metadata: { name: "b" },
        timestamp: "2026-11-28T12:00:30Z",
        window: "1m0s",
        containers: [{ usage: { cpu: "2u" } }],
      },
      { metadata: { name: "broken" }, timestamp: "nonsense", window: "15s", containers: [] },
    ]);
    expect(pods).to.deep.equal([
      { pod: "a", millicores: 125, timestampMs: T, windowSeconds: 15.021 },
      { pod: "b", millicores: 0, timestampMs: T, windowSeconds: 60 },
    ]);
    expect(Number.isNaN(windowSeconds("bogus"))).to.equal(true);
  });

  it("turns a complete, fresh reading into the pods' whole CPU beside the rate over the same window", () => {
    const windows: Array<[number, number]> = [];
    const reading = costReading([sample("a", 310), sample("b", 290)], {
      readyPods: ["a", "b"],
      afterMs: 0,
      notBeforeMs: T - 20_000,
      responsesBetween: (from, to) => (windows.push([from, to]), 1500),
    });
    // 310 + 290 = 600m over a window in which 1500 responses completed: 100 per second.
    expect(reading).to.deep.equal({ fromMs: T - 15_000, timestampMs: T, cpuMillicores: 600, responsesPerSecond: 100 });
    expect(windows).to.deep.equal([[T - 15_000, T]]);
  });

  it("sets simulated pods' usage at the sample against the rate of the two seconds before it, not the window's", () => {
    const windows: Array<[number, number]> = [];
    const reading = costReading([sample("a", 310), sample("b", 290)], {
      readyPods: ["a", "b"],
      afterMs: 0,
      notBeforeMs: T - 20_000,
      responsesBetween: (from, to) => (windows.push([from, to]), 240),
      atScrape: true,
    });
    expect(reading).to.deep.equal({ fromMs: T - 15_000, timestampMs: T, cpuMillicores: 600, responsesPerSecond: 120 });
    expect(windows).to.deep.equal([[T - 2000, T]]);
  });

  it("waits while a Ready pod has no sample: its requests' CPU would be missing", () => {
    const args = { afterMs: 0, notBeforeMs: 0, responsesBetween: () => 1000 };
    expect(costReading([sample("a", 300)], { ...args, readyPods: ["a", "new"] })).to.equal(undefined);
  });

  it("skips a reading already used, and one whose window starts before the phase it is for", () => {
    const args = { readyPods: ["a"], responsesBetween: () => 1000 };
    expect(costReading([sample("a", 300)], { ...args, afterMs: T, notBeforeMs: 0 })).to.equal(undefined);
    expect(costReading([sample("a", 300)], { ...args, afterMs: 0, notBeforeMs: T - 10_000 })).to.equal(undefined);
  });

  it("takes the newest pass of samples, allowing a few seconds between nodes", () => {
    const reading = costReading([sample("a", 100, T - 15_000), sample("a2", 200, T - 2000), sample("b", 300)], {
      readyPods: ["a2", "b"],
      afterMs: 0,
      notBeforeMs: 0,
      responsesBetween: () => 1500,
    });
    expect(reading?.cpuMillicores).to.equal(500);
  });

  it("takes the median idle CPU as the baseline", () => {
    expect(idleBaseline([sample("a", 1), sample("b", 9), sample("c", 2)])).to.equal(2);
    expect(idleBaseline([])).to.equal(0);
  });
});
