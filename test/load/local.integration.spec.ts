import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { failed, type LoadRun, p99Ms, startLocalLoad } from "../../automation/load";
import { percentileMs } from "../../automation/load/latency";
import { sleep } from "../../automation/shared/sleep";
import { AppProcess, startApp } from "../support/local-app";

/** A stand-in target on loopback that counts what reaches it: requests, connections, and how many at once. */
class CountingServer {
  requests = 0;
  /** Per connection: when it was accepted and when each of its requests arrived (ms). */
  readonly connections: Array<{ acceptedMs: number; requestsMs: number[] }> = [];
  open = 0;
  maxOpen = 0;
  /** Requests received and not yet answered, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly server: http.Server;

  /** `answer` gets each request's response; the default answers 200 at once. */
  constructor(answer: (res: http.ServerResponse) => void = (res) => res.end("ok")) {
    this.server = http.createServer((req, res) => {
      this.requests++;
      this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
      res.on("finish", () => this.inFlight--);
      (req.socket as unknown as { log: number[] }).log.push(Date.now());
      answer(res);
    });
    this.server.on("connection", (socket) => {
      const entry = { acceptedMs: Date.now(), requestsMs: [] as number[] };
      this.connections.push(entry);
      (socket as unknown as { log: number[] }).log = entry.requestsMs;
      this.maxOpen = Math.max(this.maxOpen, ++this.open);
      socket.on("close", () => this.open--);
    });
  }

