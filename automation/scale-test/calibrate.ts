/**
 * The calibration before load start: the target pods' idle CPU, a latency
 * probe, then load from rest until metrics-server has measured what a
 * request costs on this cluster, for this path. It starts at the rate that
 * puts at most half of the HPA's first step on the pods even if a request
 * cost twice its probed latency in CPU (a request on one thread costs at
 * most its latency; garbage collection and other threads add a little, seen
 * here at a third more), so no request cost scales the HPA before load
 * start. Readings too faint to learn from still bound the cost from above
 * and let the rate rise.
 * The load keeps running at the end; the drive steps it to the demand.
 */
import type { GeneratorHealth, LoadRun, LoadWindow } from "../load";
import { sleep } from "../shared/sleep";
import { noteSamples, type TimingLog } from "./cluster-timing";
import { RateController, type DemandPlan } from "./demand";
import { openLoad } from "./load-source";
import type { ScaleTestOptions } from "./options";
import { costReading, idleBaseline, readPodCpu, type TimedReading } from "./pod-cpu";
import type { Prepared } from "./prepare";
import type { Progress } from "./progress";
import { readyPodNames } from "./sample";
import { calibrationMaxSeconds, type ScaleTestTimings } from "./timings";

/** How much more CPU than its latency a request is allowed to cost when the calibration picks its first rate. */
const CPU_OVER_LATENCY = 2;

export interface Calibration {
  /** The target pods' median CPU before any load, per pod, millicores. */
  baselinePerPod: number;
  probeMs: number;
  /** The cost metrics-server measured under the calibration load; null when no window covered it in time. */
  costMs: number | null;
  /** The reading that cost came from. */
  reading?: TimedReading;
  /** Everything the calibration load did, and how hard its generators worked. */
  window: LoadWindow;
  health: GeneratorHealth;
}

export interface CalibrationInput {
  prepared: Prepared;
  options: ScaleTestOptions;
  plan: DemandPlan;
  /** Seconds the load will run after the calibration, watch included: the generator stops itself after all of it. */
  followingSeconds: number;
  timing: TimingLog;
  /** The rate cap the options ask for; undefined: none. */
  capPerSecond?: number;
}

export interface CalibrationContext {
  io: Progress;
  signal: AbortSignal;
  timings: ScaleTestTimings;
}

/**
 * One look at the pods' CPU during the calibration: what a request cost over the newest metrics window
 * that began after `notBeforeMs` and after the last faint one (`afterMs`), if one has.
 */
async function readCost(
  p: Prepared,
  timing: TimingLog,
  run: LoadRun,
  after: { afterMs: number; notBeforeMs: number },
): Promise<TimedReading | undefined> {
  const [podCpu, pods] = await Promise.all([
    readPodCpu(p.kube, p.namespace, p.selector),
    p.kube.core.listNamespacedPod({ namespace: p.namespace, labelSelector: p.selector }),
  ]);
  noteSamples(timing, podCpu, Date.now(), true);
  return costReading(podCpu, {
    readyPods: readyPodNames(pods.items),
    ...after,
    responsesBetween: run.responsesBetween,
    atScrape: run.origin().from === "simulated",
  });
}

/** Calibrates (see the file comment); the load is running when it returns. */
export async function calibrate(
  input: CalibrationInput,
  ctx: CalibrationContext,
): Promise<{ run: LoadRun; cal: Calibration; startedMs: number }> {
  const { prepared: p, options, plan } = input;
  const t = ctx.timings;
  const idle = await readPodCpu(p.kube, p.namespace, p.selector);
  // Samples already served before the polling starts would overstate the lag.
  noteSamples(input.timing, idle, Date.now(), false);
  const baselinePerPod = idleBaseline(idle);
  const maxSeconds = calibrationMaxSeconds(t, p.metricResolutionSeconds);
  const load = await openLoad(p, options, ctx, maxSeconds + input.followingSeconds + t.loadOverrunSeconds);
  const probeMs = load.probeMs;
  const calibration = new RateController({
    targetMillicores: plan.calibrationMillicores,
    capPerSecond: input.capPerSecond,
    initialCostMs: probeMs * CPU_OVER_LATENCY,
  });
  ctx.io.note(
    `Calibrating: idle ${baselinePerPod}m per pod, a request takes ${probeMs.toFixed(1)} ms; ` +
      `loading at ${calibration.rate()} req/s (at most ${plan.calibrationMillicores}m of CPU even if a request cost twice that) ` +
      `until metrics-server measures what a request costs...`,
  );
  const run = await load.start(calibration.rate());
  const started = Date.now();
  let costMs: number | null = null;
  let calibrated: TimedReading | undefined;
  let afterMs = 0;
  while (Date.now() - started < maxSeconds * 1000 && !ctx.signal.aborted) {
    await sleep(t.metricsPollMs, ctx.signal);
    const reading = await readCost(p, input.timing, run, { afterMs, notBeforeMs: started + t.windowStartMarginMs });
    if (reading && calibration.observe(reading)) {
      costMs = calibration.costMs();
      calibrated = reading;
      break;
    }
    if (reading) {
      // Too faint to learn from: the cost is below what the window could show, so the rate may rise.
      afterMs = reading.timestampMs;
      calibration.bound(reading);
      run.setRate(calibration.rate());
    }
    ctx.io.live(`calibrating: ${Math.round((Date.now() - started) / 1000)} s at ${run.rate()} req/s`);
  }
  if (costMs === null && !ctx.signal.aborted) {
    ctx.io.warn(`No metrics window covered the calibration within ${maxSeconds} s; starting from the probe's guess.`);
  }
  const { window, health } = run.takeWindow();
  return {
    run,
    cal: { baselinePerPod, probeMs, costMs, reading: calibrated, window, health },
    startedMs: started,
  };
}
