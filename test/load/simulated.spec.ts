import { expect } from "chai";
import { simulatedLoadGenerator, spread, spreadOverSeconds, type SimulatedPods } from "../../automation/load/simulated";

/** Pods whose Ready set the spec changes, recording every usage written. */
function fakePods(initial: string[]) {
  let ready = [...initial];
  const usage = new Map<string, number>();
  const writes: Array<[string, number]> = [];
  const pods: SimulatedPods = {
    ready: async () => [...ready],
    setUsage: async (name, millicores) => {
      usage.set(name, millicores);
      writes.push([name, millicores]);
    },
  };
  return { pods, usage, writes, setReady: (names: string[]) => (ready = [...names]) };
}

/** The generator at 10 ms a request on pods capped at 500m, rewriting the shares every `tickMs`. */
const startOn = (pods: SimulatedPods, rate: number, tickMs = 10) =>
  simulatedLoadGenerator({ pods, costMs: 10, limitMillicores: 500, maxSeconds: 30, tickMs }).start(rate);

const until = async (what: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("simulated load (load/simulated)", function () {
  describe("spread", function () {
    it("gives each Ready pod its share of the demand's CPU", function () {
      // 100 req/s at 10 ms of CPU each is 1000m; four pods take 250m each and serve it all.
      expect(spread(100, 10, 4, 500)).to.deep.equal({ perPodMillicores: 250, servedPerSecond: 100 });
    });

    it("caps a pod at its CPU limit, and what the pods cannot serve is not served", function () {
      expect(spread(100, 10, 1, 500)).to.deep.equal({ perPodMillicores: 500, servedPerSecond: 50 });
      expect(spread(100, 10, 1)).to.deep.equal({ perPodMillicores: 1000, servedPerSecond: 100 });
    });

    it("serves nothing without a Ready pod, and leaves an idle pod at 1m", function () {
      expect(spread(100, 10, 0, 500)).to.deep.equal({ perPodMillicores: 0, servedPerSecond: 0 });
      expect(spread(0, 10, 3, 500)).to.deep.equal({ perPodMillicores: 1, servedPerSecond: 0 });
    });
  });

  describe("spreadOverSeconds", function () {
    it("counts a late tick's responses in every second it covers, so a span's rate holds however the ticks run", function () {
      const perSecond = new Map<number, number>();
      spreadOverSeconds(perSecond, 0, 1000, 100);
      spreadOverSeconds(perSecond, 1000, 3000, 200); // a tick two seconds late
      spreadOverSeconds(perSecond, 3000, 3500, 50);
      spreadOverSeconds(perSecond, 3500, 3500, 7); // nothing elapsed: into the second it ends in
      expect(Object.fromEntries(perSecond)).to.deep.equal({ 0: 100, 1: 100, 2: 100, 3: 57 });
      const between = (from: number, to: number) =>
        [...perSecond].filter(([k]) => k * 1000 >= from && k * 1000 < to).reduce((n, [, c]) => n + c, 0);
      expect(between(1000, 3000)).to.equal(200);
    });

    it("splits a tick across the seconds it straddles by the time it spent in each", function () {
      const perSecond = new Map<number, number>();
      spreadOverSeconds(perSecond, 1500, 2500, 10);
      spreadOverSeconds(perSecond, 2500, 2500, 0);
      expect(Object.fromEntries(perSecond)).to.deep.equal({ 1: 5, 2: 5 });
    });
  });

  describe("the generator", function () {
    it("writes every Ready pod's share, rewrites the shares as pods come, and only the ones that change", async function () {
      const f = fakePods(["a", "b"]);
      const run = await startOn(f.pods, 40);
      expect(Object.fromEntries(f.usage)).to.deep.equal({ a: 200, b: 200 });
      const writesBefore = f.writes.length;
      await new Promise((r) => setTimeout(r, 50));
      expect(f.writes.length, "an unchanged share is not written again").to.equal(writesBefore);
      f.setReady(["a", "b", "c", "d"]);
      await until(() => f.usage.get("d") === 100);
      expect(Object.fromEntries(f.usage)).to.deep.equal({ a: 100, b: 100, c: 100, d: 100 });
      run.setRate(80);
      await until(() => f.usage.get("a") === 200);
      await run.stop();
      expect(Object.fromEntries(f.usage), "back to idle after the load").to.deep.equal({ a: 1, b: 1, c: 1, d: 1 });
    });

    it("counts what the pods served as responses and the demand past their limits as dropped", async function () {
      const f = fakePods(["a"]);
      const run = await startOn(f.pods, 200);
      await new Promise((r) => setTimeout(r, 600));
      await run.stop();
      const { window, health } = run.takeWindow();
      // One pod at its 500m limit serves 50 of the 200 req/s asked: a quarter.
      expect(window.due).to.be.greaterThan(80);
      expect(window.responses / window.due).to.be.within(0.15, 0.35);
      expect(window.dropped).to.equal(window.due - window.responses);
      expect(health.dropped).to.equal(window.dropped);
      expect(window.latency.totalCount).to.equal(window.responses);
      expect(run.responsesBetween(window.startMs - 1000, window.endMs + 1000)).to.be.closeTo(window.responses, 1e-6);
      expect(run.origin()).to.deep.equal({ from: "simulated", costMs: 10, limitMillicores: 500 });
    });

    it("serves a raised rate at once while the pods have room: nothing is dropped between two ticks", async function () {
      const f = fakePods(["a", "b"]);
      const run = await startOn(f.pods, 10, 200);
      // Two pods hold 100 req/s at their limits: 8× the rate, raised right after a tick, is still all served.
      run.setRate(80);
      await new Promise((r) => setTimeout(r, 700));
      await run.stop();
      const { window } = run.takeWindow();
      expect(window.due).to.be.greaterThan(30);
      expect(window.dropped).to.equal(0);
    });

    it("runs a closed loop of clients at the rate the request's latency allows", async function () {
      const f = fakePods(["a", "b"]);
      const run = await startOn(f.pods, 0);
      run.setConcurrency(2);
      // Two clients back to back at 10 ms a request: 200 req/s, 2000m over two pods, each capped at 500m.
      await until(() => f.usage.get("a") === 500);
      expect(run.rate()).to.equal(0);
      expect(run.concurrency()).to.equal(2);
      expect(() => run.setConcurrency(0)).to.throw(/whole number/);
      expect(() => run.setRate(-1)).to.throw(/>= 0/);
      await run.stop();
    });

    it("stops by itself after maxSeconds and says once when the pods cannot be written", async function () {
      const warnings: string[] = [];
      let fail = false;
      const pods: SimulatedPods = {
        ready: async () => {
          if (fail) throw new Error("apiserver unreachable");
          return ["a"];
        },
        setUsage: async () => {},
      };
      const run = await simulatedLoadGenerator({
        pods,
        costMs: 10,
        maxSeconds: 0.3,
        tickMs: 10,
        warn: (m) => warnings.push(m),
      }).start(10);
      fail = true;
      await run.done;
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(/could not write the pods' usage \(apiserver unreachable\)/);
    });
  });
});
