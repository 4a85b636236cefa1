/**
 * Simulated load, for pods on simulated nodes (kwok; cluster/sim.sh): no
 * request is sent. The demand is a rate of requests that each cost `costMs`
 * of CPU; every second the generator spreads the CPU that rate needs over the
 * target's Ready pods, each capped at its CPU limit as the kernel would cap a
 * real one, and writes each pod's share where kwok reads it (the pod
 * annotation kwok.x-k8s.io/usage-cpu). kwok then reports that usage to
 * metrics-server like a kubelet, and the HPA acts on it. Kubernetes' e2e
 * closes the same loop with its ResourceConsumer.
 *
 * What the pods cannot serve (the demand past every Ready pod's limit, or any
 * demand while none is Ready) is counted as dropped, so the error budget sees
 * an overloaded simulation as it would see an overloaded cluster.
 */
import type { GeneratorHealth, LoadGenerator, LoadRun } from "./load-run";
import { emptyWindow, type LoadWindow } from "./window";

/** kwok's pod annotation for a simulated pod's CPU usage (a Kubernetes quantity). */
export const USAGE_CPU_ANNOTATION = "kwok.x-k8s.io/usage-cpu";
/**
 * CPU one simulated request costs, ms: about what a search costs the real
 * backend on a quiet host, so the rates read like a real run's. Any value
 * gives the same CPU per demand; only the request counts scale with it.
 */
export const SIMULATED_REQUEST_COST_MS = 10;
/** What a Ready pod that serves nothing uses, millicores (a real idle app's few millicores). */
const IDLE_MILLICORES = 1;
/** Patches in flight at once: 200 pods change their share within a second without a burst on the apiserver. */
const PATCHES_IN_FLIGHT = 16;

/** The target's pods as the simulation needs them. */
export interface SimulatedPods {
  /** The Ready target pods now, by name. */
  ready(): Promise<string[]>;
  /** Writes a pod's CPU usage, millicores. */
  setUsage(name: string, millicores: number): Promise<void>;
}

export interface SimulatedLoadOptions {
  pods: SimulatedPods;
  /** CPU one request costs, ms; also its latency while the pods keep up. */
  costMs: number;
  /** A pod's CPU limit, millicores; undefined: no cap. */
  limitMillicores?: number;
  /** The load stops itself after this long. */
  maxSeconds: number;
  /** How often the shares are rewritten, ms (at most every second). */
  tickMs?: number;
  now?: () => number;
  /** Said once when a tick fails (the apiserver did not answer); the next tick tries again. */
  warn?: (message: string) => void;
}

/** One second's share of the demand: what each Ready pod uses and what the pods served. */
export function spread(
  ratePerSecond: number,
  costMs: number,
  readyPods: number,
  limitMillicores?: number,
): { perPodMillicores: number; servedPerSecond: number } {
  if (readyPods === 0) return { perPodMillicores: 0, servedPerSecond: 0 };
  const asked = (ratePerSecond * costMs) / readyPods;
  const perPod = limitMillicores === undefined ? asked : Math.min(limitMillicores, asked);
  return {
    perPodMillicores: Math.max(IDLE_MILLICORES, Math.round(perPod)),
    servedPerSecond: costMs > 0 ? Math.min(ratePerSecond, (perPod * readyPods) / costMs) : ratePerSecond,
  };
}

const noHealth = (w: LoadWindow): GeneratorHealth => ({
  cpuPercent: 0,
  eventLoopP99Ms: 0,
  due: w.due,
  queued: 0,
  dropped: w.dropped,
});

export function simulatedLoadGenerator(options: SimulatedLoadOptions): LoadGenerator {
  return {
    probe: async () => options.costMs,
    start: async (rate) => startSimulatedLoad(options, rate),
    close: async () => {},
  };
}

/**
 * Adds `count` responses served evenly over [fromMs, toMs) to the per-second
 * counts (second k holds [k, k + 1) s), so the rate over any span holds
 * however unevenly the ticks that account for them run.
 */
export function spreadOverSeconds(perSecond: Map<number, number>, fromMs: number, toMs: number, count: number): void {
  if (count === 0) return;
  const add = (second: number, n: number) => void perSecond.set(second, (perSecond.get(second) ?? 0) + n);
  if (toMs <= fromMs) return add(Math.floor(toMs / 1000), count);
  for (let second = Math.floor(fromMs / 1000); second * 1000 < toMs; second++) {
    const overlap = Math.min(toMs, (second + 1) * 1000) - Math.max(fromMs, second * 1000);
    add(second, (count * overlap) / (toMs - fromMs));
  }
}

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

