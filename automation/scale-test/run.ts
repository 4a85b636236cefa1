/**
 * The scale test's flow, apart from the CLI: prepare (deploy, checks, metrics)
 * → plan the demand → calibrate and load while watching → judge the HPA
 * against the envelope the model draws for the demand the load really
 * produced and the timing the cluster really showed. The Pulumi SDK and
 * autocannon load lazily, so a missing cluster is reported without paying for them.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_MODEL_OPTIONS, envelope } from "../hpa-model";
import { PreflightError } from "../shared/errors";
import { median } from "../shared/stats";
import { budgetExpectations, defaultScaleUpReplicas, type BudgetInput } from "./budget-expectations";
import { measuredTiming } from "./cluster-timing";
import { planDemand, type DemandPlan } from "./demand";
import type { Driven } from "./drive";
import { envelopeExpectations } from "./expectations";
import { connect, Kube } from "./kube";
import { LOADGEN_RESOURCES } from "../load/cluster-job";
import { loadFrom } from "./load-source";
import { describeRoom, measureRoom, podRequest, type Room } from "./room";
import type { ScaleTestOptions } from "./options";
import { prepare, throwIfAborted, type Prepared, type StackApi } from "./prepare";
import type { Progress } from "./progress";
import type { DemandSummary, ScaleTestResult } from "../shared/results";

export type { ScaleTestResult };
import { judge } from "./verdict";

export type { StackApi } from "./prepare";

/** Seconds between samples (the design asks for ≤ 5 s). */
const SAMPLE_INTERVAL_MS = 5000;
/** After the envelope's latest time for N, the load runs on this long, so the count is seen to hold. */
const HOLD_SECONDS = 30;

/** Filled as the run goes, so the caller can clean up (e.g. --destroy) even after a failure. */
export interface Opened {
  stack?: Stack;
}

/** Where the run reports, how it is stopped, and the seams tests replace. */
export interface RunContext {
  io: Progress;
  signal: AbortSignal;
  /** Receives the stack once opened, for --destroy. */
  opened?: Opened;
  sampleIntervalMs?: number;
  /** Calibration's metrics poll and settling time; a second unless a test shortens it (see DriveContext). */
  pollMs?: number;
  connect?: () => Promise<Kube>;
  stackApi?: () => Promise<StackApi>;
  /** Draws the envelope; the HPA model's unless a test stands in for a cluster no model describes. */
  envelopeOf?: typeof envelope;
}

function budgetInput(options: ScaleTestOptions, p: Prepared): BudgetInput {
  return {
    target: options.target,
    autoscaling: p.config.autoscaling,
    expectReplicas: options.expectReplicas,
    withinSeconds: options.withinSeconds,
    maxFailedRequests: options.maxErrors,
    verifyScaleDown: options.verifyScaleDown,
  };
}

/** Refuses to start on replicas left over from an earlier run: they would pass for a scale-up. */
function checkNotScaledUp(options: ScaleTestOptions, p: Prepared, n: number): void {
  const hpa = p.config.autoscaling;
  if (p.readyReplicas >= n && hpa.minReplicas < n) {
    throw new PreflightError(
      `${options.target} already runs ${p.readyReplicas} ready replicas, at or above the ${n} the test expects to scale up to: an earlier run has not scaled down yet; wait for it (scale-down stabilization ${hpa.scaleDown.stabilizationWindowSeconds} s) or pass a higher --expect-replicas.`,
    );
  }
}

/** Which of a selector's `key=value` pairs a pod must carry. */
function selectorLabels(selector: string): Record<string, string> {
  return Object.fromEntries(selector.split(",").map((pair) => pair.split("=", 2) as [string, string]));
}

/**
 * Measures how many target pods the cluster can run, with the in-cluster load
 * pods about to be created counted in, and refuses a run whose N cannot fit:
 * it could only fail, and the fault would be the cluster's size, not the HPA's.
 */
