import { expect } from "chai";
import { type DispatchAction, Dispatcher, type DispatchOptions } from "../../automation/load/dispatcher";

const OPTIONS: DispatchOptions = { connections: 20, timeoutMs: 10_000, reconnectMs: 2000, idleMs: 1000 };

/** What a simulated run did, request by request and connection by connection. */
interface Simulated {
  d: Dispatcher;
  /** Each request sent: its connection, due time, send time and latency from its due time. */
  sent: Array<{ connection: number; dueMs: number; atMs: number; latencyMs?: number }>;
  opened: Map<number, number>;
  closed: Map<number, number>;
  maxOpen: number;
}

/**
 * Runs a dispatcher on a virtual clock against a target that answers each
 * request `latencyMs` after it was sent (never, for Infinity), carrying out
 * its actions as local.ts does, until `untilMs`. `at` changes happen at
 * their times (a rate change). No real time passes.
 */
function simulate(
  d: Dispatcher,
  untilMs: number,
  latencyMs: number,
  at: Array<[number, (d: Dispatcher) => DispatchAction[]]> = [],
): Simulated {
  const sim: Simulated = { d, sent: [], opened: new Map(), closed: new Map(), maxOpen: 0 };
  const inFlight = new Map<number, { doneMs: number; index: number }>();
  const open = new Set<number>();
  const changes = [...at];
  const apply = (actions: DispatchAction[], t: number) => {
    for (const a of actions) {
      if (a.kind === "close") {
        expect(inFlight.has(a.connection), `closes connection ${a.connection} while it sends`).to.equal(false);
        open.delete(a.connection);
        sim.closed.set(a.connection, t);
        continue;
      }
      if (a.open) {
        expect(open.has(a.connection)).to.equal(false);
        open.add(a.connection);
        sim.opened.set(a.connection, t);
      }
      expect(open.has(a.connection), `sends on connection ${a.connection}, not open`).to.equal(true);
      expect(inFlight.has(a.connection), `two requests at once on connection ${a.connection}`).to.equal(false);
      inFlight.set(a.connection, { doneMs: t + latencyMs, index: sim.sent.length });
      sim.sent.push({ connection: a.connection, dueMs: a.dueMs, atMs: t });
      sim.maxOpen = Math.max(sim.maxOpen, open.size);
    }
  };
  apply(d.tick(0), 0);
  let lastMs = 0;
  let stuck = 0;
  for (;;) {
    const answer = [...inFlight].sort(([, a], [, b]) => a.doneMs - b.doneMs)[0];
    const change = changes[0]?.[0] ?? Infinity;
    const t = Math.min(d.nextWakeMs(), answer?.[1].doneMs ?? Infinity, change);
    if (t > untilMs) break;
    // A wake that does nothing would come again at the same time: a dispatcher that cannot move on.
    stuck = t === lastMs ? stuck + 1 : 0;
    lastMs = t;
    if (stuck > 10_000) throw new Error(`the dispatcher wakes at ${t} ms and never moves on`);
    if (t === change) apply(changes.shift()![1](d), t);
    else if (answer && t === answer[1].doneMs) {
      inFlight.delete(answer[0]);
      const { dueMs, actions } = d.finished(answer[0], t, true);
      const request = sim.sent[answer[1].index];
      expect(dueMs).to.equal(request.dueMs);
      request.latencyMs = t - request.dueMs;
      apply(actions, t);
    } else apply(d.tick(t), t);
  }
  apply(d.tick(untilMs), untilMs);
  return sim;
}

