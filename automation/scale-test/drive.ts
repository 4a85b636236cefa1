/**
 * The load while the target is watched. With a CPU target the run first
 * calibrates: it measures the pods' idle CPU, probes a request's latency, and
 * loads gently (half of what would scale the idle workload) until
 * metrics-server has measured a request's cost. At load start it steps to the
 * rate that produces the demand and keeps correcting it as each metrics
 * window tells it more. Load and watches always stop, whether the run ends,
 * fails or is interrupted.
 */
import { failed, GeneratorHealth, LoadRun, LoadWindow, mergeWindows, p99Ms, ratePerSecond, summarize } from "../load";
import { judgeGenerators, owedShares } from "../load/health";
import { sleep, until } from "../shared/sleep";
import { median } from "../shared/stats";
import type { DemandPlan } from "./demand";
import { RateController } from "./demand";
import { observe } from "./observe";
import { openLoad } from "./load-source";
import type { ScaleTestOptions } from "./options";
import { newTimingLog, noteSamples, podReadySeconds, TimingLog, watchHpaSyncs } from "./cluster-timing";
import { costReading, idleBaseline, readPodCpu, type TimedReading } from "./pod-cpu";
import { throwIfAborted, type Prepared } from "./prepare";
import type { Progress } from "./progress";
import { formatProgress } from "../report/format";
import { readyPodNames } from "./sample";
import type { DemandSummary, LoadSummary, Sample } from "../shared/results";

export interface DriveContext {
  io: Progress;
  signal: AbortSignal;
  sampleIntervalMs: number;
  /**
   * How often calibration reads the pods' metrics and the scale-down watch
   * checks the replicas, and how long after the load starts (or steps up) a
   * metrics window must begin to count; a second unless a test shortens it.
   */
  pollMs?: number;
}

const POLL_MS = 1000;

export interface DriveInput {
  prepared: Prepared;
  options: ScaleTestOptions;
  /** The demand to produce; undefined runs a fixed rate (an HPA without a CPU target). */
  plan?: DemandPlan;
  durationSeconds: number;
  /** After load, keep watching until this holds or the seconds pass. */
  scaleDown?: { minReplicas: number; seconds: number };
}

export interface Driven {
  series: Sample[];
  load: LoadSummary;
  demand?: DemandSummary;
  /** Completed responses per second from `ratesFromSeconds` (relative to load start) on, one entry a second. */
  rates: number[];
  ratesFromSeconds: number;
  /** The cluster's timing as this run saw it, for the envelope. */
  timing: { log: TimingLog; t0Ms: number; podReadySeconds: number[] };
  /** What a request cost over each metrics window the run read, seconds since load start. */
  costWindows: Array<{ fromSeconds: number; toSeconds: number; costMs: number }>;
}

interface Calibration {
  baselinePerPod: number;
  probeMs: number;
  /** The cost metrics-server measured under the calibration load; null when no window covered it in time. */
  costMs: number | null;
  /** The reading that cost came from. */
  reading?: TimedReading;
  window: LoadWindow;
}

/**
 * Idle baseline, latency probe, then gentle load until one full metrics
 * window lies inside it. The load keeps running; the caller steps it up.
 */
