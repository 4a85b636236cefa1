/**
 * The scale test's flow, apart from the CLI, one room a step: prepare the
 * stack and the cluster (prepare.ts) → preflight (preflight.ts: nothing left
 * scaled up, room for N, how fast pods start) → plan the demand and how long
 * to load (demand.ts, schedule.ts) → calibrate and drive the load while
 * watching (drive.ts) → judge the HPA by the envelope of the demand the load
 * really produced (judge.ts). A scenario takes its own room after the room
 * (scenario-run.ts). The Pulumi SDK and autocannon load lazily, so a missing
 * cluster is reported without paying for them.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { envelope } from "../hpa-model";
import { throwIfAborted } from "../shared/errors";
import type { ScaleTestResult } from "../shared/results";
import { defaultScaleUpReplicas, type BudgetInput } from "./budget-expectations";
import { planDemand } from "./demand";
import { judgeRun } from "./judge";
import { connect, Kube } from "./kube";
import type { ScaleTestOptions } from "./options";
import { checkNotScaledUp, checkRoom, startToReady } from "./preflight";
import { prepare, type Prepared, type StackApi } from "./prepare";
import type { Progress } from "./progress";
import { schedule } from "./schedule";
import { timings, type ScaleTestTimings } from "./timings";

/** What a simulated run says first: what is real and what is not. */
export const SIMULATED_NOTE =
  "Simulated load: no request is sent. Real: the apiserver, scheduler, controller-manager and its HPA, metrics-server " +
  "and the stack. Simulated: the nodes' kubelets and the pods (kwok); each Ready pod's CPU is its share of the demand, " +
  "capped at its limit, rewritten every second.";

export type { ScaleTestResult, StackApi };

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
  /** Timings a test shortens (a stand-in cluster answers in milliseconds). */
  timings?: Partial<ScaleTestTimings>;
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

/** Runs the whole scale test; the caller prints and exits. */
export async function runScaleTest(options: ScaleTestOptions, context: RunContext): Promise<ScaleTestResult> {
  const t = timings(context.timings);
  const { io, signal } = context;
  const opened = context.opened ?? {};
  const stackApi = context.stackApi ?? (() => import("./stack"));
  if (options.loadFrom === "simulated") io.note(SIMULATED_NOTE);
  const p = await prepare(options, {
    io,
    signal,
    connect: context.connect ?? connect,
    stackApi,
    onStack: (stack) => (opened.stack = stack),
    timings: t,
  });
  const hpa = p.config.autoscaling;
  const { scenario } = options;
  if (scenario) {
    const room = await checkRoom(options, p, hpa.minReplicas, io);
    const { runScenario } = await import("./scenario-run");
    const envelopeOf = context.envelopeOf ?? envelope;
    const ctx = { io, signal, timings: t, stackApi: await stackApi(), envelopeOf };
    return runScenario({ ...options, scenario }, p, room, budgetInput(options, p), ctx);
  }
  return runStep(options, p, { io, signal, timings: t, envelopeOf: context.envelopeOf ?? envelope });
}

interface StepContext {
  io: Progress;
  signal: AbortSignal;
  timings: ScaleTestTimings;
  envelopeOf: typeof envelope;
}

/** One step of demand from rest: preflight, schedule, drive, judge. */
async function runStep(options: ScaleTestOptions, p: Prepared, ctx: StepContext): Promise<ScaleTestResult> {
  const { io, signal, timings: t } = ctx;
  const hpa = p.config.autoscaling;
  const n = options.expectReplicas ?? defaultScaleUpReplicas(hpa);
  checkNotScaledUp(options, p, n);
  const { room, said } = await checkRoom(options, p, n, io);
  const pods = await p.kube.core.listNamespacedPod({ namespace: p.namespace, labelSelector: p.selector });
  const podReadySeconds = startToReady(pods.items);
  const budget = budgetInput(options, p);
  const plan = hpa.cpuUtilization === undefined ? undefined : planDemand(p.config, n, options.demandMillicores);
  const planned = schedule(
    {
      budget,
      workload: p.config,
      plan,
      durationSeconds: options.durationSeconds,
      initialReplicas: p.readyReplicas,
      metricResolutionSeconds: p.metricResolutionSeconds,
      roomPods: room.pods,
      podReadySeconds,
    },
    t,
  );
  for (const line of planned.derivation) io.note(line);
  const { drive } = await import("./drive");
  throwIfAborted(signal);
  const downSeconds = planned.downSeconds === undefined ? undefined : planned.downSeconds + t.scaleDownGraceSeconds;
  const driven = await drive(
    {
      prepared: p,
      options,
      plan,
      durationSeconds: planned.loadSeconds,
      scaleDown: downSeconds === undefined ? undefined : { minReplicas: hpa.minReplicas, seconds: downSeconds },
    },
    { io, signal, timings: t },
  );
  throwIfAborted(signal);
  const judged = judgeRun({
    budget,
    prepared: p,
    driven,
    room,
    podReadySeconds,
    envelopeOf: ctx.envelopeOf,
    timings: t,
  });
  judged.expectations.derivation.push(said);
  const { series, load, demand } = driven;
  return { ...judged, load, series, demand, room };
}
