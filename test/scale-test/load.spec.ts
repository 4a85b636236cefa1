import { expect } from "chai";
import type { Result } from "autocannon";
import { quantile, startLoad, summarize } from "../../automation/scale-test/load";
import { AppProcess, startApp } from "../support/local-app";

describe("load runner", () => {
  describe("against the real backend on loopback", () => {
    let app: AppProcess;
    before(async () => {
      app = await startApp("backend");
    });
    after(() => app.stop());

    it("drives ~3 s of load through autocannon and maps the summary, with no failures", async function () {
      this.timeout(15000);
      const url = `http://127.0.0.1:${app.port}/api/menu/search?q=curry&rounds=1`;
      const run = startLoad({ url, connections: 4, durationSeconds: 3, reconnectRate: 10 });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const window = run.window();
      const summary = await run.done;

      expect(window.reqPerSec).to.be.greaterThan(0);
      expect(window.p99Ms).to.be.a("number");
      expect(summary.requests).to.be.greaterThan(0);
      expect(summary).to.deep.include({ url, connections: 4, errors: 0, timeouts: 0, non2xx: 0, failed: 0 });
      expect(summary.durationSeconds).to.be.within(2.5, 4.5);
      expect(summary.reqPerSec).to.be.closeTo(summary.requests / summary.durationSeconds, 0.01);
      expect(summary.p50Ms).to.be.at.most(summary.p99Ms);
      expect(summary.p99Ms).to.be.at.most(summary.maxMs);
    });
  });

  it("splits autocannon's errors into connection errors and timeouts and adds non-2xx to the failures", () => {
    const latency = { p50: 10, p99: 90, max: 120 };
    const result = {
      url: "http://127.0.0.1:1/",
      requests: { total: 500 },
      latency,
      duration: 5,
      errors: 7,
      timeouts: 2,
      non2xx: 3,
    };
    expect(summarize(result as unknown as Result, 8)).to.deep.equal({
      url: "http://127.0.0.1:1/",
      requests: 500,
      reqPerSec: 100,
      p50Ms: 10,
      p99Ms: 90,
      maxMs: 120,
      errors: 5,
      timeouts: 2,
      non2xx: 3,
      failed: 10,
      durationSeconds: 5,
      connections: 8,
    });
  });

  it("refuses to send load anywhere but this machine", () => {
    expect(() => startLoad({ url: "http://203.0.113.7:30500/", connections: 1, durationSeconds: 1 })).to.throw(
      "Refusing to send load to 203.0.113.7:30500: the scale test only targets this machine (localhost, 127.0.0.1 or one of its own addresses).",
    );
  });

  it("takes the q-quantile of unsorted values", () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).to.equal(3);
    expect(quantile([5, 1, 4, 2, 3], 0.99)).to.equal(5);
    expect(quantile([], 0.99)).to.equal(null);
  });
});
