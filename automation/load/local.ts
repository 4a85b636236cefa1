/**
 * Load from this machine: autocannon driven through its programmatic API,
 * with a rate that can change while it runs, reconnecting connections so
 * kube-proxy spreads them over new pods, and windows that merge exactly.
 * It prints nothing; the caller takes windows and decides what to show.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import autocannon from "autocannon";
import { type AutocannonClient, countResponseBeforeReconnect } from "./autocannon-client";
import { recordMs } from "./latency";
import type { GeneratorHealth, LoadGenerator, LoadRun } from "./load-run";
import { probeLatencyMs } from "./probe";
import { assertLocalTarget } from "./target-guard";
import { emptyWindow } from "./window";

export type { GeneratorHealth, LoadRun } from "./load-run";

export interface LocalLoadOptions {
  /** Full URL including the path, e.g. http://127.0.0.1:30500/api/menu/search?q=curry. */
  url: string;
  connections: number;
  /** Requests per second over all connections to start with; at least one per connection. */
  rate: number;
  /** The load stops by itself after this long, whatever the caller does. */
  maxSeconds: number;
  /** Seconds before a request counts as timed out. */
  timeoutSeconds?: number;
  /** Further hosts allowed besides loopback and this host's own addresses. */
  allowedHosts?: string[];
  /** The process's CPU limit (a load pod's), millicores: its CPU is reported as a percent of this when below a core. */
  cpuLimitMillicores?: number;
}

/**
 * Requests per connection before it reconnects: about every 2 s at its
 * rate. kube-proxy balances per connection, so without reconnects keep-alive
 * pins the load to the pods that existed when it started.
 */
export function reconnectEvery(perConnectionRate: number): number {
  return Math.max(5, Math.round(perConnectionRate * 2));
}

/** Splits a total rate over connections the way autocannon does: whole numbers, at least one each. */
export function splitRate(rate: number, connections: number): number[] {
  const total = Math.max(connections, Math.round(rate));
  const base = Math.floor(total / connections);
  return Array.from({ length: connections }, (_, i) => base + (i < total % connections ? 1 : 0));
}

/** Starts load against a local target (see target-guard.ts). */
export function startLocalLoad(options: LocalLoadOptions): LoadRun {
  assertLocalTarget(options.url, options.allowedHosts);
  const startMs = Date.now();
  // Node runs JavaScript on one core; a CPU limit below that is the ceiling instead.
  const usableCores = Math.min(1, (options.cpuLimitMillicores ?? 1000) / 1000);
  let window = emptyWindow(startMs);
  let cpuMark = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const perSecond: number[] = [];
  let rate = Math.max(options.connections, Math.round(options.rate));
  // autocannon gives each connection a whole rate fixed at start; we keep the
  // clients it reports and set theirs when ours changes.
  const clients = new Set<AutocannonClient>();
  const applyRate = () => {
    const shares = splitRate(rate, Math.max(clients.size, 1));
    [...clients].forEach((client, i) => {
      client.rate = shares[i] ?? 1;
      client.reconnectRate = reconnectEvery(client.rate);
    });
  };

  let instance: autocannon.Instance | undefined;
  const done = new Promise<void>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.maxSeconds,
        overallRate: rate,
        reconnectRate: reconnectEvery(rate / options.connections),
        timeout: options.timeoutSeconds ?? 10,
      },
      (err) => (err ? reject(err) : resolve()),
    );
  });
  if (!instance) throw new Error("autocannon did not start");
  const record = (statusCode: number, ms: number) => {
    window.responses++;
    if (statusCode < 200 || statusCode > 299) window.non2xx++;
    recordMs(window.latency, ms);
    const second = Math.floor((Date.now() - startMs) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  };
  instance.on("response", (received, statusCode, _bytes, ms) => {
    const client = received as unknown as AutocannonClient;
    if (!clients.has(client)) {
      clients.add(client);
      countResponseBeforeReconnect(client, record);
      applyRate();
    }
    record(statusCode, ms);
  });
  instance.on("reqError", (error: Error) => {
    if (/timed out/.test(error.message)) window.timeouts++;
    else window.errors++;
  });
  const running = instance;
  void done.finally(() => loopDelay.disable()).catch(() => undefined);

  return {
    done,
    setRate: (next) => {
      rate = Math.max(options.connections, Math.round(next));
      applyRate();
    },
    rate: () => rate,
    origin: () => ({ from: "local" }),
    takeWindow: () => {
      const now = Date.now();
      const taken = { ...window, endMs: now };
      const cpu = process.cpuUsage(cpuMark);
      const seconds = Math.max(0.001, (now - taken.startMs) / 1000);
      const health: GeneratorHealth = {
        cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds / usableCores) * 100,
        eventLoopP99Ms: loopDelay.percentile(99) / 1e6,
      };
      cpuMark = process.cpuUsage();
      loopDelay.reset();
      window = emptyWindow(now);
      return { window: taken, health };
    },
    responsesBetween: (fromMs, toMs) => {
      let total = 0;
      for (let s = Math.floor((fromMs - startMs) / 1000); s * 1000 + startMs < toMs; s++) {
        if (s < 0) continue;
        const overlap = Math.min(toMs, startMs + (s + 1) * 1000) - Math.max(fromMs, startMs + s * 1000);
        total += ((perSecond[s] ?? 0) * Math.max(0, overlap)) / 1000;
      }
      return total;
    },
    stop: async () => {
      running.stop();
      await done.catch(() => undefined);
    },
  };
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