async function calibrate(
  input: DriveInput,
  plan: DemandPlan,
  timing: TimingLog,
  ctx: DriveContext,
): Promise<{ run: LoadRun; cal: Calibration; startedMs: number }> {
  const { prepared: p, options } = input;
  const pollMs = ctx.pollMs ?? POLL_MS;
  const idle = await readPodCpu(p.kube, p.namespace, p.selector);
  // Samples already served before the polling starts would overstate the lag.
  noteSamples(timing, idle, Date.now(), false);
  const baselinePerPod = idleBaseline(idle);
  const maxSeconds = 3 * p.metricResolutionSeconds + 20;
  const load = await openLoad(
    p,
    options,
    ctx,
    maxSeconds + input.durationSeconds + (input.scaleDown?.seconds ?? 0) + 120,
  );
  const probeMs = load.probeMs;
  const calibration = new RateController({
    targetMillicores: plan.calibrationMillicores,
    capPerSecond: options.rate,
    minPerSecond: options.connections,
    initialCostMs: probeMs,
  });
  ctx.io.note(
    `Calibrating: idle ${baselinePerPod}m per pod, a request takes ${probeMs.toFixed(1)} ms; ` +
      `loading at ${calibration.rate()} req/s until metrics-server measures what a request costs...`,
  );
  const run = await load.start(calibration.rate());
  const started = Date.now();
  let costMs: number | null = null;
  let calibrated: TimedReading | undefined;
  while (Date.now() - started < maxSeconds * 1000 && !ctx.signal.aborted) {
    // Every poll (a second in a real run), so the lag of each new sample is timed to within one.
    await sleep(pollMs, ctx.signal);
    const [podCpu, pods] = await Promise.all([
      readPodCpu(p.kube, p.namespace, p.selector),
      p.kube.core.listNamespacedPod({ namespace: p.namespace, labelSelector: p.selector }),
    ]);
    noteSamples(timing, podCpu, Date.now(), true);
    const reading = costReading(podCpu, {
      readyPods: readyPodNames(pods.items),
      afterMs: 0,
      notBeforeMs: started + pollMs,
      responsesBetween: run.responsesBetween,
    });
    if (reading && calibration.observe(reading)) {
      costMs = calibration.costMs();
      calibrated = reading;
      break;
    }
    ctx.io.live(`calibrating: ${Math.round((Date.now() - started) / 1000)} s at ${run.rate()} req/s`);
  }
  if (costMs === null && !ctx.signal.aborted) {
    ctx.io.warn(`No metrics window covered the calibration within ${maxSeconds} s; starting from the probe's guess.`);
  }
  const window = run.takeWindow().window;
  return { run, cal: { baselinePerPod, probeMs, costMs, reading: calibrated, window }, startedMs: started };
}