describe("dispatcher", () => {
  it("sends 2 req/s with 20 connections allowed: the rate is not one per connection, one connection is enough", () => {
    // Due at 0, 500, ..., 10 000 ms: 21 requests. Each is answered in 10 ms, long before the next is due.
    const sim = simulate(new Dispatcher(OPTIONS, 2, 0), 10_000, 10);
    expect(sim.sent.map((s) => s.dueMs)).to.deep.equal(Array.from({ length: 21 }, (_, i) => i * 500));
    expect(sim.sent.every((s) => s.atMs === s.dueMs)).to.equal(true, "each sent when due");
    expect(sim.maxOpen).to.equal(1);
    expect(sim.d.counts()).to.deep.include({ due: 21, sent: 21, queued: 0, dropped: 0 });
  });

  it("sends 0.2 req/s: a request every 5 s, each on a connection of its own (the idle one closed after 1 s)", () => {
    const sim = simulate(new Dispatcher(OPTIONS, 0.2, 0), 20_000, 10);
    expect(sim.sent.map((s) => [s.dueMs, s.connection])).to.deep.equal([
      [0, 0],
      [5000, 1],
      [10_000, 2],
      [15_000, 3],
      [20_000, 4],
    ]);
    // Answered at 10 ms, free from then, closed 1 s later.
    expect(sim.closed.get(0)).to.equal(1010);
  });

  it("never opens more connections than allowed; what finds them all busy waits, late, or is dropped after the timeout", () => {
    // 100 req/s at 50 ms each needs 5 connections; 3 allowed carry 3 / 0.05 s = 60 req/s. The queue grows
    // by 40 req/s; its head ages by 1 - 0.6 = 0.4 s per second, so it reaches the 1 s timeout at 2.5 s,
    // and from then 40 req/s are dropped: by 10 s, about 40 × 7.5 = 300, and a second's worth (100) waits.
    const d = new Dispatcher({ ...OPTIONS, connections: 3, timeoutMs: 1000 }, 100, 0);
    const sim = simulate(d, 10_000, 50);
    const c = d.counts();
    expect(sim.maxOpen).to.equal(3);
    expect(c.due).to.equal(1001);
    expect(c.sent).to.be.within(597, 603);
    expect(c.dropped).to.be.within(295, 305);
    expect(d.queueLength()).to.be.within(95, 105);
    // Nothing skipped in silence: each due request was sent, dropped or still waits.
    expect(c.sent + c.dropped + d.queueLength()).to.equal(c.due);
    // Only the first three went out on time.
    expect(c.queued).to.equal(c.due - 3);
    // Latency runs from the due time: a late request's wait is in it, up to the timeout.
    const latencies = sim.sent.flatMap((s) => (s.latencyMs === undefined ? [] : [s.latencyMs]));
    expect(Math.min(...latencies)).to.equal(50);
    expect(Math.max(...latencies)).to.be.within(1000, 1050);
  });

  it("sends a queued request on the connection that frees, with its own due time", () => {
    // 5 req/s, one connection, 300 ms per request: hand-stepped.
    const d = new Dispatcher({ ...OPTIONS, connections: 1 }, 5, 0);
    expect(d.tick(0)).to.deep.equal([{ kind: "send", connection: 0, dueMs: 0, open: true }]);
    expect(d.tick(200)).to.deep.equal([]);
    expect(d.counts()).to.deep.include({ due: 2, sent: 1, queued: 1 });
    expect(d.finished(0, 300, true)).to.deep.equal({
      dueMs: 0,
      actions: [{ kind: "send", connection: 0, dueMs: 200, open: false }],
    });
    // Answered at 600 ms, 400 ms after it came due (not the 300 ms since it was sent). Due at 400 meanwhile: next.
    expect(d.finished(0, 600, true)).to.deep.equal({
      dueMs: 200,
      actions: [{ kind: "send", connection: 0, dueMs: 400, open: false }],
    });
    expect(d.counts()).to.deep.include({ due: 4, sent: 3, queued: 3, dropped: 0 });
  });

  it("drops a queued request once it has waited the timeout, counting it as queued and dropped", () => {
    // 10 req/s, one connection that never answers, a 1 s timeout.
    const d = new Dispatcher({ ...OPTIONS, connections: 1, timeoutMs: 1000 }, 10, 0);
    d.tick(0);
    d.tick(1000); // due 100 .. 1000 wait; the oldest has waited 900 ms
    expect(d.counts()).to.deep.include({ due: 11, sent: 1, queued: 10, dropped: 0 });
    expect(d.nextWakeMs()).to.equal(1100, "when the one due at 100 has waited 1 s");
    d.tick(1150);
    expect(d.counts().dropped).to.equal(1);
    d.tick(2000); // due until 1000 have waited 1 s or more: 100 .. 1000 dropped
    expect(d.counts()).to.deep.include({ due: 21, sent: 1, queued: 20, dropped: 10 });
    expect(d.queueLength()).to.equal(10);
  });

  it("reconnects: a connection takes no request once it is 2 s old, so every 2 s at 10 req/s", () => {
    // One connection carries 10 req/s at 5 ms. It takes the requests due at 0 .. 1900 ms; the one due at
    // 2000 finds it 2 s old and goes on a new one, and so on: connections open at 0, 2, 4, 6, 8 and 10 s.
    const sim = simulate(new Dispatcher(OPTIONS, 10, 0), 10_000, 5);
    expect([...sim.opened.values()]).to.deep.equal([0, 2000, 4000, 6000, 8000, 10_000]);
    for (const s of sim.sent) expect(s.atMs - sim.opened.get(s.connection)!).to.be.below(2000);
    expect(sim.d.counts()).to.deep.include({ due: 101, sent: 101, queued: 0, opened: 6 });
  });

  it("keeps reconnecting every 2 s when every connection is busy", () => {
    const sim = simulate(new Dispatcher({ ...OPTIONS, connections: 2 }, 1000, 0), 6000, 10);
    for (const s of sim.sent) expect(s.atMs - sim.opened.get(s.connection)!).to.be.below(2000);
    expect(sim.opened.size).to.be.at.least(6, "two connections renewed at least at 2 s and 4 s");
  });

  it("spreads requests over the connections open, the one free the longest first", () => {
    // 100 req/s at 25 ms: three connections open in the first 20 ms and take turns from then on.
    const sim = simulate(new Dispatcher(OPTIONS, 100, 0), 1000, 25);
    const perConnection = new Map<number, number>();
    for (const s of sim.sent) perConnection.set(s.connection, (perConnection.get(s.connection) ?? 0) + 1);
    expect([...perConnection.values()]).to.deep.equal([34, 34, 33]);
  });

  it("closes connections idle for 1 s when the rate falls", () => {
    // 100 req/s at 45 ms: 5 connections. From 1 s on, 0.5 req/s: the last fast request (due at 1000) is
    // answered at 1045, so all five are closed by 2045; the next request, due at 3000, opens a new one.
    const sim = simulate(new Dispatcher(OPTIONS, 100, 0), 4000, 45, [[1000, (d) => d.setRate(0.5, 1000)]]);
    expect(sim.maxOpen).to.equal(5);
    expect([...sim.closed].filter(([c]) => c < 5).map(([, t]) => t <= 2045)).to.deep.equal(Array(5).fill(true));
    const last = sim.sent[sim.sent.length - 1];
    expect(last).to.deep.include({ dueMs: 3000, connection: 5 });
    expect(sim.opened.get(5)).to.equal(3000);
  });

  it("takes a rate change from 0.1 to 100 req/s at once", () => {
    const d = new Dispatcher(OPTIONS, 0.1, 0);
    d.tick(0);
    d.finished(0, 5, true);
    expect(d.setRate(100, 1000)).to.deep.equal([]);
    // The idle connection closes at 1005; a tenth of a request was earned at 0.1 req/s, the rest takes 9 ms at 100 req/s.
    expect(d.nextWakeMs()).to.equal(1005);
    expect(d.tick(1005)).to.deep.equal([{ kind: "close", connection: 0 }]);
    expect(d.nextWakeMs()).to.be.closeTo(1009, 1e-9);
    const [send] = d.tick(1009);
    expect(send).to.deep.include({ kind: "send", connection: 1, open: true });
  });

  it("closes a connection whose request failed or that the server will close, and opens another for the next", () => {
    const d = new Dispatcher({ ...OPTIONS, connections: 1 }, 10, 0);
    d.tick(0);
    expect(d.finished(0, 50, false).actions).to.deep.equal([{ kind: "close", connection: 0 }]);
    expect(d.tick(100)).to.deep.equal([{ kind: "send", connection: 1, dueMs: 100, open: true }]);
    expect(d.finished(1, 120, false).actions).to.deep.equal([{ kind: "close", connection: 1 }]);
  });

  it("forgets a free connection that closed by itself", () => {
    const d = new Dispatcher({ ...OPTIONS, connections: 1 }, 10, 0);
    d.tick(0);
    d.finished(0, 10, true);
    d.lost(0);
    expect(d.openConnections()).to.equal(0);
    expect(d.tick(100)).to.deep.equal([{ kind: "send", connection: 1, dueMs: 100, open: true }]);
  });

  it("ignores the end of a request on a connection that is not sending", () => {
    const d = new Dispatcher(OPTIONS, 1, 0);
    expect(d.finished(7, 10, true)).to.deep.equal({ dueMs: undefined, actions: [] });
  });

  it("keeps one stretch per rate in its queue, however many responses come, so a saturated run stays cheap", () => {
    const d = new Dispatcher({ ...OPTIONS, connections: 1 }, 100_000, 0);
    let sending = 0;
    d.tick(0);
    for (let t = 1; t <= 5000; t++) {
      for (const a of d.finished(sending, t, true).actions) if (a.kind === "send") sending = a.connection;
    }
    // 1 + 100 per ms come due by 5 s, one is sent per ms: the rest wait, in one stretch.
    expect(d.counts()).to.deep.include({ due: 500_001, sent: 5001 });
    expect(d.queueLength()).to.equal(500_001 - 5001);
    expect((d as unknown as { waiting: unknown[] }).waiting).to.have.length(1);
  });

  it("runs closed-loop clients back to back: 3 clients at 100 ms a request send 10 req/s each, 30 in all", () => {
    // Each client's next request is due when its last one is answered: 0, 100, ..., 900 ms, 10 each by 999 ms.
    const sim = simulate(new Dispatcher(OPTIONS, 0, 0), 999, 100, [[0, (d) => d.setConcurrency(3, 0)]]);
    expect(sim.sent).to.have.length(30);
    expect(sim.sent.every((s) => s.atMs === s.dueMs)).to.equal(true, "each sent when due");
    expect(sim.maxOpen).to.equal(3);
    expect(sim.d.concurrency()).to.equal(3);
    expect(sim.d.counts()).to.deep.include({ due: 30, sent: 30, queued: 0, dropped: 0 });
  });

  it("queues the clients past the connection cap, and leaves the closed loop for a rate", () => {
    const capped = new Dispatcher({ ...OPTIONS, connections: 2 }, 0, 0);
    const sim = simulate(capped, 1000, 500, [
      [0, (d) => d.setConcurrency(3, 0)],
      [1000, (d) => d.setRate(0, 1000)],
    ]);
    // 3 clients on 2 connections, 500 ms a request. At 0 two go out and C waits. At 500 A's answer frees a
    // connection while B's is still out: A's next request waits behind C, C goes out; B's answer sends A's,
    // and B's next waits. At 1000 the rate (0) ends the loop: B's waiting request still goes out, late.
    expect(sim.sent.map((s) => [s.dueMs, s.atMs])).to.deep.equal([
      [0, 0],
      [0, 0],
      [0, 500],
      [500, 500],
      [500, 1000],
    ]);
    expect(sim.d.counts()).to.deep.include({ due: 5, queued: 3, dropped: 0 });
    expect(sim.d.concurrency()).to.equal(undefined);
    expect(() => capped.setConcurrency(0, 1000)).to.throw(
      RangeError,
      "a concurrency must be a whole number of clients >= 1, got 0",
    );
  });

  it("refuses a connection cap below one or not whole", () => {
    expect(() => new Dispatcher({ ...OPTIONS, connections: 0 }, 1, 0)).to.throw("connections must be a whole number");
    expect(() => new Dispatcher({ ...OPTIONS, connections: 1.5 }, 1, 0)).to.throw("got 1.5");
  });
});
