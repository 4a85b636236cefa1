/**
 * Load from this machine at an arrival rate: requests come due at the rate
 * asked, whatever the connections or the target's latency (dispatcher.ts
 * decides, on a monotonic clock), and go out on autocannon's per-connection
 * HTTP client (autocannon-client.ts). A request's latency runs from its due
 * time, so a wait for a connection is part of it. Windows merge exactly.
 * It prints nothing; the caller takes windows and decides what to show.
 */
import { performance } from "node:perf_hooks";
import { type ConnectionEvents, type HttpConnection, openConnection } from "./autocannon-client";
import { DISPATCH_TIMING, type DispatchAction, Dispatcher, type DispatchCounts } from "./dispatcher";
import { recordMs } from "./latency";
import type { GeneratorHealth, LoadGenerator, LoadOrigin, LoadRun } from "./load-run";
import { HealthMeter, SecondLog } from "./meters";
import { probeLatencyMs } from "./probe";
import { assertLocalTarget } from "./target-guard";
import { emptyWindow, type LoadWindow } from "./window";

export type { GeneratorHealth, LoadRun } from "./load-run";

export interface LocalLoadOptions {
  /** Full URL including the path, e.g. http://127.0.0.1:30500/api/menu/search?q=curry. */
  url: string;
  /** The most connections open at once; they open as the rate and the latency need them. */
  connections: number;
  /** Requests per second to start with, any number >= 0 (0.2 is one request every 5 s). */
  rate: number;
  /** The load stops by itself after this long, whatever the caller does. */
  maxSeconds: number;
  /** Seconds before a request counts as timed out, and before a queued one is dropped. */
  timeoutSeconds?: number;
  /** Further hosts allowed besides loopback and this host's own addresses. */
  allowedHosts?: string[];
  /** The process's CPU limit (a load pod's), millicores: its CPU is reported as a percent of this when below a core. */
  cpuLimitMillicores?: number;
  /** How often connections are renewed and when idle ones close (dispatcher.ts DISPATCH_TIMING). */
  timing?: Partial<typeof DISPATCH_TIMING>;
}

/** Starts load against a local target (see target-guard.ts). */
export function startLocalLoad(options: LocalLoadOptions): LoadRun {
  const run = new LocalRun(options);
  // Bound, as callers pass the methods around on their own (drive.ts hands on responsesBetween).
  return {
    done: run.done,
    setRate: (rate) => run.setRate(rate),
    rate: () => run.rate(),
    setConcurrency: (clients) => run.setConcurrency(clients),
    concurrency: () => run.concurrency(),
    takeWindow: () => run.takeWindow(),
    responsesBetween: (fromMs, toMs) => run.responsesBetween(fromMs, toMs),
    origin: () => run.origin(),
    stop: () => run.stop(),
  };
}

/** The dispatcher's actions carried out on real connections, on timers and on the connections' events. */
class LocalRun implements LoadRun {
  readonly done: Promise<void>;
  private readonly url: URL;
  private readonly timeoutSeconds: number;
  private readonly core: Dispatcher;
  private readonly connections = new Map<number, HttpConnection>();
  private readonly meter: HealthMeter;
  private readonly log = new SecondLog(Date.now());
  private window = emptyWindow(Date.now());
  /** The dispatcher's totals when they were last added to a window. */
  private counted: DispatchCounts;
  private stopped = false;
  private wake: { timer: NodeJS.Timeout; atMs: number } | undefined;
  private readonly limit: NodeJS.Timeout;
  private finish: () => void = () => undefined;

  constructor(options: LocalLoadOptions) {
    this.url = new URL(assertLocalTarget(options.url, options.allowedHosts).href);
    this.timeoutSeconds = options.timeoutSeconds ?? 10;
    this.core = new Dispatcher(
      {
        connections: options.connections,
        timeoutMs: this.timeoutSeconds * 1000,
        ...DISPATCH_TIMING,
        ...options.timing,
      },
      options.rate,
      now(),
    );
    this.counted = this.core.counts();
    this.meter = new HealthMeter(options.cpuLimitMillicores);
    this.done = new Promise<void>((resolve) => (this.finish = resolve));
    this.limit = setTimeout(() => void this.stop(), options.maxSeconds * 1000);
    this.apply(this.core.tick(now()));
  }

