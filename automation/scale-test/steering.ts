/**
 * Holds the load to its program while it runs (program.ts): a demand, which
 * each metrics window the pods report teaches the rate controller the cost
 * of, so the rate follows; or a fixed rate, or clients back to back. Each
 * sample's load window is kept (they merge into the run's figures), with how
 * hard the generators worked and, unless --rate fixes it, the rate cap that
 * keeps them to half of what they may use.
 */
import { failed, owedShares, p99Ms, ratePerSecond, type GeneratorHealth, type LoadRun, type LoadWindow } from "../load";
import type { Calibration } from "./calibrate";
import { costWindow, type CostWindow } from "./cost";
import { generatorCap, RateController, type DemandPlan } from "./demand";
import type { ScaleTestOptions } from "./options";
import { stepProgram, type LoadAt, type Program } from "./program";
import { costReading, type PodCpu, type TimedReading } from "./pod-cpu";
import type { SampleLoad } from "./sample";
import type { ScaleTestTimings } from "./timings";

/** One load window's generator health with the rate owed and reached, at seconds since load start. */
export type HealthRecord = GeneratorHealth & { asked: number; achieved: number; t: number };

/** A correction of the rate after a metrics window: when, at what cost, to what rate. */
export interface RateUpdate {
  t: number;
  costMs: number;
  rate: number;
}

/** What the steering saw, for the demand summary. */
export interface SteeringRecord {
  controller?: RateController;
  updates: RateUpdate[];
  health: HealthRecord[];
  readings: TimedReading[];
  t0Ms: number;
  /** Completed responses per second between two times since load start. */
  rateBetween: (fromSeconds: number, toSeconds: number) => number;
}

export class Steering {
  /** Every load window since load start, in order. */
  readonly windows: LoadWindow[] = [];
  private readonly controller?: RateController;
  private readonly health: HealthRecord[] = [];
  private readonly updates: RateUpdate[] = [];
  private readonly readings: TimedReading[] = [];
  private failedTotal = 0;
  private lastReadingMs: number;
  private readonly autoCap: boolean;
  private readonly program?: Program;
  /** What the load does now, as the program last said. */
  private now: LoadAt | undefined;

  /** Load start, epoch ms: the series and the windows are timed from it. */
  readonly t0Ms: number;

  constructor(
    private readonly run: LoadRun,
    private readonly args: {
      plan?: DemandPlan;
      /** The load over time; the plan's one step of demand when absent. */
      program?: Program;
      cal?: Calibration;
      options: ScaleTestOptions;
      t0Ms: number;
      timings: ScaleTestTimings;
    },
  ) {
    const { plan, cal, options, t0Ms } = args;
    this.t0Ms = t0Ms;
    this.lastReadingMs = t0Ms;
    this.autoCap = options.rate === undefined;
    if (cal?.reading) this.readings.push(cal.reading);
    if (plan && cal) {
      this.controller = new RateController({
        targetMillicores: plan.targetMillicores,
        capPerSecond: options.rate === 0 ? undefined : options.rate,
        initialCostMs: cal.costMs ?? cal.probeMs,
      });
      this.capFrom(cal.health, cal.window);
      this.program = args.program ?? stepProgram(plan.targetMillicores, Infinity);
      this.follow(0);
    }
  }

  /**
   * Brings the load to what the program asks at `t` seconds since load start:
   * the rate for a demand at the cost learned so far, a fixed rate within the
   * cap, or the clients of a closed loop. Called every second (a ramp moves).
   */
  follow(t: number): void {
    if (!this.controller || !this.program) return;
    const want = this.program.at(t);
    this.now = want;
    if (want.kind === "concurrency") {
      if (this.run.concurrency() !== want.clients) this.run.setConcurrency(want.clients);
      return;
    }
    if (want.kind === "rate") {
      const cap = this.controller.capPerSecond();
      this.run.setRate(cap === undefined ? want.perSecond : Math.min(cap, want.perSecond));
      return;
    }
    this.controller.setTarget(want.millicores);
    this.run.setRate(this.controller.rate());
  }

  /** True while the controller sets the rate (a demand), not the program (a rate, a closed loop). */
  private steering(): boolean {
    return this.now === undefined || this.now.kind === "demand";
  }

  /** Under the default cap, the cap one window of the generators gives; a window that says too little keeps it. */
  private capFrom(h: GeneratorHealth, w: LoadWindow): void {
    if (!this.controller || !this.autoCap) return;
    const cap = generatorCap(h.cpuPercent, w.responses, (w.endMs - w.startMs) / 1000);
    if (cap !== undefined) this.controller.setCap(cap);
  }

  /** The load's figures since the previous sample, for the series. */
  take(): SampleLoad {
    const asked = this.run.rate();
    const { window, health } = this.run.takeWindow();
    this.keep(window);
    // A fixed rate or a closed loop is owed as asked (nothing, for a loop); a demand only what it needs.
    this.health.push({
      ...owedShares(health, asked, this.steering() ? this.controller?.wantedRate() : undefined),
      achieved: ratePerSecond(window),
      t: (window.endMs - this.args.t0Ms) / 1000,
    });
    this.capFrom(health, window);
    if (this.controller && this.steering()) this.run.setRate(this.controller.rate());
    return {
      reqPerSec: ratePerSecond(window),
      p99Ms: p99Ms(window),
      failedTotal: this.failedTotal,
      targetRate: this.now?.kind === "concurrency" ? null : asked,
    };
  }

  /** What the load did after the last sample, once it stopped. */
  takeRest(): void {
    this.keep(this.run.takeWindow().window);
  }

  private keep(window: LoadWindow): void {
    this.windows.push(window);
    this.failedTotal += failed(window);
  }

  /** A metrics read: when it holds a new window wholly inside the load, the controller learns and the rate follows. */
  learn(readyPods: string[], podCpu: PodCpu[]): void {
    if (!this.controller) return;
    const reading = costReading(podCpu, {
      readyPods,
      afterMs: this.lastReadingMs,
      notBeforeMs: this.args.t0Ms + this.args.timings.windowStartMarginMs,
      responsesBetween: this.run.responsesBetween,
      atScrape: this.run.origin().from === "simulated",
    });
    if (!reading || !this.controller.observe(reading, this.steering() ? this.run.rate() : null)) return;
    this.readings.push(reading);
    this.lastReadingMs = reading.timestampMs;
    if (this.steering()) this.run.setRate(this.controller.rate());
    this.updates.push({
      t: (Date.now() - this.args.t0Ms) / 1000,
      costMs: this.controller.costMs(),
      rate: this.controller.rate(),
    });
  }

  /** Each metrics window the run read, calibration included, as seconds since load start. */
  costWindows(): CostWindow[] {
    return this.readings.map((r) => costWindow(r, this.args.t0Ms));
  }

  record(): SteeringRecord {
    const t0 = this.args.t0Ms;
    return {
      controller: this.controller,
      updates: this.updates,
      health: this.health,
      readings: this.readings,
      t0Ms: t0,
      rateBetween: (from, to) => this.run.responsesBetween(t0 + from * 1000, t0 + to * 1000) / (to - from),
    };
  }
}