/** Runs the load and the watch; see the file comment. */
export async function drive(input: DriveInput, ctx: DriveContext): Promise<Driven> {
  const { prepared: p, options, plan } = input;
  const pollMs = ctx.pollMs ?? POLL_MS;
  let run: LoadRun;
  let cal: Calibration | undefined;
  let loadStartedMs = Date.now();
  const timing = newTimingLog();
  const stopWatch = p.workload.hpaName
    ? await watchHpaSyncs(p.kube, p.namespace, p.workload.hpaName, timing).catch((err: Error) => {
        ctx.io.warn(`Could not watch the HPA (${err.message.split("\n")[0]}); its sync phase stays unmeasured.`);
        return () => undefined;
      })
    : () => undefined;
  if (plan) {
    ({ run, cal, startedMs: loadStartedMs } = await calibrate(input, plan, timing, ctx));
    if (ctx.signal.aborted) {
      stopWatch();
      await run.stop();
      throwIfAborted(ctx.signal);
    }
  } else {
    const load = await openLoad(p, options, ctx, input.durationSeconds + (input.scaleDown?.seconds ?? 0) + 60);
    run = await load.start(options.rate ?? 1000);
  }
  const controller = plan
    ? new RateController({
        targetMillicores: plan.targetMillicores,
        capPerSecond: options.rate,
        minPerSecond: options.connections,
        initialCostMs: cal?.costMs ?? cal?.probeMs ?? 1,
      })
    : undefined;
  if (controller) run.setRate(controller.rate());
  const t0 = Date.now();
  ctx.io.note(
    `Load: ${p.url}, ${options.connections} connections, ${run.rate()} req/s${plan ? ` for ${plan.targetMillicores}m CPU` : ""}, ${input.durationSeconds} s.`,
  );

  const windows: LoadWindow[] = [];
  const readings: TimedReading[] = cal?.reading ? [cal.reading] : [];
  const readySeconds: number[] = [];
  const health: Array<GeneratorHealth & { asked: number; achieved: number; t: number }> = [];
  const updates: Array<{ t: number; costMs: number; rate: number }> = [];
  let failedTotal = 0;
  let lastReadingMs = t0;
  let loading = true;
  const take = () => {
    const asked = run.rate();
    const { window, health: h } = run.takeWindow();
    windows.push(window);
    failedTotal += failed(window);
    health.push({
      ...owedShares(h, asked, controller?.wantedRate()),
      achieved: ratePerSecond(window),
      t: (window.endMs - t0) / 1000,
    });
    return { reqPerSec: ratePerSecond(window), p99Ms: p99Ms(window), failedTotal, targetRate: asked };
  };
  const observer = observe(p.kube, {
    namespace: p.namespace,
    deploymentName: p.workload.deploymentName,
    hpaName: p.workload.hpaName,
    selector: p.selector,
    intervalMs: ctx.sampleIntervalMs,
    loadStartedAt: t0,
    loadWindow: () => (loading ? take() : undefined),
    onRead: ({ readyPods, podCpu }) => {
      noteSamples(timing, podCpu, Date.now(), false);
      if (!controller || !cal || !loading) return;
      const reading = costReading(podCpu, {
        readyPods,
        afterMs: lastReadingMs,
        notBeforeMs: t0 + pollMs,
        responsesBetween: run.responsesBetween,
      });
      if (reading && controller.observe(reading)) {
        readings.push(reading);
        lastReadingMs = reading.timestampMs;
        run.setRate(controller.rate());
        updates.push({ t: (Date.now() - t0) / 1000, costMs: controller.costMs(), rate: controller.rate() });
      }
    },
    onSample: (sample) => ctx.io.live(formatProgress(sample)),
    onError: (err) => ctx.io.warn(`Watch read failed, sample skipped: ${err.message.split("\n")[0]}`),
  });
  try {
    await sleep(input.durationSeconds * 1000, ctx.signal);
    await observer.sampleNow();
    loading = false;
    await run.stop();
    const pods = await p.kube.core.listNamespacedPod({ namespace: p.namespace, labelSelector: p.selector });
    readySeconds.push(...podReadySeconds(pods.items, loadStartedMs));
    const rest = run.takeWindow().window;
    windows.push(rest);
    failedTotal += failed(rest);
    if (input.scaleDown && !ctx.signal.aborted) {
      const { minReplicas, seconds } = input.scaleDown;
      ctx.io.note(`Load done; watching for scale-down to ${minReplicas} replicas (up to ${seconds} s)...`);
      const end = input.durationSeconds;
      const back = () =>
        observer.series.some((s) => s.t >= end && (s.currentReplicas ?? s.readyReplicas) <= minReplicas);
      await until(back, seconds * 1000, pollMs, ctx.signal);
    }
  } finally {
    loading = false;
    stopWatch();
    await run.stop();
    await observer.stop();
    ctx.io.done();
  }
  const merged = mergeWindows(windows) ?? run.takeWindow().window;
  const load = { ...summarize(merged, p.url, options.connections), origin: run.origin() };
  const demand =
    plan && cal && controller
      ? summarizeDemand({
          plan,
          cal,
          controller,
          updates,
          health,
          options,
          duration: input.durationSeconds,
          rateBetween: (from, to) => run.responsesBetween(t0 + from * 1000, t0 + to * 1000) / (to - from),
          readings: readings.map((r) => ({ ...windowOf(r, t0), cpuMillicores: r.cpuMillicores })),
        })
      : undefined;
  // Whole seconds from the first second of load (calibration included) to the last of the watch.
  const ratesFrom = Math.floor((loadStartedMs - t0) / 1000);
  const end = Math.ceil(observer.series[observer.series.length - 1]?.t ?? input.durationSeconds);
  const rates = Array.from({ length: Math.max(0, end - ratesFrom + 1) }, (_, i) => {
    const from = t0 + (ratesFrom + i) * 1000;
    return run.responsesBetween(from, from + 1000);
  });
  return {
    series: observer.series,
    load,
    demand,
    rates,
    ratesFromSeconds: ratesFrom,
    timing: { log: timing, t0Ms: t0, podReadySeconds: readySeconds },
    costWindows: readings.map((r) => windowOf(r, t0)),
  };
}

