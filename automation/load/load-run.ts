/**
 * The one load interface the scale test drives, whoever generates the load:
 * autocannon on this machine (local.ts) or a Job of load pods in the cluster
 * (cluster.ts). Only shapes here, so both sides and the specs share them.
 */
import type { LoadOrigin, LoadWindow } from "./window";

export type { LoadOrigin };

/** How hard one generator worked over a window: a saturated one cannot keep its rate. */
export interface GeneratorShare {
  /** "this machine", or a load pod's name. */
  name: string;
  /** Requests per second it was asked for over the window (its share of the total). */
  asked: number;
  /** Responses per second it completed over the window. */
  achieved: number;
  /** CPU it used, percent of what it may use: one core, or its CPU limit when lower. */
  cpuPercent: number;
  /** 99th percentile event-loop delay, ms: high when its loop cannot keep up. */
  eventLoopP99Ms: number;
  /** Requests that came due over the window, of them those that waited for a connection, and those dropped. */
  due: number;
  queued: number;
  dropped: number;
  /** True when it stopped reporting while the load ran (its pod ended early). */
  lost?: boolean;
}

/** How hard the generators worked over a window: the busiest one's figures, and each one's when there are several. */
export interface GeneratorHealth {
  /** CPU use of the busiest generator, percent of what it may use (one core, or its CPU limit when lower). */
  cpuPercent: number;
  /** The largest 99th percentile event-loop delay among the generators, ms. */
  eventLoopP99Ms: number;
  /**
   * Over all generators: requests that came due over the window, those that
   * found every connection the cap allows busy and waited, and those dropped
   * after waiting the request timeout.
   */
  due: number;
  queued: number;
  dropped: number;
  /** Each generator's share of the window; absent for a single local generator. */
  generators?: GeneratorShare[];
}

export interface LoadRun {
  /**
   * Changes the total arrival rate, requests per second: any finite number
   * >= 0, fractional too (0.2 is a request every 5 s), whatever the number
   * of connections; it takes effect at once. Throws on a negative or
   * non-finite rate.
   */
  setRate(rate: number): void;
  /** The arrival rate the generator is asked for now (0 in the closed loop). */
  rate(): number;
  /**
   * From now on `clients` clients back to back (the closed loop of the
   * runbook's load script): each sends its next request when its last one
   * ended, so the rate is what the target's latency allows. setRate returns
   * to an arrival rate. Throws unless `clients` is a whole number >= 1.
   */
  setConcurrency(clients: number): void;
  /** The clients of the closed loop; undefined at an arrival rate. */
  concurrency(): number | undefined;
  /** Everything since the previous call (or the start), and the generators' health over it. */
  takeWindow(): { window: LoadWindow; health: GeneratorHealth };
  /** Responses completed between two wall-clock times (epoch ms), from a per-second log. */
  responsesBetween(fromMs: number, toMs: number): number;
  /** Who generated the load, and how each generator did. */
  origin(): LoadOrigin;
  /** Stops the load (and removes what it created); resolves once it has. */
  stop(): Promise<void>;
  /** Resolves when the load has ended, by stop() or maxSeconds. */
  done: Promise<void>;
}

/**
 * A load generator before it loads: it can measure the target's idle
 * latency first (the cost guess calibration starts from), then start at a
 * rate. Whatever it created is removed by the run's stop(), or by close()
 * when it never started.
 */
export interface LoadGenerator {
  /** The median latency of sequential requests before any load, ms. */
  probe(): Promise<number>;
  /** Starts loading at an arrival rate of `rate` requests per second in total (>= 0); resolves once every generator loads. */
  start(rate: number): Promise<LoadRun>;
  /** Removes what the generator created, if it never started. Safe to call twice. */
  close(): Promise<void>;
}