async function startSimulatedLoad(options: SimulatedLoadOptions, initialRate: number): Promise<LoadRun> {
  const now = options.now ?? Date.now;
  const tickMs = Math.min(1000, options.tickMs ?? 1000);
  let rate = checkRate(initialRate);
  let clients: number | undefined;
  const startedMs = now();
  let window = emptyWindow(startedMs);
  let carried = { due: 0, served: 0 };
  const perSecond = new Map<number, number>();
  const written = new Map<string, number>();
  let lastTickMs = startedMs;
  let stopped = false;
  let warned = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  // A closed loop of clients sends a request as the last one ends: the rate its latency allows.
  const askedRate = () => (clients === undefined ? rate : (clients * 1000) / Math.max(options.costMs, 1));

  // What the pods Ready over an interval serve of the rate asked meanwhile: all of it up to their limits.
  const account = (fromMs: number, toMs: number, readyPods: number) => {
    const served = spread(askedRate(), options.costMs, readyPods, options.limitMillicores).servedPerSecond;
    const seconds = (toMs - fromMs) / 1000;
    carried = { due: carried.due + askedRate() * seconds, served: carried.served + served * seconds };
    const due = Math.floor(carried.due);
    const responses = Math.min(due, Math.floor(carried.served));
    carried = { due: carried.due - due, served: carried.served - responses };
    window.due += due;
    window.responses += responses;
    window.dropped += due - responses;
    window.endMs = toMs;
    if (responses > 0) window.latency.recordValueWithCount(Math.max(1, Math.round(options.costMs * 1000)), responses);
    spreadOverSeconds(perSecond, fromMs, toMs, responses);
  };

  // The pods Ready since the last tick; undefined before the first one, which counts those it finds.
  let readyBefore: number | undefined;
  const tick = async () => {
    const ready = await options.pods.ready();
    const share = spread(askedRate(), options.costMs, ready.length, options.limitMillicores);
    const t = now();
    account(lastTickMs, t, readyBefore ?? ready.length);
    lastTickMs = t;
    readyBefore = ready.length;
    const changed = ready.filter((name) => written.get(name) !== share.perPodMillicores);
    await inBatches(changed, PATCHES_IN_FLIGHT, async (name) => {
      await options.pods.setUsage(name, share.perPodMillicores);
      written.set(name, share.perPodMillicores);
    });
    for (const name of [...written.keys()]) if (!ready.includes(name)) written.delete(name);
  };

  const loop = async () => {
    while (!stopped && now() - startedMs < options.maxSeconds * 1000) {
      const began = now();
      try {
        await tick();
      } catch (err) {
        if (!warned)
          options.warn?.(`simulated load: could not write the pods' usage (${(err as Error).message}); retrying`);
        warned = true;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, tickMs - (now() - began))));
    }
    stopped = true;
    // The pods go back to idle: a simulated pod keeps the usage it was last given.
    try {
      await inBatches([...written.keys()], PATCHES_IN_FLIGHT, (name) => options.pods.setUsage(name, IDLE_MILLICORES));
    } catch {
      // The next run rewrites every share it needs; nothing here is left to undo.
    }
    resolveDone();
  };
  await tick();
  void loop();

  return {
    setRate: (r) => {
      rate = checkRate(r);
      clients = undefined;
    },
    rate: () => (clients === undefined ? rate : 0),
    setConcurrency: (c) => {
      if (!Number.isInteger(c) || c < 1) throw new Error(`concurrency must be a whole number >= 1, got ${c}`);
      clients = c;
    },
    concurrency: () => clients,
    takeWindow: () => {
      const taken = window;
      window = emptyWindow(taken.endMs);
      return { window: taken, health: noHealth(taken) };
    },
    responsesBetween: (fromMs, toMs) => {
      let n = 0;
      for (const [second, count] of perSecond) if (second * 1000 >= fromMs && second * 1000 < toMs) n += count;
      return n;
    },
    origin: () => ({ from: "simulated", costMs: options.costMs, limitMillicores: options.limitMillicores ?? null }),
    stop: async () => {
      stopped = true;
      await done;
    },
    done,
  };
}

function checkRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0) throw new Error(`rate must be a finite number >= 0, got ${rate}`);
  return rate;
}
