/**
 * The target pods' CPU as the metrics API serves it (metrics.k8s.io, what the
 * HPA reads): the adapter that reads it, and the pure step that turns one
 * reading and the load's own counts into what a request costs.
 */
import { cpuMillicores } from "../../components/quantity";
import type { Kube } from "./kube";
import type { CostReading } from "./demand";

/** One pod's CPU over a metrics-server window. */
export interface PodCpu {
  pod: string;
  millicores: number;
  /** End of the window, epoch ms. */
  timestampMs: number;
  windowSeconds: number;
}

interface PodMetricsItem {
  metadata?: { name?: string };
  timestamp?: string;
  window?: string;
  containers?: Array<{ usage?: { cpu?: string } }>;
}

/** metrics-server's windows ("15s", "15.021s", "1m0s") in seconds. */
export function windowSeconds(text: string | undefined): number {
  const match = /^(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text ?? "");
  if (!match || (!match[1] && !match[2])) return NaN;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/** Pure: one PodCpu per pod whose metrics parse. */
export function toPodCpu(items: PodMetricsItem[]): PodCpu[] {
  const out: PodCpu[] = [];
  for (const item of items) {
    const cpu = (item.containers ?? []).map((c) => cpuMillicores(c.usage?.cpu ?? ""));
    const timestampMs = Date.parse(item.timestamp ?? "");
    const window = windowSeconds(item.window);
    if (!item.metadata?.name || cpu.some((v) => v === undefined) || !Number.isFinite(timestampMs + window)) continue;
    out.push({
      pod: item.metadata.name,
      millicores: cpu.reduce((a: number, b) => a + (b ?? 0), 0),
      timestampMs,
      windowSeconds: window,
    });
  }
  return out;
}

/** Reads the CPU of the pods matching `selector`. */
export async function readPodCpu(kube: Kube, namespace: string, selector: string): Promise<PodCpu[]> {
  const list = (await kube.custom.listNamespacedCustomObject({
    group: "metrics.k8s.io",
    version: "v1beta1",
    namespace,
    plural: "pods",
    labelSelector: selector,
  })) as { items?: PodMetricsItem[] };
  return toPodCpu(list.items ?? []);
}

/** Pods scraped in one pass share a timestamp; allow for a multi-node cluster's few seconds between nodes. */
const SAME_PASS_MS = 3000;

/**
 * The seconds before a sample whose completed requests a simulated pod's CPU
 * stands for: kwok reports the usage the load last wrote (once a second), not
 * an average over the window.
 */
const AT_SCRAPE_MS = 2000;

/** A cost reading with the window it covers, epoch ms. */
export type TimedReading = CostReading & { fromMs: number; timestampMs: number };

/**
 * One reading of what the load cost: the newest pass of samples, if it is
 * newer than `afterMs`, lies wholly after `notBeforeMs`, and covers every pod
 * that is Ready now (a Ready pod without a sample takes requests whose CPU
 * the reading would miss). The CPU is all the pods burnt, idle included:
 * what the HPA sees, so the demand the run holds is the demand it is judged by;
 * it is set against the requests completed over the window, or just before
 * the sample when the pods report their usage at it (`atScrape`).
 */
export function costReading(
  samples: PodCpu[],
  args: {
    readyPods: string[];
    afterMs: number;
    notBeforeMs: number;
    responsesBetween: (fromMs: number, toMs: number) => number;
    /** The CPU is the usage at the sample (simulated pods), to be set against the rate just before it. */
    atScrape?: boolean;
  },
): TimedReading | undefined {
  if (samples.length === 0) return undefined;
  const newest = Math.max(...samples.map((s) => s.timestampMs));
  const pass = samples.filter((s) => newest - s.timestampMs <= SAME_PASS_MS);
  const windowMs = Math.max(...pass.map((s) => s.windowSeconds)) * 1000;
  const fromMs = newest - windowMs;
  if (newest <= args.afterMs || fromMs < args.notBeforeMs || windowMs <= 0) return undefined;
  const sampled = new Set(pass.map((s) => s.pod));
  if (args.readyPods.some((pod) => !sampled.has(pod))) return undefined;
  const cpu = pass.reduce((total, s) => total + s.millicores, 0);
  return {
    fromMs,
    timestampMs: newest,
    cpuMillicores: cpu,
    responsesPerSecond: args.atScrape
      ? args.responsesBetween(newest - AT_SCRAPE_MS, newest) / (AT_SCRAPE_MS / 1000)
      : args.responsesBetween(fromMs, newest) / (windowMs / 1000),
  };
}

/** The median CPU of the pods' latest samples: their idle baseline before any load. */
export function idleBaseline(samples: PodCpu[]): number {
  if (samples.length === 0) return 0;
  const sorted = samples.map((s) => s.millicores).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