  setRate(rate: number): void {
    if (!this.stopped) this.apply(this.core.setRate(rate, now()));
  }

  rate(): number {
    return this.core.rate();
  }

  setConcurrency(clients: number): void {
    if (!this.stopped) this.apply(this.core.setConcurrency(clients, now()));
  }

  concurrency(): number | undefined {
    return this.core.concurrency();
  }

  origin(): LoadOrigin {
    return { from: "local" };
  }

  takeWindow(): { window: LoadWindow; health: GeneratorHealth } {
    if (!this.stopped) this.count();
    const endMs = Date.now();
    const w: LoadWindow = { ...this.window, endMs };
    this.window = emptyWindow(endMs);
    const health = { ...this.meter.take(endMs - w.startMs), due: w.due, queued: w.queued, dropped: w.dropped };
    return { window: w, health };
  }

  responsesBetween(fromMs: number, toMs: number): number {
    return this.log.between(fromMs, toMs);
  }

  /** Stops at once: a request out is abandoned, and neither it nor one still waiting counts as failed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.count();
    this.stopped = true;
    clearTimeout(this.wake?.timer);
    clearTimeout(this.limit);
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
    this.meter.close();
    this.finish();
  }

  private apply(actions: DispatchAction[]): void {
    for (const a of actions) {
      if (a.kind === "close") {
        this.connections.get(a.connection)?.close();
        this.connections.delete(a.connection);
        continue;
      }
      if (a.open) this.connections.set(a.connection, openConnection(this.target(), this.events(a.connection)));
      this.connections.get(a.connection)?.send();
    }
    this.schedule();
  }

  private target() {
    return { url: this.url, timeoutSeconds: this.timeoutSeconds };
  }

  /** Sets the timer for the dispatcher's next wake, unless one set already comes as soon. */
  private schedule(): void {
    const atMs = this.core.nextWakeMs();
    if (this.stopped || atMs === Infinity || (this.wake && this.wake.atMs <= atMs)) return;
    clearTimeout(this.wake?.timer);
    const timer = setTimeout(
      () => {
        this.wake = undefined;
        this.apply(this.core.tick(now()));
      },
      Math.max(0, atMs - now()),
    );
    this.wake = { atMs, timer };
  }

  /** What connection `id` reports, counted in the window and handed to the dispatcher. */
  private events(id: number): ConnectionEvents {
    return {
      answered: (statusCode, keepAlive) => {
        this.window.responses++;
        if (statusCode < 200 || statusCode > 299) this.window.non2xx++;
        this.log.add(Date.now());
        this.ended(id, true, keepAlive);
      },
      failed: (reason) => {
        if (reason === "timeout") this.window.timeouts++;
        else this.window.errors++;
        // It closed itself; the dispatcher's close finds it gone.
        this.connections.delete(id);
        this.ended(id, false, false);
      },
      closedIdle: () => {
        this.connections.delete(id);
        this.core.lost(id);
      },
    };
  }

  /** A request ended: answered (its latency runs from its due time) or failed; the connection goes on if `reusable`. */
  private ended(connection: number, answered: boolean, reusable: boolean): void {
    const atMs = now();
    const { dueMs, actions } = this.core.finished(connection, atMs, reusable);
    if (answered && dueMs !== undefined) recordMs(this.window.latency, atMs - dueMs);
    this.apply(actions);
  }

  /** Brings the dispatcher up to now and adds what it counted since the last time to the window. */
  private count(): void {
    this.apply(this.core.tick(now()));
    const c = this.core.counts();
    this.window.due += c.due - this.counted.due;
    this.window.queued += c.queued - this.counted.queued;
    this.window.dropped += c.dropped - this.counted.dropped;
    this.counted = c;
  }
}

/** The dispatcher's clock: monotonic ms with sub-ms resolution (latencies are measured on it). */
function now(): number {
  return performance.now();
}

/** Load from this machine as a LoadGenerator: the probe and the load go straight at `url`; nothing to remove. */
export function localLoadGenerator(options: Omit<LocalLoadOptions, "rate">): LoadGenerator {
  assertLocalTarget(options.url, options.allowedHosts);
  return {
    probe: () => probeLatencyMs(options.url),
    start: async (rate) => startLocalLoad({ ...options, rate }),
    close: async () => undefined,
  };
}
