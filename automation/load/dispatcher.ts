/**
 * The scheduling core of the load generator, pure: given the time, it says
 * which connection sends which due request, when a connection opens and
 * when one closes, and it keeps the count of what came due, what had to
 * wait for a connection and what was dropped. local.ts carries its actions
 * out on real connections (autocannon-client.ts).
 *
 * - Requests come due at the rate (arrivals.ts), however many connections.
 * - A due request goes out on a free connection, the one free the longest,
 *   so the load keeps spreading over every connection open; when none is
 *   free a new one opens, up to `connections`, the most it may open.
 * - A due request with no connection to go on is queued (FIFO) and goes out
 *   late when one frees, or is dropped once it has waited `timeoutMs`, the
 *   request timeout: never skipped in silence. It keeps its due time, so
 *   its latency counts the wait (no coordinated omission).
 * - Or closed-loop, as `setConcurrency` asks (the runbook's load script): N
 *   clients, each whose next request is due the moment its last one ended,
 *   on the same connections; no arrival rate then.
 * - kube-proxy balances per connection, so a connection serves no request
 *   that starts after it is `reconnectMs` old: at any rate the connections
 *   are new every few seconds and reach pods that started since. One free
 *   for `idleMs` closes: the pool shrinks when the rate falls.
 */
import { ArrivalSchedule, type DueRun } from "./arrivals";

export interface DispatchOptions {
  /** The most connections open at once (a cap, not a floor). */
  connections: number;
  /** The request timeout, ms: a request queued this long is dropped. */
  timeoutMs: number;
  /** A connection this old takes no further request; the next opens a new connection. */
  reconnectMs: number;
  /** A connection free this long is closed. */
  idleMs: number;
}

/**
 * The generator's timings. 2 s between reconnects spreads load over new
 * pods well within the HPA's 15 s sync and metrics-server's 15 s windows; 1 s
 * idle keeps a connection in use at 1 req/s and up, and closes the rest well
 * before the backend's keep-alive timeout (Node's default is 5 s).
 */
export const DISPATCH_TIMING = { reconnectMs: 2000, idleMs: 1000 } as const;

/** What to do on the connections, in order. A send on a connection not open yet opens it first. */
export type DispatchAction =
  { kind: "send"; connection: number; dueMs: number; open: boolean } | { kind: "close"; connection: number };

/** Running totals since the start. */
export interface DispatchCounts {
  /** Requests that came due. */
  due: number;
  /** Requests sent (on time or late). */
  sent: number;
  /** Requests that found no connection when they came due and waited (sent late or dropped). */
  queued: number;
  /** Queued requests that waited the whole timeout and were never sent. */
  dropped: number;
  /** Connections opened, reconnects included. */
  opened: number;
}

interface Connection {
  id: number;
  openedMs: number;
  /** When it last became free. */
  freeSinceMs: number;
  /** The due time of the request it is sending. */
  dueMs: number;
}

/** A stretch of waiting requests: evenly spaced due times, and whether they are counted as queued yet. */
type Waiting = DueRun & { counted: boolean };

/** See the file comment. */
export class Dispatcher {
  private readonly arrivals: ArrivalSchedule;
  /** Free connections, the one free the longest first. */
  private free: Connection[] = [];
  private readonly busy = new Map<number, Connection>();
  private readonly waiting: Waiting[] = [];
  private nextId = 0;
  /** Clients of the closed-loop mode; undefined at an arrival rate. */
  private clients: number | undefined;
  private readonly totals: DispatchCounts = { due: 0, sent: 0, queued: 0, dropped: 0, opened: 0 };

  constructor(
    private readonly options: DispatchOptions,
    rate: number,
    startMs: number,
  ) {
    if (!(Number.isInteger(options.connections) && options.connections >= 1)) {
      throw new RangeError(`connections must be a whole number >= 1, got ${options.connections}`);
    }
    this.arrivals = new ArrivalSchedule(rate, startMs);
  }

  rate(): number {
    return this.arrivals.rate();
  }

  counts(): DispatchCounts {
    return { ...this.totals };
  }