/** A reading's window as seconds since load start, and the cost per request it measured. */
function windowOf(r: TimedReading, t0: number): { fromSeconds: number; toSeconds: number; costMs: number } {
  return {
    fromSeconds: (r.fromMs - t0) / 1000,
    toSeconds: (r.timestampMs - t0) / 1000,
    costMs: r.cpuMillicores / r.responsesPerSecond,
  };
}

/** Seconds per bucket of the plateau's rate: the median is taken over these. */
const PLATEAU_BUCKET_SECONDS = 5;

/** The completed rate in each whole bucket of the plateau (one shorter bucket when the plateau is short). */
function plateauRates(from: number, to: number, rateBetween: (from: number, to: number) => number): number[] {
  if (to - from <= PLATEAU_BUCKET_SECONDS) return to > from ? [rateBetween(from, to)] : [];
  const rates: number[] = [];
  for (let start = from; start + PLATEAU_BUCKET_SECONDS <= to; start += PLATEAU_BUCKET_SECONDS) {
    rates.push(rateBetween(start, start + PLATEAU_BUCKET_SECONDS));
  }
  return rates;
}

/** What the load produced: cost, plateau demand and rate, and whether the cap or the generator held it back. */
function summarizeDemand(args: {
  plan: DemandPlan;
  cal: Calibration;
  controller: RateController;
  updates: Array<{ t: number; costMs: number; rate: number }>;
  health: Array<GeneratorHealth & { asked: number; achieved: number; t: number }>;
  options: ScaleTestOptions;
  duration: number;
  /** Completed responses per second between two times since load start. */
  rateBetween: (fromSeconds: number, toSeconds: number) => number;
  /** The run's cost readings: the pods' total CPU over each metrics window, seconds since load start. */
  readings: Array<{ fromSeconds: number; toSeconds: number; cpuMillicores: number }>;
}): DemandSummary {
  const { plan, cal, controller, updates, health, options, duration } = args;
  const costMs = median(updates.map((u) => u.costMs)) ?? cal.costMs ?? cal.probeMs;
  const plateauFrom = updates.length > 0 && updates[0].t < duration ? updates[0].t : 0;
  const rates = plateauRates(plateauFrom, duration, args.rateBetween);
  const busy = health.filter((h) => h.t >= plateauFrom && h.t <= duration + 1);
  // What the HPA saw: the pods' CPU over each metrics window on the plateau; the rate × cost where none covered it.
  const onPlateau = args.readings.filter((r) => r.fromSeconds >= plateauFrom && r.toSeconds <= duration + 1);
  const produced = median(onPlateau.map((r) => r.cpuMillicores)) ?? median(rates.map((rate) => rate * costMs));
  return {
    targetMillicores: plan.targetMillicores,
    neededMillicores: plan.neededMillicores,
    producedMillicores: produced === null ? null : Math.round(produced),
    costMs,
    probeMs: cal.probeMs,
    reqPerSec: median(rates) ?? 0,
    capPerSecond: options.rate,
    capBinding: controller.capBinds(),
    wantedReqPerSec: Math.round(controller.wantedRate()),
    plateauFromSeconds: plateauFrom,
    baselinePerPodMillicores: cal.baselinePerPod,
    calibration: {
      seconds: (cal.window.endMs - cal.window.startMs) / 1000,
      requests: cal.window.responses,
      failed: failed(cal.window),
      costMs: cal.costMs,
      scalesAtMillicores: plan.idleTriggerMillicores,
    },
    generator: judgeGenerators(busy),
    derivation: plan.derivation,
  };
}
