/**
 * The load while the target is watched: after the calibration (calibrate.ts)
 * the load steps to the rate that produces the demand and keeps correcting
 * it as each metrics window tells it more (steering.ts), while observe.ts
 * samples the HPA, the Deployment and the pods every few seconds and
 * cluster-timing.ts records the cluster's own timing. After the load, the
 * watch may go on until replicas are back at minReplicas. Load and watches
 * always stop, whether the run ends, fails or is interrupted.
 */
import { mergeWindows, summarize, type LoadRun } from "../load";
import type { ResolvedScenario } from "../scenario";
import { throwIfAborted } from "../shared/errors";
import type { DemandSummary, LoadSummary, Sample } from "../shared/results";
import { sleep, until } from "../shared/sleep";
import { calibrate, type Calibration } from "./calibrate";
import { newTimingLog, noteSamples, podReadySeconds, watchHpaSyncs, type TimingLog } from "./cluster-timing";
import type { CostWindow } from "./cost";
import type { DemandPlan } from "./demand";
import { summarizeDemand, summarizeScenarioDemand } from "./demand-summary";
import { openLoad } from "./load-source";
import { observe } from "./observe";
import type { ScaleTestOptions } from "./options";
import type { ConfigChanges } from "./config-changes";
import type { Prepared } from "./prepare";
import { phaseAt, type Program } from "./program";
import type { Progress } from "./progress";
import { Steering } from "./steering";
import type { ScaleTestTimings } from "./timings";

export interface DriveContext {
  io: Progress;
  signal: AbortSignal;
  timings: ScaleTestTimings;
}

export interface DriveInput {
  prepared: Prepared;
  options: ScaleTestOptions;
  /** The demand to produce; undefined runs a fixed rate (an HPA without a CPU target). */
  plan?: DemandPlan;
  durationSeconds: number;
  /** After load, keep watching until this holds or the seconds pass. */
  scaleDown?: { minReplicas: number; seconds: number };
  /** The load over time (a scenario's phases); the plan's one step of demand when absent. */
  program?: Program;
  /** Applies the program's config changes as their phases start. */
  configChanges?: ConfigChanges;
  /** The scenario the program comes from, for its phase-by-phase demand summary. */
  scenario?: ResolvedScenario;
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
  costWindows: CostWindow[];
}

/** Watches the HPA's status for its syncs; a watch that cannot open leaves the sync phase unmeasured. */
async function watchSyncs(p: Prepared, timing: TimingLog, io: Progress): Promise<() => void> {
  if (!p.workload.hpaName) return () => undefined;
  return watchHpaSyncs(p.kube, p.namespace, p.workload.hpaName, timing).catch((err: Error) => {
    io.warn(`Could not watch the HPA (${err.message.split("\n")[0]}); its sync phase stays unmeasured.`);
    return () => undefined;
  });
}

/** The running load, its calibration when it had one, and when it started (epoch ms). */
interface Started {
  run: LoadRun;
  cal?: Calibration;
  startedMs: number;
}

/** The load before load start: a calibration for a CPU demand, or straight to the --rate of a run without one. */
async function startLoad(input: DriveInput, timing: TimingLog, ctx: DriveContext): Promise<Started> {
  const { prepared: p, options, plan } = input;
  const following = input.durationSeconds + (input.scaleDown?.seconds ?? 0);
  const cap = options.rate === 0 ? undefined : options.rate;
  if (plan)
    return calibrate({ prepared: p, options, plan, followingSeconds: following, timing, capPerSecond: cap }, ctx);
  const load = await openLoad(p, options, ctx, following + ctx.timings.loadOverrunSeconds);
  // offline-checks.ts makes --rate required when no CPU demand sets the rate.
  return { run: await load.start(options.rate ?? 0), startedMs: Date.now() };
}

