/**
 * What a load pod does, apart from where it runs (pod.ts wires it to the
 * in-cluster API and stdout): probe the target until it answers, say it is
 * ready, wait for the start the scale test sets once every pod is ready,
 * then load at its share of the rate, one window line per whole second of
 * its clock, following rate changes, until told to stop, the control
 * disappears or goes stale, or its time is up.
 */
import { sleep } from "../shared/sleep";
import { startLocalLoad } from "./local";
import { probeLatencyMs } from "./probe";
import { Control, lineWriter } from "./pod-protocol";
import { encodeWindow } from "./window";

export interface PodTiming {
  /** How often the control is read. */
  pollMs: number;
  /** How long the target may take to answer the first probe (its pods may still be starting). */
  readyTimeoutMs: number;
  /** How long to wait for the start once ready. */
  startTimeoutMs: number;
  /** Stop when the heartbeat has not changed (or the control could not be read) for this long. */
  heartbeatTimeoutMs: number;
}

const POD_TIMING: PodTiming = {
  pollMs: 1000,
  readyTimeoutMs: 120_000,
  startTimeoutMs: 300_000,
  heartbeatTimeoutMs: 45_000,
};

export interface PodRunOptions {
  url: string;
  /** The target's host, vouched for by pod.ts (the stack's Service in this namespace). */
  allowedHosts: string[];
  /** This pod's index, 0..pods-1, and the number of pods sharing the rate. */
  index: number;
  pods: number;
  /** The most connections this pod opens (its part of the run's, connectionsOf). */
  connections: number;
  /** The load stops by itself after this long. */
  maxSeconds: number;
  cpuLimitMillicores?: number;
  /** The run's control; "gone" once it was deleted. */
  readControl: () => Promise<Control | "gone">;
  /** One protocol line (pod-protocol.ts) to stdout. */
  write: (text: string) => void;
  /** Aborted on SIGTERM: stop loading, report and exit. */
  signal?: AbortSignal;
  timing?: Partial<PodTiming>;
  probe?: (url: string) => Promise<number>;
}

/** Each pod's share of a total arrival rate: an equal part, fractional too (3 req/s over 2 pods: 1.5 each). */
export function shareOf(rate: number, pods: number): number {
  return rate / pods;
}

/**
 * Pod `index`'s part of the run's connections: whole numbers, one more for
 * the first `total % pods`, at least one each (10 over 3 pods: 4, 3, 3).
 */
export function connectionsOf(total: number, index: number, pods: number): number {
  const whole = Math.max(pods, Math.floor(total));
  return Math.floor(whole / pods) + (index < whole % pods ? 1 : 0);
}

/**
 * Pod `index`'s part of the run's closed-loop clients: whole numbers, one
 * more for the first `total % pods`; a pod may get none (3 over 5 pods: 1,
 * 1, 1, 0, 0), and then sends nothing.
 */
export function clientsOf(total: number, index: number, pods: number): number {
  return Math.floor(total / pods) + (index < total % pods ? 1 : 0);
}

/** The control as last read, polled until stopped; `ended` says why the pod should stop. */
class ControlWatch {
  current: Control | undefined;
  private heartbeatSeenMs = Date.now();
  private failingSinceMs: number | undefined;
  private lastError = "";
  private gone = false;
  private readonly halt = new AbortController();
  private loop: Promise<void>;

  constructor(
    private readonly read: () => Promise<Control | "gone">,
    private readonly timing: PodTiming,
    private readonly onChange: (c: Control) => void,
  ) {
    this.loop = this.poll();
  }

  private async poll(): Promise<void> {
    while (!this.halt.signal.aborted && !this.gone) {
      try {
        const next = await this.read();
        this.failingSinceMs = undefined;
        if (next === "gone") this.gone = true;
        else {
          if (next.heartbeat !== this.current?.heartbeat) this.heartbeatSeenMs = Date.now();
          this.current = next;
          this.onChange(next);
        }
      } catch (err) {
        this.failingSinceMs ??= Date.now();
        this.lastError = (err as Error).message;
      }
      if (!this.gone) await sleep(this.timing.pollMs, this.halt.signal);
    }
  }

  /** Why the pod should stop now, or undefined to go on. */
  ended(): string | undefined {
    const now = Date.now();
    if (this.gone) return "its control ConfigMap was deleted";
    if (this.current?.stop) return "the scale test stopped the run";
    if (this.failingSinceMs !== undefined && now - this.failingSinceMs > this.timing.heartbeatTimeoutMs) {
      return `its control could not be read for ${this.timing.heartbeatTimeoutMs / 1000} s (${this.lastError})`;
    }
    if (now - this.heartbeatSeenMs > this.timing.heartbeatTimeoutMs) {
      return `no heartbeat from the scale test for ${this.timing.heartbeatTimeoutMs / 1000} s`;
    }
    return undefined;
  }

