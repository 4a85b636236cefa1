/**
 * A saturated generator is not a slow HPA. The rule, one place for local and
 * cluster load: a generator fell behind in a window when it completed less
 * than 90 % of what it was asked for while it was busy (its CPU above 90 % of
 * what it may use, or its event loop delayed past 50 ms); when its
 * connection cap bound it: more than 10 % of the requests that came due
 * found every connection it may open busy and waited, or any waited out the
 * request timeout and was dropped (the rate it offered was no longer the
 * rate asked); or when it stopped reporting altogether. It is saturated when it fell behind in most of the
 * windows of the plateau (one slow window is a hiccup, most are a ceiling),
 * or when it stopped reporting: a pod that died took its share with it.
 */
import { median } from "../shared/stats";
import type { GeneratorHealth, GeneratorShare } from "./load-run";

/** A generator that reaches less than this share of its rate while busy is saturated. */
const SATURATED_SHARE = 0.9;
/** A generator whose due requests waited for a connection more often than this share of them was bound by its cap. */
export const QUEUED_SHARE = 0.1;
/** Busy: CPU above this percent of what it may use, or event-loop delay p99 above this. */
const BUSY = { cpuPercent: 90, eventLoopP99Ms: 50 } as const;
/** What a single local generator is called in the verdict. */
export const LOCAL_GENERATOR = "this machine";

/**
 * What the generators owed in a window: the completed rate the demand needs
 * (`wanted`), each its part of it. A controller asks for more than that to
 * make up for slow responses spilling past their second; that surplus is not
 * a share a generator failed to keep. Without a demand the asked rate is owed.
 */
export function owedShares(
  h: GeneratorHealth,
  asked: number,
  wanted: number | undefined,
): GeneratorHealth & { asked: number } {
  const owed = wanted === undefined ? asked : Math.min(asked, wanted);
  const scale = asked > 0 ? owed / asked : 1;
  const generators = h.generators?.map((g) => ({ ...g, asked: g.asked * scale }));
  return { ...h, ...(generators ? { generators } : {}), asked: owed };
}

/** True when the generator could not keep its share over the window. */
export function fellBehind(g: GeneratorShare): boolean {
  if (g.lost) return true;
  if (g.dropped > 0 || g.queued > QUEUED_SHARE * g.due) return true;
  const busy = g.cpuPercent > BUSY.cpuPercent || g.eventLoopP99Ms > BUSY.eventLoopP99Ms;
  return busy && g.achieved < SATURATED_SHARE * g.asked;
}

/** One window as the run recorded it: the health and the total asked and achieved. */
export type HealthWindow = GeneratorHealth & { asked: number; achieved: number };

/** One generator over the plateau. */
export interface GeneratorReport {
  name: string;
  /** Medians over the windows, req/s. */
  shareReqPerSec: number;
  reachedReqPerSec: number;
  maxCpuPercent: number;
  maxEventLoopP99Ms: number;
  /** Of the requests that came due over the plateau, the share that waited for a connection (0..1), and those dropped. */
  queuedShare: number;
  dropped: number;
  /** Windows in which it fell behind, of how many. */
  behindWindows: number;
  windows: number;
  /** True when it stopped reporting while the load ran. */
  lost: boolean;
}

export interface GeneratorVerdict {
  maxCpuPercent: number;
  maxEventLoopP99Ms: number;
  /** True when any generator fell behind in more than half of its windows. */
  saturated: boolean;
  /** The names of those generators. */
  behind: string[];
  generators: GeneratorReport[];
}

/** Each window's generators: the ones it lists, or the local generator with the window's totals. */
function sharesOf(w: HealthWindow): GeneratorShare[] {
  return w.generators ?? [{ name: LOCAL_GENERATOR, ...w }];
}

/** Judges the generators over the plateau's windows (see the file comment). */
export function judgeGenerators(windows: HealthWindow[]): GeneratorVerdict {
  const byName = new Map<string, GeneratorShare[]>();
  for (const share of windows.flatMap(sharesOf)) byName.set(share.name, [...(byName.get(share.name) ?? []), share]);
  const generators = [...byName].map(([name, shares]): GeneratorReport => {
    const due = total(shares, "due");
    return {
      name,
      shareReqPerSec: median(shares.map((s) => s.asked)) ?? 0,
      reachedReqPerSec: median(shares.map((s) => s.achieved)) ?? 0,
      maxCpuPercent: Math.round(Math.max(0, ...shares.map((s) => s.cpuPercent))),
      maxEventLoopP99Ms: Math.round(Math.max(0, ...shares.map((s) => s.eventLoopP99Ms))),
      queuedShare: due > 0 ? total(shares, "queued") / due : 0,
      dropped: total(shares, "dropped"),
      behindWindows: shares.filter(fellBehind).length,
      windows: shares.length,
      lost: shares.some((s) => s.lost),
    };
  });
  const behind = generators.filter((g) => g.lost || g.behindWindows > g.windows / 2).map((g) => g.name);
  return {
    maxCpuPercent: Math.max(0, ...generators.map((g) => g.maxCpuPercent)),
    maxEventLoopP99Ms: Math.max(0, ...generators.map((g) => g.maxEventLoopP99Ms)),
    saturated: behind.length > 0,
    behind,
    generators,
  };
}

function total(shares: GeneratorShare[], key: "due" | "queued" | "dropped"): number {
  return shares.reduce((sum, s) => sum + s[key], 0);
}