  async url(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

describe("local load generator (arrival rate)", () => {
  let run: LoadRun | undefined;
  let server: CountingServer | undefined;
  afterEach(async () => {
    await run?.stop();
    server?.close();
    run = server = undefined;
  });

  it("sends 2 req/s with 20 connections allowed, counted at the server: the rate is not one per connection", async function () {
    this.timeout(20_000);
    server = new CountingServer();
    const url = await server.url();
    const startedMs = Date.now();
    run = startLocalLoad({ url, connections: 20, rate: 2, maxSeconds: 30 });
    await sleep(4000);
    const { window } = run.takeWindow();
    const seconds = (Date.now() - startedMs) / 1000;
    await run.stop();
    // Due at 0, 0.5, 1, ... s: 1 + 2 × seconds. The old floor of one request per second per connection sent 20 req/s.
    expect(window.due).to.be.within(Math.floor(2 * (seconds - 0.1)), 1 + 2 * seconds);
    // At most one request (the last due) may still be on its way when the window is taken.
    expect(server.requests).to.be.within(window.due - 1, window.due);
    expect(window.responses).to.be.within(server.requests - 1, server.requests);
    expect(server.maxOpen).to.be.at.most(4, "a request every 500 ms needs one connection, not the 20 allowed");
    expect([window.queued, window.dropped, failed(window)]).to.deep.equal([0, 0, 0]);
  });

  it("follows a change from 0.1 to 100 req/s at once, not after the old 10 s gap", async function () {
    this.timeout(20_000);
    server = new CountingServer();
    run = startLocalLoad({ url: await server.url(), connections: 4, rate: 0.1, maxSeconds: 30 });
    await sleep(1000);
    expect(server.requests).to.equal(1, "the first request goes at the start, the next is 10 s away");
    run.setRate(100);
    expect(run.rate()).to.equal(100);
    const changedMs = Date.now();
    await sleep(1000);
    const seconds = (Date.now() - changedMs) / 1000;
    const { window } = run.takeWindow();
    // From the change on, 100 × seconds came due (within one), each answered at once on loopback.
    expect(window.due).to.be.within(Math.floor(100 * seconds) - 1, Math.ceil(100 * seconds) + 2);
    expect(server.requests).to.be.at.least(window.due - 4);
    const now = Date.now();
    expect(run.responsesBetween(now - 10_000, now + 1000)).to.equal(window.responses);
  });

  it("never opens more connections than allowed: due requests wait for one, late, and are dropped after the timeout", async function () {
    this.timeout(20_000);
    // Each answer takes 200 ms, so 2 connections carry at most 10 req/s of the 50 asked.
    server = new CountingServer((res) => setTimeout(() => res.end("ok"), 200));
    run = startLocalLoad({ url: await server.url(), connections: 2, rate: 50, maxSeconds: 30, timeoutSeconds: 1 });
    await sleep(3000);
    const { window } = run.takeWindow();
    // A socket the generator closed may linger here a moment after its successor opened, so the cap shows in
    // the requests at once: one per connection, two at most.
    expect(server.maxInFlight).to.equal(2);
    expect(window.queued).to.be.greaterThan(window.due / 2, "most of what came due found both connections busy");
    // After 1 s the queue's head has waited the timeout: what the connections cannot carry is dropped, and failed.
    expect(window.dropped).to.be.greaterThan(0);
    expect(failed(window)).to.be.at.least(window.dropped);
    // Nothing skipped in silence: each due request was answered, dropped, or is still in flight or waiting.
    expect(window.responses + window.dropped).to.be.at.most(window.due);
    expect(window.responses).to.be.at.most(server.requests);
  });

  it("runs a closed loop: 3 clients back to back keep 3 requests in flight, and a rate ends the loop", async function () {
    this.timeout(20_000);
    // Each answer takes 100 ms: 3 clients send about 10 req/s each, 30 in all, whatever rate was asked before.
    server = new CountingServer((res) => setTimeout(() => res.end("ok"), 100));
    run = startLocalLoad({ url: await server.url(), connections: 20, rate: 0, maxSeconds: 30 });
    run.setConcurrency(3);
    expect([run.concurrency(), run.rate()]).to.deep.equal([3, 0]);
    await sleep(2000);
    const { window } = run.takeWindow();
    expect(server.maxInFlight).to.equal(3);
    // 2 s of 3 clients at 100 ms and a little more each: at most 60 answered, and a busy machine still gets most.
    expect(window.responses).to.be.within(30, 60);
    expect([window.queued, window.dropped]).to.deep.equal([0, 0]);
    run.setRate(0);
    expect(run.concurrency()).to.equal(undefined);
    await sleep(500);
    const before = server.requests;
    await sleep(1000);
    expect(server.requests, "no request after the loop ended at rate 0").to.equal(before);
  });

  it("measures latency from the due time, so a wait for a connection is in it (no coordinated omission)", async function () {
    this.timeout(20_000);
    // One connection, 200 ms per answer, 10 req/s due: request k (due at 100k ms) is answered at
    // 200 (k + 1) ms, 100k + 200 ms after it came due. Measured from its sending, each would take 200 ms.
    server = new CountingServer((res) => setTimeout(() => res.end("ok"), 200));
    run = startLocalLoad({ url: await server.url(), connections: 1, rate: 10, maxSeconds: 30 });
    await sleep(2500);
    const { window } = run.takeWindow();
    expect(window.responses).to.be.at.least(5);
    expect(percentileMs(window.latency, 50)).to.be.greaterThan(2 * 200);
    expect(p99Ms(window)).to.be.greaterThan(4 * 200);
    expect(window.queued).to.be.at.least(window.responses - 1);
  });

  it("reconnects about every 2 s, so one steady stream of requests reaches several server-side connections", async function () {
    this.timeout(20_000);
    server = new CountingServer();
    run = startLocalLoad({ url: await server.url(), connections: 4, rate: 50, maxSeconds: 30 });
    await sleep(5000);
    await run.stop();
    const used = server.connections.filter((c) => c.requestsMs.length > 0);
    // 5 s at 2 s a connection: at least three; without reconnects a connection would carry all 5 s.
    expect(used.length).to.be.at.least(3);
    for (const c of used) {
      const spanMs = c.requestsMs[c.requestsMs.length - 1] - c.acceptedMs;
      expect(spanMs, "a connection's requests all start within its 2 s (plus delivery)").to.be.below(3000);
    }
  });

  describe("against the real backend on loopback", () => {
    let app: AppProcess;
    before(async () => {
      app = await startApp("backend");
    });
    after(() => app.stop());

    it("holds the rate it is asked for, counting every response with its status", async function () {
      this.timeout(15_000);
      const url = `http://127.0.0.1:${app.port}/api/menu/search?q=curry&rounds=1`;
      const startedMs = Date.now();
      run = startLocalLoad({ url, connections: 4, rate: 40, maxSeconds: 30 });
      await sleep(2000);
      const { window } = run.takeWindow();
      const seconds = (Date.now() - startedMs) / 1000;
      expect(window.due).to.be.within(Math.floor(40 * (seconds - 0.1)), 1 + 40 * seconds);
      expect(window.responses).to.be.within(window.due - 4, window.due);
      expect(failed(window)).to.equal(0);
      expect(window.latency.totalCount).to.equal(window.responses);
    });

    it("counts non-2xx responses apart from connection errors", async function () {
      this.timeout(10_000);
      run = startLocalLoad({ url: `http://127.0.0.1:${app.port}/nowhere`, connections: 2, rate: 20, maxSeconds: 10 });
      await sleep(1200);
      const { window } = run.takeWindow();
      expect(window.non2xx).to.equal(window.responses).and.greaterThan(0);
      expect(window.errors).to.equal(0);
    });
  });

  it("counts each refused request as an error, not as a response or a timeout", async function () {
    this.timeout(10_000);
    run = startLocalLoad({ url: "http://127.0.0.1:1/", connections: 2, rate: 20, maxSeconds: 10 });
    await sleep(600);
    const { window } = run.takeWindow();
    expect(window.errors).to.be.greaterThan(0);
    // One error per request that came due and was refused: never more (the old loop retried unpaced).
    expect(window.errors).to.be.at.most(window.due);
    expect([window.responses, window.timeouts]).to.deep.equal([0, 0]);
  });

  it("counts a request unanswered within the timeout as timed out, and sends the next on a new connection", async function () {
    this.timeout(10_000);
    server = new CountingServer(() => undefined);
    run = startLocalLoad({ url: await server.url(), connections: 5, rate: 2, maxSeconds: 10, timeoutSeconds: 0.5 });
    await sleep(1800);
    const { window } = run.takeWindow();
    // Due at 0, 0.5, 1, 1.5 s; those sent by 1.2 s have timed out by 1.7 s.
    expect(window.timeouts).to.be.at.least(2);
    expect(window.timeouts).to.be.at.most(window.due);
    expect([window.responses, window.errors]).to.deep.equal([0, 0]);
  });

  it("refuses to send load anywhere but this machine", () => {
    expect(() => startLocalLoad({ url: "http://203.0.113.7:30500/", connections: 1, rate: 1, maxSeconds: 1 })).to.throw(
      "Refusing to send load to 203.0.113.7:30500: the scale test only targets this machine (localhost, 127.0.0.1 or one of its own addresses).",
    );
  });

  it("refuses a negative rate", () => {
    expect(() => startLocalLoad({ url: "http://127.0.0.1:1/", connections: 1, rate: -1, maxSeconds: 1 })).to.throw(
      RangeError,
    );
  });
});