  /** Connections open now, busy or free. */
  openConnections(): number {
    return this.free.length + this.busy.size;
  }

  /** Requests waiting for a connection now. */
  queueLength(): number {
    return this.waiting.reduce((sum, w) => sum + w.count, 0);
  }

  /** Brings everything up to `nowMs`: what came due goes out or waits, the long-waiting are dropped, the idle close. */
  tick(nowMs: number): DispatchAction[] {
    const actions: DispatchAction[] = [];
    this.advance(nowMs, actions);
    return actions;
  }

  /** Clients of the closed-loop mode; undefined at an arrival rate. */
  concurrency(): number | undefined {
    return this.clients;
  }

  /** Changes the rate from `nowMs` on (what came due before came due at the old rate); leaves the closed loop. */
  setRate(rate: number, nowMs: number): DispatchAction[] {
    const actions: DispatchAction[] = [];
    this.clients = undefined;
    this.admit(this.arrivals.setRate(rate, nowMs), this.hasRoom());
    this.advance(nowMs, actions);
    return actions;
  }

  /**
   * From `nowMs` on, `clients` clients back to back: each has a request due
   * whenever it has none out or waiting, so there are always `clients`
   * requests in flight or queued (queued when `clients` passes the cap).
   * What came due at the old rate before now still came due.
   */
  setConcurrency(clients: number, nowMs: number): DispatchAction[] {
    if (!(Number.isInteger(clients) && clients >= 1)) {
      throw new RangeError(`a concurrency must be a whole number of clients >= 1, got ${clients}`);
    }
    const actions: DispatchAction[] = [];
    this.admit(this.arrivals.setRate(0, nowMs), this.hasRoom());
    this.clients = clients;
    this.advance(nowMs, actions);
    return actions;
  }

  /**
   * A connection's request ended: answered, and the connection `reusable`
   * (the server keeps it open), or not: the connection is closed then (it
   * failed, or the server said `Connection: close`). Returns that request's
   * due time, undefined for a connection not sending, and what to do next.
   */
  finished(
    connection: number,
    nowMs: number,
    reusable: boolean,
  ): { dueMs: number | undefined; actions: DispatchAction[] } {
    const conn = this.busy.get(connection);
    const actions: DispatchAction[] = [];
    if (!conn) return { dueMs: undefined, actions };
    // Until now every connection stayed as it was: what came due since had room then, or waited.
    const room = this.hasRoom();
    this.busy.delete(connection);
    if (reusable && nowMs - conn.openedMs < this.options.reconnectMs) {
      conn.freeSinceMs = nowMs;
      this.free.push(conn);
    } else {
      actions.push({ kind: "close", connection });
    }
    // Read before advancing: the connection may take the next request at once.
    const dueMs = conn.dueMs;
    this.advance(nowMs, actions, room);
    return { dueMs, actions };
  }

  /** A free connection closed by itself (the server or an idle timer): it is no longer there to send on. */
  lost(connection: number): void {
    this.free = this.free.filter((c) => c.id !== connection);
  }

  /**
   * When something next needs doing without a response to prompt it: the
   * next request due, the first queued one's drop, an idle connection's
   * close. While requests wait, new ones join them when a connection frees.
   */
  nextWakeMs(): number {
    const first = this.waiting[0];
    if (first) return first.firstMs + this.options.timeoutMs;
    const idle = this.free.length > 0 ? this.free[0].freeSinceMs + this.options.idleMs : Infinity;
    return Math.min(this.arrivals.nextDueMs(), idle);
  }

  /** True when a request could go out now: a connection is free or one more may open. */
  private hasRoom(): boolean {
    return this.free.length > 0 || this.openConnections() < this.options.connections;
  }

