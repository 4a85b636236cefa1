/**
 * The scale test's flow, apart from the CLI: prepare (deploy, checks, metrics)
 * → plan the demand → calibrate and load while watching → judge the HPA by
 * the demand the load really produced. The Pulumi SDK and autocannon load
 * lazily, so a missing cluster is reported without paying for them.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { PreflightError } from "../shared/errors";
import { compareWithModel } from "./compare";
import { planDemand, type DemandPlan } from "./demand";
import type { Driven } from "./drive";
import { modelExpectations } from "./expectations";
import { defaultScaleUpReplicas, type ExpectationInput, type ExpectationModel } from "./fallback-expectations";
import { connect, Kube } from "./kube";
import type { ScaleTestOptions } from "./options";
import { prepare, throwIfAborted, type Prepared, type StackApi } from "./prepare";
import type { Progress } from "./progress";
import type { Comparison, DemandSummary, Expectations, LoadSummary, Sample, Verdict } from "./types";
import { judge } from "./verdict";

export type { StackApi } from "./prepare";

/** Seconds between samples (the design asks for ≤ 5 s). */
export const SAMPLE_INTERVAL_MS = 5000;

export interface ScaleTestResult {
  /** Judged with the demand the run produced (before the run: the demand it aimed at). */
  expectations: Expectations;
  load: LoadSummary;
  series: Sample[];
  verdict: Verdict;
  /** What the load aimed at and produced; undefined for an HPA without a CPU target. */
  demand?: DemandSummary;
  /** The run beside the HPA model; undefined when the HPA gave no CPU reading under load. */
  comparison?: Comparison;
}

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
  model?: ExpectationModel;
  sampleIntervalMs?: number;
  connect?: () => Promise<Kube>;
  stackApi?: () => Promise<StackApi>;
}

/** The expectation model's input for this run at a given demand. */
function expectationInput(
  options: ScaleTestOptions,
  p: Prepared,
  demand?: { millicores: number; how: string },
): ExpectationInput {
  return {
    target: options.target,
    autoscaling: p.config.autoscaling,
    expectReplicas: options.expectReplicas,
    withinSeconds: options.withinSeconds,
    maxFailedRequests: options.maxErrors,
    verifyScaleDown: options.verifyScaleDown,
    resources: p.config.resources,
    demandMillicores: demand?.millicores,
    demandHow: demand?.how,
    metricResolutionSeconds: p.metricResolutionSeconds,
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

/** The sentence the report gives the produced demand. */
function producedHow(d: DemandSummary): string {
  return (
    `Demand produced = ${d.producedMillicores}m CPU (median over the plateau from ${Math.round(d.plateauFromSeconds)} s: ` +
    `${d.reqPerSec.toFixed(0)} req/s × ${d.costMs.toFixed(2)} ms CPU per request as metrics-server measured it; target ${d.targetMillicores}m).`
  );
}

/** Runs the whole scale test; the caller prints and exits. */
export async function runScaleTest(options: ScaleTestOptions, context: RunContext): Promise<ScaleTestResult> {
  const opened = context.opened ?? {};
  const model = context.model ?? modelExpectations;
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
  const plan: DemandPlan | undefined =
    hpa.cpuUtilization === undefined ? undefined : planDemand(p.config, n, options.demandMillicores);
  const aimed = plan && { millicores: plan.targetMillicores, how: plan.derivation[0] };
  const before = model(expectationInput(options, p, aimed));
  for (const line of [...(plan?.derivation ?? []), ...before.derivation.slice(1)]) context.io.note(line);
  const durationSeconds = options.durationSeconds ?? before.scaleUpWithinSeconds + 30;
  const { drive } = await import("./drive");
  throwIfAborted(context.signal);
  const driven: Driven = await drive(
    {
      prepared: p,
      options,
      plan,
      durationSeconds,
      scaleDown:
        before.scaleDownWithinSeconds === undefined
          ? undefined
          : { minReplicas: hpa.minReplicas, seconds: before.scaleDownWithinSeconds + 10 },
    },
    { io: context.io, signal: context.signal, sampleIntervalMs: context.sampleIntervalMs ?? SAMPLE_INTERVAL_MS },
  );
  throwIfAborted(context.signal);
  const { series, load, demand } = driven;
  const produced = demand?.producedMillicores;
  const expectations =
    demand && produced !== null && produced !== undefined
      ? { ...model(expectationInput(options, p, { millicores: produced, how: producedHow(demand) })) }
      : before;
  const verdict = judge(series, load, expectations, demand);
  const comparison = compareWithModel({
    workload: p.config,
    series,
    loadSeconds: load.durationSeconds,
    model: { metricResolutionSeconds: p.metricResolutionSeconds },
  });
  return { expectations, load, series, verdict, demand, comparison };
}
