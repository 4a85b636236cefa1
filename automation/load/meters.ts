/**
 * What a local load run measures beside its windows: how hard this process
 * works (its CPU and event-loop delay, the figures the saturation rule reads,
 * health.ts), and how many responses completed in each wall-clock second
 * (what the scale test sets against the target's CPU).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { GeneratorHealth } from "./load-run";

/** This process's CPU and event-loop delay since the last take. */
export class HealthMeter {
  private cpuMark = process.cpuUsage();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  /** Node runs JavaScript on one core; a CPU limit below that is the ceiling instead. */
  private readonly usableCores: number;

  constructor(cpuLimitMillicores: number | undefined) {
    this.usableCores = Math.min(1, (cpuLimitMillicores ?? 1000) / 1000);
    this.loopDelay.enable();
  }

  /** CPU as a percent of what the process may use, and the loop delay's p99, over the last `elapsedMs`. */
  take(elapsedMs: number): Pick<GeneratorHealth, "cpuPercent" | "eventLoopP99Ms"> {
    const cpu = process.cpuUsage(this.cpuMark);
    const seconds = Math.max(0.001, elapsedMs / 1000);
    const health = {
      cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds / this.usableCores) * 100,
      eventLoopP99Ms: this.loopDelay.percentile(99) / 1e6,
    };
    this.cpuMark = process.cpuUsage();
    this.loopDelay.reset();
    return health;
  }

  close(): void {
    this.loopDelay.disable();
  }
}

/** Responses per wall-clock second since the start, for responsesBetween. */
export class SecondLog {
  private readonly perSecond: number[] = [];

  constructor(private readonly startMs: number) {}

  add(atMs: number): void {
    const second = Math.floor((atMs - this.startMs) / 1000);
    this.perSecond[second] = (this.perSecond[second] ?? 0) + 1;
  }

  /** Responses between two wall-clock times (epoch ms), each second's spread evenly over it. */
  between(fromMs: number, toMs: number): number {
    let total = 0;
    for (let s = Math.max(0, Math.floor((fromMs - this.startMs) / 1000)); s * 1000 + this.startMs < toMs; s++) {
      const overlap = Math.min(toMs, this.startMs + (s + 1) * 1000) - Math.max(fromMs, this.startMs + s * 1000);
      total += ((this.perSecond[s] ?? 0) * Math.max(0, overlap)) / 1000;
    }
    return total;
  }
}