  /** `room`: whether a request could have gone out since the last call (the connections as they were). */
  private advance(nowMs: number, actions: DispatchAction[], room = this.hasRoom()): void {
    this.admit(this.arrivals.take(nowMs), room);
    // Closed loop: each client without a request out or waiting has its next one due now.
    const idle = this.clients === undefined ? 0 : this.clients - this.busy.size - this.queueLength();
    if (idle > 0) this.admit({ firstMs: nowMs, intervalMs: 0, count: idle }, room);
    this.drop(nowMs);
    this.closeIdle(nowMs, actions);
    this.dispatch(nowMs, actions);
    // What came due with no request waiting before it and is still here found no connection either.
    const first = this.waiting[0];
    if (first && !first.counted) {
      this.totals.queued += first.count;
      first.counted = true;
    }
  }

  /**
   * Takes in what came due since the last call. With requests waiting, or
   * with no `room` meanwhile (every connection the cap allows busy), it
   * waited: it is counted as queued at once, and joins the last stretch
   * when that continues it (the same rate), so the queue holds one stretch
   * per rate change, not one per response. Otherwise it goes out now, late
   * only by the timer; what cannot is counted once dispatch is done.
   */
  private admit(due: DueRun, room: boolean): void {
    if (due.count === 0) return;
    this.totals.due += due.count;
    const waited = this.waiting.length > 0 || !room;
    if (waited) this.totals.queued += due.count;
    const last = this.waiting[this.waiting.length - 1];
    // A closed loop's requests (interval 0) continue a stretch only when due at the same moment.
    const continues =
      last !== undefined && last.intervalMs === due.intervalMs && (due.intervalMs > 0 || last.firstMs === due.firstMs);
    if (waited && last?.counted && continues) last.count += due.count;
    else this.waiting.push({ ...due, counted: waited });
  }

  /** Drops the requests that have waited the timeout or longer. */
  private drop(nowMs: number): void {
    const cutoffMs = nowMs - this.options.timeoutMs;
    while (this.waiting.length > 0) {
      const w = this.waiting[0];
      // Compared as nextWakeMs computes the deadline, so a wake at it always drops.
      if (w.firstMs + this.options.timeoutMs > nowMs) return;
      // Due times firstMs + i × intervalMs ≤ cutoff: i = 0 .. floor((cutoff − first) / interval), at least the first.
      const later = w.intervalMs > 0 ? Math.floor((cutoffMs - w.firstMs) / w.intervalMs) : w.count;
      const expired = Math.min(w.count, Math.max(0, later) + 1);
      this.totals.dropped += expired;
      // Dropped on arrival (the generator itself was late by a timeout): they waited too.
      if (!w.counted) this.totals.queued += expired;
      w.count -= expired;
      w.firstMs += expired * w.intervalMs;
      if (w.count > 0) return;
      this.waiting.shift();
    }
  }

  private closeIdle(nowMs: number, actions: DispatchAction[]): void {
    while (this.free.length > 0 && this.free[0].freeSinceMs + this.options.idleMs <= nowMs) {
      actions.push({ kind: "close", connection: this.free.shift()!.id });
    }
  }

  /** Sends waiting requests, oldest first, while a connection can be had. */
  private dispatch(nowMs: number, actions: DispatchAction[]): void {
    while (this.waiting.length > 0) {
      const conn = this.connection(nowMs, actions);
      if (!conn) return;
      const w = this.waiting[0];
      conn.connection.dueMs = w.firstMs;
      this.busy.set(conn.connection.id, conn.connection);
      this.totals.sent++;
      actions.push({ kind: "send", connection: conn.connection.id, dueMs: w.firstMs, open: conn.open });
      w.firstMs += w.intervalMs;
      if (--w.count === 0) this.waiting.shift();
    }
  }

  /** The connection free the longest (closing any too old to take a request), else a new one below the cap. */
  private connection(nowMs: number, actions: DispatchAction[]): { connection: Connection; open: boolean } | undefined {
    while (this.free.length > 0) {
      const conn = this.free.shift()!;
      if (nowMs - conn.openedMs < this.options.reconnectMs) return { connection: conn, open: false };
      actions.push({ kind: "close", connection: conn.id });
    }
    if (this.openConnections() >= this.options.connections) return undefined;
    this.totals.opened++;
    return { connection: { id: this.nextId++, openedMs: nowMs, freeSinceMs: nowMs, dueMs: nowMs }, open: true };
  }
}