async function checkRoom(
  options: ScaleTestOptions,
  p: Prepared,
  n: number,
  io: Progress,
): Promise<{ room: Room; said: string }> {
  const request = podRequest({
    containers: [{ name: options.target, resources: { requests: { ...p.config.resources.requests } } }],
  });
  const loadPods = loadFrom(options, p.workload, p.kube.server) === "cluster" ? options.loadPods : 0;
  const reserve = Array.from({ length: loadPods }, () =>
    podRequest({
      containers: [{ name: "loadgen", resources: { requests: { ...LOADGEN_RESOURCES.requests } } }],
    }),
  );
  const room = await measureRoom(
    p.kube.core,
    { namespace: p.namespace, labels: selectorLabels(p.selector), request },
    reserve,
  );
  const said = describeRoom(room, p.workload.deploymentName, request, loadPods);
  io.note(said);
  if (room.pods < n) {
    throw new PreflightError(
      `The cluster has room for ${room.pods} ${p.workload.deploymentName} pods at their requests, fewer than the ${n} the test expects Ready, so the run could only fail for the cluster's size: free or add node capacity, lower ${options.target}.resources.requests, or pass --expect-replicas ${Math.max(1, room.pods)}.`,
    );
  }
  return { room, said };
}

/** How long to load and to watch afterwards, from the envelope of the planned demand with nothing measured. */
function schedule(options: ScaleTestOptions, p: Prepared, plan: DemandPlan | undefined, room: Room) {
  const budget = budgetExpectations(budgetInput(options, p));
  if (!plan) {
    return {
      loadSeconds: options.durationSeconds ?? budget.scaleUpWithinSeconds + HOLD_SECONDS,
      downSeconds: budget.scaleDownWithinSeconds,
      derivation: budget.derivation,
    };
  }
  const horizon = Math.max(600, options.durationSeconds ?? 0);
  const planned = envelopeExpectations({
    ...budgetInput(options, p),
    loadSeconds: horizon,
    demandHow: plan.derivation[0],
    envelope: envelope({
      workload: p.config,
      demand: (t) => (t < 0 ? 0 : plan.targetMillicores),
      fromSeconds: 0,
      toSeconds: horizon + (options.verifyScaleDown ? 1200 : 0),
      initialReplicas: p.readyReplicas,
      model: { metricResolutionSeconds: p.metricResolutionSeconds, schedulablePods: room.pods },
    }),
  });
  const loadSeconds = options.durationSeconds ?? Math.min(horizon, planned.scaleUpWithinSeconds + HOLD_SECONDS);
  const down = options.verifyScaleDown
    ? envelopeExpectations({
        ...budgetInput(options, p),
        loadSeconds,
        demandHow: "",
        envelope: envelope({
          workload: p.config,
          demand: (t) => (t < 0 || t >= loadSeconds ? 0 : plan.targetMillicores),
          fromSeconds: 0,
          toSeconds: loadSeconds + 1200,
          initialReplicas: p.readyReplicas,
          model: { metricResolutionSeconds: p.metricResolutionSeconds, schedulablePods: room.pods },
        }),
      }).scaleDownWithinSeconds
    : undefined;
  return {
    loadSeconds,
    downSeconds: down,
    derivation: [
      ...plan.derivation,
      `Planned: N within ${planned.scaleUpWithinSeconds} s at the latest (the envelope with nothing measured yet), so load for ${loadSeconds} s.`,
    ],
  };
}

/**
 * A request's CPU cost at each second: that of the metrics window holding it,
 * else of the nearest window read, else `fallback`. Windows overlap little
 * (one per scrape), so the first holding `t` is taken.
 */
export function costOverTime(
  windows: Array<{ fromSeconds: number; toSeconds: number; costMs: number }>,
  fallback: number,
): (t: number) => number {
  return (t) => {
    if (windows.length === 0) return fallback;
    const holding = windows.find((w) => t >= w.fromSeconds && t < w.toSeconds);
    if (holding) return holding.costMs;
    const distance = (w: { fromSeconds: number; toSeconds: number }) =>
      t < w.fromSeconds ? w.fromSeconds - t : t - w.toSeconds;
    return windows.reduce((best, w) => (distance(w) < distance(best) ? w : best)).costMs;
  };
}

/** The widest cost spread the envelope takes from a run: past it, the band would say little. */
export const MAX_COST_SPREAD = 0.25;

/**
 * How far a request's cost ranged between the run's metrics windows, as the
 * range over the median: the demand at a second no window read for is the
 * nearest window's cost × the rate, and the CPU the HPA saw there can differ
 * by that much (a calibration's one window can read a tenth under the
 * window the HPA acts on). Undefined with fewer than two windows; at most
 * MAX_COST_SPREAD.
 */
