/**
 * The load pods' windows, merged as they arrive. Each pod cuts a window at
 * every whole second of its clock and its log brings it here a moment later,
 * so a take merges the seconds every loading pod has delivered (a pod silent
 * for a few seconds does not hold the others back) and keeps the rest for
 * the next take. Counts add up and histograms merge (window.ts), so a take's
 * p99, and the whole run's, is that of all requests of all pods.
 */
import type { GeneratorHealth, GeneratorShare } from "./load-run";
import { emptyWindow, LoadWindow, mergeWindows } from "./window";

/** A pod that delivered nothing for this long no longer holds a take back. */
const SILENT_MS = 3000;
/** Windows ending within this of the cut belong to the same second (clocks and timers differ by a few ms). */
const SAME_SECOND_MS = 500;

interface PodWindow {
  window: LoadWindow;
  share: number;
  cpuPercent: number;
  eventLoopP99Ms: number;
}

interface PodState {
  pending: PodWindow[];
  /** When its newest window ended (its clock) and when that window arrived (ours). */
  lastEndMs: number;
  lastSeenMs: number;
  loading: boolean;
  lost: boolean;
  share: number;
  /** Over the whole load: responses, seconds and share × seconds. */
  responses: number;
  seconds: number;
  shareSeconds: number;
}

/** One pod over its whole load, for the report. */
export interface PodTotals {
  index: number;
  shareReqPerSec: number;
  reachedReqPerSec: number;
  lost: boolean;
}

export class PodWindows {
  private readonly pods = new Map<number, PodState>();
  /** Every window's span and responses, for responsesBetween. */
  private readonly spans: Array<{ startMs: number; endMs: number; responses: number }> = [];
  private lastTakenMs: number | undefined;

  constructor(private readonly nameOf: (index: number) => string) {}

  private pod(index: number): PodState {
    let state = this.pods.get(index);
    if (!state) {
      state = {
        pending: [],
        lastEndMs: 0,
        lastSeenMs: 0,
        loading: false,
        lost: false,
        share: 0,
        responses: 0,
        seconds: 0,
        shareSeconds: 0,
      };
      this.pods.set(index, state);
    }
    return state;
  }

  /** A pod started loading at its share. */
  started(index: number, share: number, nowMs: number = Date.now()): void {
    Object.assign(this.pod(index), { loading: true, share, lastSeenMs: nowMs });
  }

  /** A pod's window arrived. */
  add(index: number, w: PodWindow, nowMs: number = Date.now()): void {
    const state = this.pod(index);
    state.pending.push(w);
    state.lastEndMs = Math.max(state.lastEndMs, w.window.endMs);
    state.lastSeenMs = nowMs;
    state.share = w.share;
    const seconds = Math.max(0, (w.window.endMs - w.window.startMs) / 1000);
    state.responses += w.window.responses;
    state.seconds += seconds;
    state.shareSeconds += w.share * seconds;
    this.spans.push({ startMs: w.window.startMs, endMs: w.window.endMs, responses: w.window.responses });
  }

  /** A pod stopped loading: said so (done), or its log ended without a word (lost). */
  ended(index: number, lost: boolean): void {
    const state = this.pod(index);
    if (lost && state.loading) state.lost = true;
    state.loading = false;
  }

  /** Everything complete since the previous take, merged, and each pod's share of it. */
  take(nowMs: number = Date.now()): { window: LoadWindow; health: GeneratorHealth } {
    const holding = [...this.pods.values()].filter((s) => s.loading && nowMs - s.lastSeenMs <= SILENT_MS);
    const cut = holding.length > 0 ? Math.min(...holding.map((s) => s.lastEndMs)) + SAME_SECOND_MS : Infinity;
    const generators: GeneratorShare[] = [];
    const taken: LoadWindow[] = [];
    for (const [index, state] of [...this.pods].sort(([a], [b]) => a - b)) {
      const mine = state.pending.filter((w) => w.window.endMs <= cut);
      state.pending = state.pending.filter((w) => w.window.endMs > cut);
      if (mine.length > 0) {
        taken.push(...mine.map((w) => w.window));
        generators.push(shareOf(this.nameOf(index), mine));
      } else if (state.lost) {
        generators.push({
          name: this.nameOf(index),
          asked: state.share,
          achieved: 0,
          cpuPercent: 0,
          eventLoopP99Ms: 0,
          due: 0,
          queued: 0,
          dropped: 0,
          lost: true,
        });
      }
    }
    const start = this.lastTakenMs ?? Math.min(nowMs, ...taken.map((w) => w.startMs));
    const window = mergeWindows(taken) ?? { ...emptyWindow(start), endMs: start };
    this.lastTakenMs = window.endMs;
    return {
      window,
      health: {
        cpuPercent: Math.max(0, ...generators.map((g) => g.cpuPercent)),
        eventLoopP99Ms: Math.max(0, ...generators.map((g) => g.eventLoopP99Ms)),
        due: window.due,
        queued: window.queued,
        dropped: window.dropped,
        generators,
      },
    };
  }

  /** Responses completed between two times (epoch ms), each window's spread evenly over its span. */
  responsesBetween(fromMs: number, toMs: number): number {
    let total = 0;
    for (const s of this.spans) {
      const overlap = Math.min(toMs, s.endMs) - Math.max(fromMs, s.startMs);
      if (overlap > 0) total += (s.responses * overlap) / Math.max(1, s.endMs - s.startMs);
    }
    return total;
  }

  /** Each pod over its whole load: its share and what it reached, time-weighted. */
  totals(): PodTotals[] {
    return [...this.pods]
      .sort(([a], [b]) => a - b)
      .map(([index, s]) => ({
        index,
        shareReqPerSec: s.seconds > 0 ? s.shareSeconds / s.seconds : s.share,
        reachedReqPerSec: s.seconds > 0 ? s.responses / s.seconds : 0,
        lost: s.lost,
      }));
  }
}

/** One pod's windows of a take as its share: totals, time-weighted means, the worst loop delay. */
function shareOf(name: string, windows: PodWindow[]): GeneratorShare {
  const ms = (w: PodWindow) => Math.max(1, w.window.endMs - w.window.startMs);
  const total = windows.reduce((sum, w) => sum + ms(w), 0);
  const weighted = (value: (w: PodWindow) => number) => windows.reduce((sum, w) => sum + value(w) * ms(w), 0) / total;
  return {
    name,
    asked: weighted((w) => w.share),
    achieved: (windows.reduce((sum, w) => sum + w.window.responses, 0) * 1000) / total,
    cpuPercent: weighted((w) => w.cpuPercent),
    eventLoopP99Ms: Math.max(...windows.map((w) => w.eventLoopP99Ms)),
    due: windows.reduce((sum, w) => sum + w.window.due, 0),
    queued: windows.reduce((sum, w) => sum + w.window.queued, 0),
    dropped: windows.reduce((sum, w) => sum + w.window.dropped, 0),
  };
}