  async stop(): Promise<void> {
    this.halt.abort();
    await this.loop;
  }
}

/** Probes until the target answers 2xx, or the time is up; the median latency, or why not. */
async function probeUntilAnswered(o: PodRunOptions, t: PodTiming): Promise<number | string> {
  const deadline = Date.now() + t.readyTimeoutMs;
  const probe = o.probe ?? ((url: string) => probeLatencyMs(url));
  for (;;) {
    try {
      return await probe(o.url);
    } catch (err) {
      const left = deadline - Date.now();
      if (left <= 0 || o.signal?.aborted) {
        return `${o.url} did not answer within ${t.readyTimeoutMs / 1000} s: ${(err as Error).message}`;
      }
      await sleep(Math.min(2000, left), o.signal);
    }
  }
}

/** Runs the pod (see the file comment); resolves with its exit code. */
export async function runPod(o: PodRunOptions): Promise<number> {
  const t = { ...POD_TIMING, ...o.timing };
  const emit = lineWriter(o.write);
  const index = o.index;
  const probeMs = await probeUntilAnswered(o, t);
  if (typeof probeMs === "string") {
    emit({ type: "failed", index, reason: probeMs });
    return 1;
  }
  emit({ type: "ready", index, probeMs });

  let onChange: (c: Control) => void = () => undefined;
  const watch = new ControlWatch(o.readControl, t, (c) => onChange(c));
  const waitUntil = Date.now() + t.startTimeoutMs;
  while (watch.current?.startAt === undefined && !watch.ended() && !o.signal?.aborted && Date.now() < waitUntil) {
    await sleep(100, o.signal);
  }
  const startAt = watch.current?.startAt;
  const early = watch.ended() ?? (o.signal?.aborted ? "it was terminated" : undefined);
  if (startAt === undefined || early) {
    await watch.stop();
    const reason = early ?? `no start within ${t.startTimeoutMs / 1000} s of being ready`;
    emit(early ? { type: "done", index, reason } : { type: "failed", index, reason });
    return early ? 0 : 1;
  }
  await sleep(startAt - Date.now(), o.signal);

  let markMs = Date.now();
  const run = startLocalLoad({
    url: o.url,
    connections: o.connections,
    rate: shareOf(watch.current?.rate ?? 0, o.pods),
    maxSeconds: o.maxSeconds,
    allowedHosts: o.allowedHosts,
    cpuLimitMillicores: o.cpuLimitMillicores,
  });
  emit({ type: "started", index, share: run.rate() });
  // The share asked over a window, weighted by how long each rate held.
  let askedMs = 0;
  let cutMs = markMs;
  const account = () => {
    const now = Date.now();
    askedMs += run.rate() * (now - markMs);
    markMs = now;
  };
  onChange = (c) => {
    const clients = c.concurrency === undefined ? undefined : clientsOf(c.concurrency, index, o.pods);
    if (clients !== undefined && clients > 0) {
      if (clients === run.concurrency()) return;
      account();
      run.setConcurrency(clients);
      return;
    }
    const share = clients === 0 ? 0 : shareOf(c.rate, o.pods);
    if (share === run.rate() && run.concurrency() === undefined) return;
    account();
    run.setRate(share);
  };
  // A run that starts in the closed loop: the rate above was only the share's default.
  if (watch.current) onChange(watch.current);
  const emitWindow = () => {
    account();
    const { window, health } = run.takeWindow();
    emit({ type: "window", index, share: askedMs / Math.max(1, markMs - cutMs), window: encodeWindow(window), health });
    askedMs = 0;
    cutMs = markMs;
  };
  // Windows end on whole seconds of this pod's clock, so all pods' windows line up.
  let ticker: NodeJS.Timeout | undefined;
  const tick = () => {
    ticker = setTimeout(
      () => {
        emitWindow();
        tick();
      },
      1000 - (Date.now() % 1000),
    );
  };
  tick();

  let ended: string | undefined;
  let finished = false;
  void run.done.then(
    () => (finished = true),
    () => (finished = true),
  );
  while (!(ended = watch.ended()) && !finished && !o.signal?.aborted) await sleep(200, o.signal);
  clearTimeout(ticker);
  await run.stop();
  await watch.stop();
  emitWindow();
  emit({ type: "done", index, reason: ended ?? (finished ? `its ${o.maxSeconds} s were up` : "it was terminated") });
  return 0;
}