export function costSpread(windows: Array<{ costMs: number }>): number | undefined {
  if (windows.length < 2) return undefined;
  const costs = windows.map((w) => w.costMs);
  const middle = median(costs) ?? 0;
  if (!(middle > 0)) return undefined;
  return Math.min(MAX_COST_SPREAD, (Math.max(...costs) - Math.min(...costs)) / middle);
}

/** The envelope's judgement of a run that produced a demand: measured timing, produced demand series. */
function judgedByEnvelope(
  options: ScaleTestOptions,
  p: Prepared,
  driven: Driven,
  demand: DemandSummary,
  envelopeOf: typeof envelope,
  room: Room,
) {
  const measured = {
    ...measuredTiming(driven.timing.log, {
      t0Ms: driven.timing.t0Ms,
      resolutionSeconds: p.metricResolutionSeconds,
      syncPeriodSeconds: DEFAULT_MODEL_OPTIONS.syncPeriodSeconds,
      readySeconds: driven.timing.podReadySeconds,
    }),
    demandSpread: costSpread(driven.costWindows),
  };
  const { rates, ratesFromSeconds } = driven;
  const costAt = costOverTime(driven.costWindows, demand.costMs);
  const demandAt = (t: number) => (rates[Math.floor(t) - ratesFromSeconds] ?? 0) * costAt(t);
  const last = driven.series[driven.series.length - 1]?.t ?? driven.load.durationSeconds;
  const env = envelopeOf({
    workload: p.config,
    demand: demandAt,
    fromSeconds: ratesFromSeconds,
    toSeconds: Math.ceil(last),
    initialReplicas: p.readyReplicas,
    model: { metricResolutionSeconds: p.metricResolutionSeconds, schedulablePods: room.pods },
    measured,
  });
  const expectations = envelopeExpectations({
    ...budgetInput(options, p),
    envelope: env,
    loadSeconds: driven.load.durationSeconds,
    demandHow:
      `Demand: as produced, second by second: completed requests × what a request cost in that metrics window ` +
      `(${driven.costWindows.length} windows read, median ${demand.costMs.toFixed(2)} ms); ` +
      `${demand.producedMillicores}m on the plateau against ${demand.targetMillicores}m aimed at.`,
  });
  return { expectations: { ...expectations, demandMillicores: demand.producedMillicores ?? undefined }, measured };
}

/** Runs the whole scale test; the caller prints and exits. */
export async function runScaleTest(options: ScaleTestOptions, context: RunContext): Promise<ScaleTestResult> {
  const opened = context.opened ?? {};
  const p = await prepare(options, {
    io: context.io,
    signal: context.signal,
    connect: context.connect ?? connect,
    stackApi: context.stackApi ?? (() => import("./stack")),
    onStack: (stack) => (opened.stack = stack),
  });
  const hpa = p.config.autoscaling;
  const n = options.expectReplicas ?? defaultScaleUpReplicas(hpa);
  checkNotScaledUp(options, p, n);
  const { room, said } = await checkRoom(options, p, n, context.io);
  const plan = hpa.cpuUtilization === undefined ? undefined : planDemand(p.config, n, options.demandMillicores);
  const planned = schedule(options, p, plan, room);
  for (const line of planned.derivation) context.io.note(line);
  const { drive } = await import("./drive");
  throwIfAborted(context.signal);
  const driven = await drive(
    {
      prepared: p,
      options,
      plan,
      durationSeconds: planned.loadSeconds,
      scaleDown:
        planned.downSeconds === undefined
          ? undefined
          : { minReplicas: hpa.minReplicas, seconds: planned.downSeconds + 30 },
    },
    {
      io: context.io,
      signal: context.signal,
      sampleIntervalMs: context.sampleIntervalMs ?? SAMPLE_INTERVAL_MS,
      pollMs: context.pollMs,
    },
  );
  throwIfAborted(context.signal);
  const { series, load, demand } = driven;
  const judged =
    demand && demand.producedMillicores !== null
      ? judgedByEnvelope(options, p, driven, demand, context.envelopeOf ?? envelope, room)
      : { expectations: budgetExpectations(budgetInput(options, p)), measured: undefined };
  judged.expectations.derivation.push(said);
  const verdict = judge(series, load, judged.expectations, demand);
  return { expectations: judged.expectations, load, series, verdict, demand, measured: judged.measured, room };
}