/** The load and the watch while it runs, and after it for the way down when asked. */
async function watchLoad(
  input: DriveInput,
  started: Started,
  steering: Steering,
  timing: TimingLog,
  ctx: DriveContext,
): Promise<{ series: Sample[]; readySeconds: number[] }> {
  const { prepared: p } = input;
  let loading = true;
  /** When the samples first saw each pod Ready, by name. */
  const firstSeenReady = new Map<string, number>();
  const observer = observe(p.kube, {
    namespace: p.namespace,
    deploymentName: p.workload.deploymentName,
    hpaName: p.workload.hpaName,
    selector: p.selector,
    intervalMs: ctx.timings.sampleIntervalMs,
    loadStartedAt: steering.t0Ms,
    loadWindow: () => (loading ? steering.take() : undefined),
    onRead: ({ readyPods, podCpu, replicas }) => {
      const now = Date.now();
      timing.replicaReads.push({ atMs: now, replicas });
      for (const pod of readyPods) if (!firstSeenReady.has(pod)) firstSeenReady.set(pod, now);
      noteSamples(timing, podCpu, now, false);
      if (loading) steering.learn(readyPods, podCpu);
    },
    onSample: (sample) => ctx.io.sample(sample),
    onError: (err) => ctx.io.warn(`Watch read failed, sample skipped: ${err.message.split("\n")[0]}`),
  });
  const readySeconds: number[] = [];
  const stopTicker = followProgram(input, steering, () => loading, ctx);
  try {
    await sleep(input.durationSeconds * 1000, ctx.signal);
    await observer.sampleNow();
    loading = false;
    await started.run.stop();
    const pods = await p.kube.core.listNamespacedPod({ namespace: p.namespace, labelSelector: p.selector });
    readySeconds.push(...podReadySeconds(pods.items, started.startedMs, firstSeenReady));
    steering.takeRest();
    if (input.scaleDown && !ctx.signal.aborted) {
      const { minReplicas, seconds } = input.scaleDown;
      ctx.io.note(`Load done; watching for scale-down to ${minReplicas} replicas (up to ${seconds} s)...`);
      const end = input.durationSeconds;
      const back = () =>
        observer.series.some((s) => s.t >= end && (s.currentReplicas ?? s.readyReplicas) <= minReplicas);
      await until(back, seconds * 1000, ctx.timings.scaleDownPollMs, ctx.signal);
    }
  } finally {
    loading = false;
    stopTicker();
    await started.run.stop();
    await observer.stop();
    ctx.io.done();
  }
  return { series: observer.series, readySeconds };
}

/**
 * Every second while the load runs: the steering follows the program (a
 * ramp moves, a phase begins), each phase's start is said, and its config
 * changes are applied as it begins. Returns the stop.
 */
function followProgram(input: DriveInput, steering: Steering, loading: () => boolean, ctx: DriveContext): () => void {
  const { program, configChanges } = input;
  const pending = [...(program?.changes ?? [])];
  let phase: string | undefined;
  const tick = () => {
    if (!loading()) return;
    const t = (Date.now() - steering.t0Ms) / 1000;
    steering.follow(t);
    const now = program ? phaseAt(program.phases, t) : undefined;
    if (now !== undefined && now !== phase) ctx.io.note(`Phase ${now} from ${Math.round(t)} s.`);
    phase = now;
    while (pending.length > 0 && pending[0].atSeconds <= t) configChanges?.apply(pending.shift()!);
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}

/** What the load aimed at and produced: a scenario's phase by phase, one step's on its plateau. */
function demandOf(input: DriveInput, steering: Steering, cal: Calibration | undefined): DemandSummary | undefined {
  const { plan, options, scenario } = input;
  if (!plan || !cal) return undefined;
  if (scenario) return summarizeScenarioDemand(steering.record(), { plan, cal, options, scenario });
  return summarizeDemand(steering.record(), { plan, cal, options, duration: input.durationSeconds });
}

/** Completed responses in each whole second from `fromSeconds` to `toSeconds` since `t0Ms`. */
function ratesPerSecond(run: LoadRun, t0Ms: number, fromSeconds: number, toSeconds: number): number[] {
  return Array.from({ length: Math.max(0, toSeconds - fromSeconds + 1) }, (_, i) => {
    const from = t0Ms + (fromSeconds + i) * 1000;
    return run.responsesBetween(from, from + 1000);
  });
}

/** Runs the load and the watch; see the file comment. */
export async function drive(input: DriveInput, ctx: DriveContext): Promise<Driven> {
  const { prepared: p, options, plan } = input;
  const timing = newTimingLog();
  const stopWatch = await watchSyncs(p, timing, ctx.io);
  try {
    const started = await startLoad(input, timing, ctx);
    const { run, cal } = started;
    if (ctx.signal.aborted) await run.stop();
    throwIfAborted(ctx.signal);
    const steering = new Steering(run, {
      plan,
      program: input.program,
      cal,
      options,
      t0Ms: Date.now(),
      timings: ctx.timings,
    });
    const what = input.scenario
      ? `scenario ${input.scenario.scenario.name} (${input.scenario.phases.length} phases)`
      : `${run.rate()} req/s${plan ? ` for ${plan.targetMillicores}m CPU` : ""}`;
    ctx.io.note(`Load: ${p.url}, up to ${options.connections} connections, ${what}, ${input.durationSeconds} s.`);
    const { series, readySeconds } = await watchLoad(input, started, steering, timing, ctx);
    const t0 = steering.t0Ms;
    const merged = mergeWindows(steering.windows) ?? run.takeWindow().window;
    const duration = input.durationSeconds;
    // Whole seconds from the first second of load (calibration included) to the last of the watch.
    const ratesFrom = Math.floor((started.startedMs - t0) / 1000);
    const end = Math.ceil(series[series.length - 1]?.t ?? duration);
    return {
      series,
      load: { ...summarize(merged, p.url, options.connections), origin: run.origin() },
      demand: demandOf(input, steering, cal),
      rates: ratesPerSecond(run, t0, ratesFrom, end),
      ratesFromSeconds: ratesFrom,
      timing: { log: timing, t0Ms: t0, podReadySeconds: readySeconds },
      costWindows: steering.costWindows(),
    };
  } finally {
    stopWatch();
  }
}
