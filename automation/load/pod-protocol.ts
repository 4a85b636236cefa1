/**
 * How the scale test and its load pods talk. Down: one ConfigMap per run
 * that the pods poll (the total rate, when to start, when to stop, and a
 * heartbeat). Up: one JSON line per event on each pod's stdout, which the
 * scale test follows through the pods' logs. Windows travel with their
 * latency histogram encoded, so the scale test merges them exactly.
 * Every line names the protocol, so an image of another version is told
 * apart from a broken one.
 *
 * feastflow-loadgen/2: the rate is an arrival rate in decimal (a pod's
 * share may be below one request per second), and windows count the
 * requests that came due, waited for a connection and were dropped.
 */
import { assertRate } from "./arrivals";
import type { GeneratorHealth } from "./load-run";
import type { EncodedWindow } from "./window";

/** Bumped whenever a line or the control changes shape. */
export const PROTOCOL = "feastflow-loadgen/2";

interface LineBase {
  p: typeof PROTOCOL;
  /** The pod's completion index, 0..N-1. */
  index: number;
  /** Counts the pod's lines from 0, so lines read twice (a log stream reopened) are dropped. */
  seq: number;
  /** The pod's clock, epoch ms. */
  at: number;
}

/** The pod reached its target and waits for the start. */
export type ReadyLine = LineBase & { type: "ready"; probeMs: number };
/** The pod started loading, at `at`, with its share of the rate. */
export type StartedLine = LineBase & { type: "started"; share: number };
/** The pod's results since its previous window, and how hard it worked. */
export type WindowLine = LineBase & { type: "window"; share: number; window: EncodedWindow; health: GeneratorHealth };
/** The pod stopped loading; its last window came before this. */
export type DoneLine = LineBase & { type: "done"; reason: string };
/** The pod gave up before loading (its target never answered, the start never came). */
export type FailedLine = LineBase & { type: "failed"; reason: string };

export type PodLine = ReadyLine | StartedLine | WindowLine | DoneLine | FailedLine;

/** Spreads Omit over a union, so each line keeps its own fields. */
type WithoutBase<T> = T extends unknown ? Omit<T, "p" | "seq" | "at"> : never;

/** Numbers each line a pod writes and stamps it with the protocol and the pod's clock. */
export function lineWriter(write: (text: string) => void, now: () => number = Date.now) {
  let seq = 0;
  return (line: WithoutBase<PodLine>): void => write(JSON.stringify({ p: PROTOCOL, seq: seq++, at: now(), ...line }));
}

const TYPES = new Set(["ready", "started", "window", "done", "failed"]);

/**
 * A pod's log line as a PodLine; undefined for anything else it printed (a
 * Node warning, a stack trace). Throws when the line is ours but of another
 * protocol version: the image and the scale test do not match.
 */
export function parseLine(text: string): PodLine | undefined {
  if (!text.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const line = value as Partial<PodLine> & { p?: unknown };
  if (typeof line.p !== "string" || !line.p.startsWith("feastflow-loadgen/")) return undefined;
  if (line.p !== PROTOCOL) {
    throw new Error(
      `the load pod speaks ${line.p} and this scale test ${PROTOCOL}: rebuild the image from this checkout (bash cluster/images, or docker build -f automation/load/image/Dockerfile) or pass a matching --loadgen-image`,
    );
  }
  const numbers = [line.index, line.seq, line.at].every((n) => typeof n === "number" && Number.isFinite(n));
  return numbers && typeof line.type === "string" && TYPES.has(line.type) ? (line as PodLine) : undefined;
}

/** What the pods read from the run's ConfigMap. */
export interface Control {
  /** Arrival rate over all pods, requests per second, >= 0 and fractional too; each pod takes rate ÷ pods. */
  rate: number;
  /** When set, clients back to back over all pods instead of the rate (clientsOf splits them). */
  concurrency?: number;
  /** When to start, epoch ms on the pods' clocks; absent until every pod is ready. */
  startAt?: number;
  /** Set when the run is over: the pods stop and exit. */
  stop: boolean;
  /** Bumped by the scale test every few seconds; pods stop when it stays the same too long. */
  heartbeat: number;
}

/** Decimal places of the rate in the ConfigMap: a millionth of a request per second is finer than any run needs. */
const RATE_DECIMALS = 6;

/** A rate as the ConfigMap holds it: rounded to RATE_DECIMALS, in plain decimal (never 1e-7). */
export function controlRate(rate: number): number {
  assertRate(rate);
  return Math.round(rate * 10 ** RATE_DECIMALS) / 10 ** RATE_DECIMALS;
}

/** The ConfigMap's data for a control. */
export function controlData(c: Control): Record<string, string> {
  return {
    // Rounded to 6 decimals, String() writes no exponent for the rates a run may ask (below 1e21).
    rate: String(controlRate(c.rate)),
    ...(c.concurrency === undefined ? {} : { concurrency: String(c.concurrency) }),
    ...(c.startAt === undefined ? {} : { startAt: String(Math.round(c.startAt)) }),
    stop: String(c.stop),
    heartbeat: String(c.heartbeat),
  };
}

/** A ConfigMap's data as a control; throws on a malformed one rather than guessing a rate. */
export function parseControl(data: Record<string, string> | undefined): Control {
  const number = (key: string, text: string | undefined, pattern = /^\d{1,15}$/): number => {
    const value = text !== undefined && pattern.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value)) throw new Error(`the control ConfigMap's ${key} is ${JSON.stringify(text)}`);
    return value;
  };
  return {
    rate: number("rate", data?.rate, /^\d{1,15}(\.\d{1,6})?$/),
    ...(data?.concurrency === undefined
      ? {}
      : { concurrency: number("concurrency", data.concurrency, /^[1-9]\d{0,5}$/) }),
    startAt: data?.startAt === undefined ? undefined : number("startAt", data.startAt),
    stop: data?.stop === "true",
    heartbeat: number("heartbeat", data?.heartbeat),
  };
}
