import { expect } from "chai";
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from "../../automation/hpa-model/options";
import {
  copyPod,
  countReady,
  deliver,
  initialPods,
  podView,
  resizePods,
  scrape,
  nextReady,
  serveStretch,
  simPod,
} from "../../automation/hpa-model/simulated-cluster";

const MIB = 2 ** 20;
const o: ModelOptions = { ...DEFAULT_MODEL_OPTIONS };

describe("hpa-model: simulated cluster", () => {
  it("shows a pod Pending until it runs, then Running, and Ready from its readyAt second", () => {
    const p = simPod(100, 102, 110);
    expect(podView(p, 101)).to.deep.equal({
      startTime: 100,
      phase: "Pending",
      ready: false,
      readyTransitionTime: 100,
      metric: undefined,
    });
    expect(podView(p, 102)).to.include({ phase: "Running", ready: false, readyTransitionTime: 100 });
    expect(podView(p, 109)).to.include({ ready: false });
    expect(podView(p, 110)).to.include({ phase: "Running", ready: true, readyTransitionTime: 110 });
  });

  it("measures a pod's CPU as the rate between two scrapes, in whole millicores rounded up", () => {
    // metrics-server's rate over the window; the HPA's metrics client reads it with MilliValue(), which rounds up.
    const withMemory: ModelOptions = { ...o, memoryBytesPerMillicore: 1000 };
    const exact = { ...simPod(-100, -100, -100, 2250), lastScrapeAt: 0 };
    scrape([exact], 15, withMemory);
    // 2250 millicore-seconds over 15 s = 150m; memory 100 MiB + 1000 B × 150.
    expect(exact.metric).to.deep.equal({
      cpuMillicores: 150,
      memoryBytes: 100 * MIB + 150000,
      timestamp: 15,
      windowSeconds: 15,
    });
    // The next window starts from nothing.
    expect([exact.lastScrapeAt, exact.cpuSinceScrape]).to.deep.equal([15, 0]);
    const over = { ...simPod(-100, -100, -100, 2251), lastScrapeAt: 0 };
    scrape([over], 15, o);
    expect(over.metric?.cpuMillicores).to.equal(151); // 150.07m rounds up
  });

  it("takes the CPU at the scrape for a pod Ready in the second before it, and 0 for one that was not, when given", () => {
    const ready = { ...simPod(-100, -100, -100, 2250), lastScrapeAt: 0 };
    const justReady = { ...simPod(5, 6, 15, 0), lastScrapeAt: 6 };
    scrape([ready, justReady], 15, o, 320.5);
    expect(ready.metric).to.include({ cpuMillicores: 321, timestamp: 15, windowSeconds: 15 });
    expect(justReady.metric).to.include({ cpuMillicores: 0, windowSeconds: 9 });
    // Ready at 14 s, a full second before the scrape at 15 s: it burnt the CPU at the scrape.
    const readyJustBefore = { ...simPod(5, 6, 14, 0), lastScrapeAt: 6 };
    scrape([readyJustBefore], 15, o, 320.5);
    expect(readyJustBefore.metric).to.include({ cpuMillicores: 321, windowSeconds: 9 });
  });

  it("gives pods that burnt alike over the same window one shared sample, and others their own", () => {
    const alike = [0, 1].map(() => ({ ...simPod(-100, -100, -100, 1500), lastScrapeAt: 0 }));
    const busier = { ...simPod(-100, -100, -100, 3000), lastScrapeAt: 0 };
    // The same 1500 millicore-seconds, but over 10 s since its first scrape at 5 s: 150m, not 100m.
    const later = { ...simPod(-100, -100, -100, 1500), lastScrapeAt: 5 };
    const then = { ...simPod(-100, -100, -100, 1500), lastScrapeAt: 0 };
    scrape([...alike, busier, later, then], 15, o);
    expect(alike[1].metric).to.equal(alike[0].metric);
    expect(alike[0].metric).to.include({ cpuMillicores: 100, windowSeconds: 15 });
    expect(busier.metric).to.include({ cpuMillicores: 200, windowSeconds: 15 });
    expect(later.metric).to.include({ cpuMillicores: 150, windowSeconds: 10 });
    expect(then.metric).to.include({ cpuMillicores: 100, windowSeconds: 15 });
    // Same rate, other window: its own sample.
    const sameRate = [
      { ...simPod(-100, -100, -100, 1500), lastScrapeAt: 0 },
      { ...simPod(-100, -100, -100, 1000), lastScrapeAt: 5 },
    ];
    scrape(sameRate, 15, o);
    expect(sameRate.map((p) => [p.metric?.cpuMillicores, p.metric?.windowSeconds])).to.deep.equal([
      [100, 15],
      [100, 10],
    ]);
  });

  it("scrapes a pod from the second its container runs, and has a rate only from the second scrape", () => {
    const p = simPod(18, 20, 30);
    scrape([p], 19, o);
    expect(p.lastScrapeAt).to.equal(undefined);
    scrape([p], 20, o);
    expect(p.lastScrapeAt).to.equal(20);
    expect(p.metric).to.equal(undefined);
  });

  it("hands a scraped metric to the controller metricLagSeconds later", () => {
    const lagging: ModelOptions = { ...o, metricLagSeconds: 3 };
    const p = { ...simPod(-100, -100, -100, 1500), lastScrapeAt: 0 };
    scrape([p], 15, lagging);
    expect(p.metric).to.equal(undefined);
    deliver([p], 17);
    expect(p.metric).to.equal(undefined);
    deliver([p], 18);
    expect(p.metric).to.include({ cpuMillicores: 100, timestamp: 15 });
  });

  it("starts the pods present at load start long Ready, with a sample of the pre-load demand", () => {
    // Scrapes at 5 s, 20 s, …: the last one before load start was at 5 − 15 = −10 s. 301m over 2 pods is
    // 150.5m each, rounded up to 151m; 10 s of it has accrued since that scrape.
    const [first, second] = initialPods(2, { ...o, preloadMillicores: 301 });
    expect(first).to.deep.equal({
      createdAt: -3600,
      runningAt: -3600,
      readyAt: -3600,
      cpuSinceScrape: 1510,
      lastScrapeAt: -10,
      pending: undefined,
      metric: { cpuMillicores: 151, memoryBytes: 100 * MIB, timestamp: -10, windowSeconds: 15 },
    });
    expect(second).to.deep.equal(first);
    // Offsets outside one resolution wrap around: 20 s is 5 s, −5 s is 10 s.
    expect(initialPods(1, { ...o, scrapeOffsetSeconds: 20 })[0].lastScrapeAt).to.equal(-10);
    expect(initialPods(1, { ...o, scrapeOffsetSeconds: -5 })[0].lastScrapeAt).to.equal(-5);
  });

  it("creates pods that run after podStartSeconds and are Ready after podReadySeconds, or once running", () => {
    expect(resizePods([], 0, 2, 100, o)).to.deep.equal([simPod(100, 102, 110), simPod(100, 102, 110)]);
    const quickProbe = { ...o, podReadySeconds: 1 };
    expect(resizePods([], 0, 1, 100, quickProbe)).to.deep.equal([simPod(100, 102, 102)]);
  });

  it("leaves pods past the cluster's room Pending for good, and deletes those first", () => {
    const roomFor3 = { ...o, schedulablePods: 3 };
    const pods = resizePods([], 0, 5, 100, roomFor3);
    expect(pods.slice(0, 3)).to.deep.equal([simPod(100, 102, 110), simPod(100, 102, 110), simPod(100, 102, 110)]);
    expect(pods.slice(3)).to.deep.equal([simPod(100, Infinity, Infinity), simPod(100, Infinity, Infinity)]);
    expect(podView(pods[4], 10_000)).to.include({ phase: "Pending", ready: false });
    expect(countReady(pods, 10_000)).to.equal(3);
    expect(resizePods(pods, 5, 3, 200, roomFor3)).to.deep.equal(pods.slice(0, 3));
  });

  it("keeps every pod it has when it grows, and the list as it is when the count stays", () => {
    const pods = [simPod(-3600, -3600, -3600), simPod(50, 52, 60)];
    const grown = resizePods([...pods], 2, 4, 100, o);
    expect(grown).to.deep.equal([...pods, simPod(100, 102, 110), simPod(100, 102, 110)]);
    const same = [...pods];
    expect(resizePods(same, 2, 2, 100, o)).to.equal(same);
    expect(same).to.deep.equal(pods);
  });

  it("copies a pod for a run that splits in two: the same times and samples, its own counters", () => {
    const metric = { cpuMillicores: 100, memoryBytes: 100 * MIB, timestamp: 0, windowSeconds: 15 };
    const pending = { metric: { ...metric, timestamp: 15 }, at: 17 };
    const p = { ...simPod(-100, -90, -80, 700, 0, metric), pending };
    const copy = copyPod(p);
    expect(copy).to.deep.equal(p);
    expect(copy).to.not.equal(p);
    expect([copy.metric, copy.pending]).to.deep.equal([metric, pending]);
    copy.cpuSinceScrape += 50;
    expect(p.cpuSinceScrape).to.equal(700);
  });

  it("deletes pods the ReplicaSet way: not running first, then not Ready, then the most recently Ready, then the newest", () => {
    // controller.ActivePods ordering, simplified: Pending < Running; not Ready < Ready; Ready for less time <
    // Ready for more time; newer < older. Now is 200 s.
    const a = simPod(-3600, -3600, -3600); // Ready for an hour
    const b = simPod(140, 142, 150); // Ready since 150 s
    const b2 = simPod(130, 132, 150); // Ready since 150 s too, but older
    const c = simPod(190, 192, 400); // running, Ready only at 400 s (slow probe)
    const d = simPod(195, 300, 301); // Pending until 300 s (slow image)
    const e = simPod(198, 200, 500); // running from this very second, not Ready
    const list = [a, b2, c, d, b, e];
    const order = [d, e, c, b, b2, a];
    for (let k = 1; k < list.length; k++) {
      const kept = resizePods([...list], list.length, list.length - k, 200, o);
      expect(kept).to.deep.equal(list.filter((p) => !order.slice(0, k).includes(p)));
    }
  });

  it("counts and loads only the pods Ready at that second", () => {
    const ready = simPod(0, 2, 10);
    const notYet = simPod(0, 2, 11);
    expect(countReady([ready, notYet], 10)).to.equal(1);
    serveStretch(
      [ready, notYet],
      10,
      11,
      1,
      Float64Array.from({ length: 11 }, () => 150),
      500,
    );
    expect([ready.cpuSinceScrape, notYet.cpuSinceScrape]).to.deep.equal([150, 0]);
  });

  it("serves a stretch of seconds, each second's demand over the Ready pods, each capped at its limit", () => {
    // Seconds 2..4 of 300, 1200, 600 over 2 Ready pods with a 500m limit: 150 + min(600, 500) + 300 = 950 each.
    const demand = Float64Array.of(9, 9, 300, 1200, 600, 9);
    const pods = [simPod(0, 0, 0, 10), simPod(0, 0, 0, 10), simPod(0, 0, 3)];
    serveStretch(pods, 2, 5, 2, demand, 500);
    expect(pods.map((p) => p.cpuSinceScrape)).to.deep.equal([960, 960, 0]);
    // A pod with its own CPU since the scrape adds the same shares to it; none Ready, none served.
    const own = [simPod(0, 0, 0, 10), simPod(0, 0, 0, 20)];
    serveStretch(own, 2, 3, 2, demand, 500);
    expect(own.map((p) => p.cpuSinceScrape)).to.deep.equal([160, 170]);
    serveStretch(own, 2, 3, 0, demand, 500);
    expect(own.map((p) => p.cpuSinceScrape)).to.deep.equal([160, 170]);
  });

  it("adds a stretch's shares one second at a time, as the second-by-second loop does", () => {
    // 0.1 + 0.2 + 0.3 in turn is 0.6000000000000001; summed first (0.2 + 0.3) and then added, 0.6.
    const pods = [simPod(0, 0, 0, 0.1)];
    serveStretch(pods, 0, 2, 1, Float64Array.of(0.2, 0.3), 500);
    expect(pods[0].cpuSinceScrape).to.equal(0.1 + 0.2 + 0.3);
  });

  it("says when the next pod becomes Ready", () => {
    const pods = [simPod(0, 2, 10), simPod(0, 2, 30), simPod(0, 2, 20), simPod(0, Infinity, Infinity)];
    expect([nextReady(pods, 0), nextReady(pods, 10), nextReady(pods, 29), nextReady(pods, 30)]).to.deep.equal([
      10,
      20,
      30,
      Infinity,
    ]);
  });
});
