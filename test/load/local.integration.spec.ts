import { expect } from "chai";
import { LoadRun, reconnectEvery, splitRate, startLocalLoad } from "../../automation/load";
import { p99Ms, ratePerSecond } from "../../automation/load/window";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AppProcess, startApp } from "../support/local-app";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("local load runner", () => {
  describe("against the real backend on loopback", () => {
    let app: AppProcess;
    let run: LoadRun | undefined;
    before(async () => {
      app = await startApp("backend");
    });
    afterEach(async () => {
      await run?.stop();
      run = undefined;
    });
    after(() => app.stop());

    it("holds the rate it is asked for and follows a change of rate while running", async function () {
      this.timeout(15000);
      const url = `http://127.0.0.1:${app.port}/api/menu/search?q=curry&rounds=1`;
      run = startLocalLoad({ url, connections: 4, rate: 20, maxSeconds: 30 });
      await sleep(2100);
      const slow = run.takeWindow().window;
      run.setRate(200);
      expect(run.rate()).to.equal(200);
      await sleep(2100);
      const fast = run.takeWindow().window;
      // 20 req/s over ~2.1 s spans three of autocannon's one-second budgets, so at most 60 responses;
      // 200 req/s gives several times more.
      expect(slow.responses).to.be.within(20, 65);
      expect(fast.responses).to.be.greaterThan(3 * slow.responses);
      expect(ratePerSecond(fast)).to.be.greaterThan(ratePerSecond(slow));
      expect([slow.errors, slow.timeouts, slow.non2xx, fast.errors, fast.timeouts, fast.non2xx]).to.deep.equal([
        0, 0, 0, 0, 0, 0,
      ]);
      expect(p99Ms(fast)).to.be.a("number").and.greaterThan(0);
      const now = Date.now();
      const logged = run.responsesBetween(now - 10_000, now + 1000);
      expect(logged).to.equal(slow.responses + fast.responses);
    });

    it("counts non-2xx responses apart from connection errors", async function () {
      this.timeout(10000);
      run = startLocalLoad({ url: `http://127.0.0.1:${app.port}/nowhere`, connections: 2, rate: 20, maxSeconds: 10 });
      await sleep(1200);
      const { window } = run.takeWindow();
      expect(window.non2xx).to.equal(window.responses).and.greaterThan(0);
      expect(window.errors).to.equal(0);
    });
  });

  it("counts every response, also the one autocannon completes just before it reconnects", async function () {
    this.timeout(15000);
    let served = 0;
    const server = http.createServer((_req, res) => {
      served++;
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    // 10 req/s per connection reconnects every 20 requests: each of the 3 connections twice in 4.2 s.
    const run = startLocalLoad({ url: `http://127.0.0.1:${port}/`, connections: 3, rate: 30, maxSeconds: 10 });
    await sleep(4200);
    await run.stop();
    const { window } = run.takeWindow();
    server.close();
    expect(served).to.be.at.least(110);
    // A request in flight at the stop is served but never answered: at most one per connection (no pipelining).
    // The miss this guards against loses one response per reconnect, six here.
    expect(window.responses).to.be.within(served - 3, served);
    expect(window.latency.totalCount).to.equal(window.responses);
  });

  it("counts refused connections as errors, not as responses or timeouts", async function () {
    this.timeout(10000);
    const run = startLocalLoad({ url: "http://127.0.0.1:1/", connections: 2, rate: 20, maxSeconds: 10 });
    await sleep(500);
    const { window } = run.takeWindow();
    await run.stop();
    expect(window.errors).to.be.greaterThan(0);
    expect([window.responses, window.timeouts]).to.deep.equal([0, 0]);
  });

  it("reconnects each connection about every 2 s at its rate, and not more often than every 5 requests", () => {
    expect(reconnectEvery(8)).to.equal(16);
    expect(reconnectEvery(1)).to.equal(5);
  });

  it("splits a rate over connections in whole numbers, at least one each", () => {
    expect(splitRate(10, 4)).to.deep.equal([3, 3, 2, 2]);
    expect(splitRate(2, 4)).to.deep.equal([1, 1, 1, 1]);
    expect(splitRate(8.6, 3)).to.deep.equal([3, 3, 3]);
  });

  it("refuses to send load anywhere but this machine", () => {
    expect(() => startLocalLoad({ url: "http://203.0.113.7:30500/", connections: 1, rate: 1, maxSeconds: 1 })).to.throw(
      "Refusing to send load to 203.0.113.7:30500: the scale test only targets this machine (localhost, 127.0.0.1 or one of its own addresses).",
    );
  });
});
