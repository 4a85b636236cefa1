/**
 * What load produced over a stretch of time, in a form that adds up: counts
 * of requests that came due, waited for a connection or were dropped, of
 * completed, failed and timed-out ones, and an exact latency histogram.
 * Windows from several generators, or consecutive windows of one, merge into
 * one whose percentiles are those of all its requests.
 */
import {
  decodeHistogram,
  encodeHistogram,
  LatencyHistogram,
  maxMs,
  mergeHistograms,
  newLatencyHistogram,
  percentileMs,
} from "./latency";

export interface LoadWindow {
  /** Wall-clock bounds, epoch ms. */
  startMs: number;
  endMs: number;
  /** Requests that came due at the arrival rate. */
  due: number;
  /** Due requests that found no free connection (all the cap allows were busy) and waited: sent late or dropped. */
  queued: number;
  /** Queued requests that waited the whole request timeout and were never sent. */
  dropped: number;
  /** Responses received, whatever their status. */
  responses: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  /** Connection errors other than timeouts (refused, reset, ...). */
  errors: number;
  timeouts: number;
  /** Latencies of the responses, from each request's due time (a wait for a connection included). */
  latency: LatencyHistogram;
}

/** A window as it crosses a process boundary: the histogram encoded. */
export type EncodedWindow = Omit<LoadWindow, "latency"> & { latency: string };

export function emptyWindow(startMs: number): LoadWindow {
  return {
    startMs,
    endMs: startMs,
    due: 0,
    queued: 0,
    dropped: 0,
    responses: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    latency: newLatencyHistogram(),
  };
}

/**
 * Failed requests: errors + timeouts + non-2xx + dropped, what the error
 * budget counts. A dropped request is one a user would have sent and never
 * had answered: the wait for a connection was the timeout, as if it had
 * been sent and timed out. Leaving it out would let an overloaded run, whose
 * connections were all stuck on a slow target, pass with fewer failures the
 * more it dropped. (Whether the generator's own connection cap caused the
 * wait is the saturation rule's question, health.ts.)
 */
export function failed(w: Pick<LoadWindow, "errors" | "timeouts" | "non2xx" | "dropped">): number {
  return w.errors + w.timeouts + w.non2xx + w.dropped;
}

/** Responses per second over the window. */
export function ratePerSecond(w: LoadWindow): number {
  const seconds = (w.endMs - w.startMs) / 1000;
  return seconds > 0 ? w.responses / seconds : 0;
}

/** The windows added up: counts summed, histograms merged, bounds spanning them all. */
export function mergeWindows(windows: LoadWindow[]): LoadWindow | undefined {
  if (windows.length === 0) return undefined;
  return {
    startMs: Math.min(...windows.map((w) => w.startMs)),
    endMs: Math.max(...windows.map((w) => w.endMs)),
    due: sum(windows, "due"),
    queued: sum(windows, "queued"),
    dropped: sum(windows, "dropped"),
    responses: sum(windows, "responses"),
    non2xx: sum(windows, "non2xx"),
    errors: sum(windows, "errors"),
    timeouts: sum(windows, "timeouts"),
    latency: mergeHistograms(windows.map((w) => w.latency)),
  };
}

type Count = "due" | "queued" | "dropped" | "responses" | "non2xx" | "errors" | "timeouts";

function sum(windows: LoadWindow[], key: Count): number {
  return windows.reduce((total, w) => total + w[key], 0);
}

export function encodeWindow(w: LoadWindow): EncodedWindow {
  return { ...w, latency: encodeHistogram(w.latency) };
}

export function decodeWindow(w: EncodedWindow): LoadWindow {
  return { ...w, latency: decodeHistogram(w.latency) };
}

/** The 99th percentile latency of a window in ms; null when nothing completed. */
export function p99Ms(w: LoadWindow): number | null {
  return percentileMs(w.latency, 99);
}

/** Who generated the load, for the report. */
export type LoadOrigin =
  | { from: "local" }
  | {
      /** No request was sent: each Ready pod was told its share of the demand's CPU (load/simulated.ts). */
      from: "simulated";
      /** CPU one simulated request costs, ms. */
      costMs: number;
      /** The per-pod cap its share met, millicores; null: none. */
      limitMillicores: number | null;
    }
  | {
      from: "cluster";
      /** The Job's name and the run label its objects carry. */
      job: string;
      run: string;
      /** Each load pod: where it ran, when it started loading (its clock, epoch ms) and what it reached overall. */
      pods: Array<{
        name: string;
        index: number;
        node: string;
        startedAtMs: number | null;
        /** Its share of the rate, time-weighted over its load, req/s. */
        shareReqPerSec: number;
        /** Responses per second it completed over its load. */
        reachedReqPerSec: number;
        lost: boolean;
      }>;
      /** Latest minus earliest start among the pods, ms; null until every pod started. */
      startSpreadMs: number | null;
    };

/** A load run summed up for people and for the error budget. */
export interface LoadSummary {
  url: string;
  /** Requests that came due at the arrival rate. */
  due: number;
  /** Due requests that waited for a connection (every one the cap allows was busy): sent late, or dropped. */
  queued: number;
  /** Queued requests dropped after waiting the request timeout; counted in `failed`. */
  dropped: number;
  /** Completed requests (any status). */
  requests: number;
  reqPerSec: number;
  /** Latency percentiles of all responses, from their due times. */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Connection errors other than timeouts (refused, reset, ...). */
  errors: number;
  timeouts: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  /** errors + timeouts + non2xx + dropped: the number the error budget is checked against. */
  failed: number;
  durationSeconds: number;
  /** The most connections the generators could open. */
  connections: number;
  /** Who generated the load: this machine, or load pods with their start times and rates. */
  origin?: LoadOrigin;
}

/** The summary of a (merged) window. */
export function summarize(w: LoadWindow, url: string, connections: number): LoadSummary {
  return {
    url,
    due: w.due,
    queued: w.queued,
    dropped: w.dropped,
    requests: w.responses,
    reqPerSec: ratePerSecond(w),
    p50Ms: percentileMs(w.latency, 50),
    p99Ms: percentileMs(w.latency, 99),
    maxMs: maxMs(w.latency),
    errors: w.errors,
    timeouts: w.timeouts,
    non2xx: w.non2xx,
    failed: failed(w),
    durationSeconds: (w.endMs - w.startMs) / 1000,
    connections,
  };
}
