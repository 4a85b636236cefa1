/**
 * The scale test's flow, apart from the CLI: preflight → deploy → wait for
 * metrics → load while watching → verdict. Load and watches always stop,
 * whether the run ends, fails or is interrupted (the AbortSignal).
 * The Pulumi SDK and autocannon load lazily, so a missing cluster is reported
 * without paying for them. The default expectation comes from the HPA model
 * (model-expectations.ts), and every run is compared with it (compare.ts).
 */
import type { Stack } from "@pulumi/pulumi/automation";
import type { WorkloadConfig } from "../../components/config-types";
import { checkWorkload, gatherMetricsFacts, waitForMetrics } from "./cluster-checks";
import { InterruptedError, PreflightError } from "../shared/errors";
import { compareWithModel } from "./compare";
import type { ExpectationModel } from "./fallback-expectations";
import { connect, Kube } from "./kube";
import { diagnoseMetrics } from "./metrics-diagnosis";
import { modelExpectations } from "./expectations";
import { observe } from "./observe";
import { reconnectRate, ScaleTestOptions } from "./options";
import type { Progress } from "./progress";
import { formatProgress } from "../report/format";
import { serviceUrl, WorkloadOutputs } from "./stack-outputs";
import { judge } from "./verdict";
import type { Comparison, Expectations, LoadSummary, Sample, Verdict } from "./types";

/** Seconds between samples (the design asks for ≤ 5 s). */
export const SAMPLE_INTERVAL_MS = 5000;
/** After a fresh deploy metrics-server needs to start and scrape twice before the HPA sees CPU. */
export const METRICS_WAIT_MS = 240_000;

export interface ScaleTestResult {
  expectations: Expectations;
  load: LoadSummary;
  series: Sample[];
  verdict: Verdict;
  /** The run beside the HPA model; undefined when the HPA gave no CPU reading under load. */
  comparison?: Comparison;
}

/** Filled as the run goes, so the caller can clean up (e.g. --destroy) even after a failure. */
export interface Opened {
  stack?: Stack;
}

/** The stack driver's functions the flow uses (automation/stack.ts). */
export type StackApi = Pick<typeof import("./stack"), "config" | "deploy" | "destroy" | "openStack" | "outputs">;

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

interface Prepared {
  kube: Kube;
  stack: Stack;
  namespace: string;
  workload: WorkloadOutputs;
  selector: string;
  url: string;
  expectations: Expectations;
  /** The target's stack config and metrics-server's scrape interval, for the comparison with the model. */
  config: WorkloadConfig;
  metricResolutionSeconds: number;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError(String(signal.reason ?? "SIGINT"));
}

/** Cluster reachable, stack opened and (unless --skip-deploy) deployed; its outputs and the target's config. */
async function deployStack(options: ScaleTestOptions, ctx: Required<RunContext>) {
  const { io, signal } = ctx;
  const kube = await ctx.connect();
  io.note(`Cluster ${kube.server} is reachable.`);
  const { config, deploy, openStack, outputs } = await ctx.stackApi();
  const stack = await openStack({ stackName: options.stack, config: options.config });
  ctx.opened.stack = stack;
  throwIfAborted(signal);
  if (!options.skipDeploy) io.note(`Deploying stack ${options.stack} (pulumi up)...`);
  const outs = options.skipDeploy ? await outputs(stack) : await deploy(stack, { onOutput: io.engine, signal });
  throwIfAborted(signal);
  const all = await config(stack);
  const cfg = all[options.target];
  const workload = outs[options.target];
  if (!cfg.autoscaling.enabled || !workload.hpaName) {
    throw new PreflightError(
      `Autoscaling is disabled for ${options.target} in stack ${options.stack}, so there is nothing to scale; set feastflow:${options.target}.autoscaling.enabled to true.`,
    );
  }
  const metricResolutionSeconds = parseResolution(all.metricsServer.metricResolution);
  return { kube, stack, namespace: outs.namespace, workload, cfg, metricResolutionSeconds };
}

/** "15s" → 15; the config parser only lets whole seconds through, 15 is metrics-server's default. */
function parseResolution(text: string): number {
  return Number(/^(\d+)s$/.exec(text)?.[1] ?? 15);
}

/** Deploy, then workload and metrics checks and the expectations: everything load needs. */
async function prepare(options: ScaleTestOptions, ctx: Required<RunContext>): Promise<Prepared> {
  const { kube, stack, namespace, workload, cfg, metricResolutionSeconds } = await deployStack(options, ctx);
  const { autoscaling } = cfg;
  const needs = { cpu: autoscaling.cpuUtilization !== undefined, memory: autoscaling.memoryUtilization !== undefined };
  const { selector, readyReplicas } = await checkWorkload(
    kube,
    options.target,
    namespace,
    workload.deploymentName,
    needs,
  );
  await awaitMetrics(kube, { namespace, selector, hpaName: needs.cpu ? workload.hpaName : undefined }, ctx);
  throwIfAborted(ctx.signal);
  const expectations = ctx.model({
    target: options.target,
    autoscaling,
    expectReplicas: options.expectReplicas,
    withinSeconds: options.withinSeconds,
    maxFailedRequests: options.maxErrors,
    verifyScaleDown: options.verifyScaleDown,
    rate: options.rate,
    resources: cfg.resources,
    demandMillicores: options.demandMillicores,
    path: options.path,
    metricResolutionSeconds,
  });
  if (readyReplicas >= expectations.scaleUpReplicas && expectations.minReplicas < expectations.scaleUpReplicas) {
    throw new PreflightError(
      `${options.target} already runs ${readyReplicas} ready replicas, at or above the ${expectations.scaleUpReplicas} the test expects to scale up to: an earlier run has not scaled down yet; wait for it (scale-down stabilization ${autoscaling.scaleDown.stabilizationWindowSeconds} s) or pass a higher --expect-replicas.`,
    );
  }
  const url = `${(options.url ?? serviceUrl(workload, options.target)).replace(/\/$/, "")}${options.path}`;
  return { kube, stack, namespace, workload, selector, url, expectations, config: cfg, metricResolutionSeconds };
}

/** Fails fast when metrics-server is absent; otherwise waits (bounded) for the metrics API to serve the target. */
async function awaitMetrics(
  kube: Kube,
  target: { namespace: string; selector: string; hpaName?: string },
  ctx: Required<RunContext>,
): Promise<void> {
  const facts = await gatherMetricsFacts(kube);
  if (!facts.apiService) throw new PreflightError(diagnoseMetrics(facts) ?? "The metrics API is not registered.");
  ctx.io.note(`Waiting for metrics.k8s.io to serve pod metrics for ${target.selector} and the HPA to see them...`);
  await waitForMetrics(kube, { ...target, timeoutMs: METRICS_WAIT_MS, signal: ctx.signal, onWait: ctx.io.live });
}

/** Resolves when `done()` holds (checked every second), `ms` pass, or the signal aborts. */
function until(done: () => boolean, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const deadline = Date.now() + ms;
    const timer = setInterval(() => {
      if (done() || Date.now() >= deadline || signal.aborted) {
        clearInterval(timer);
        resolve();
      }
    }, 1000);
  });
}

/** Load while watching; then, if asked, keep watching for the scale-down. */
async function drive(
  p: Prepared,
  options: ScaleTestOptions,
  ctx: Required<RunContext>,
): Promise<{ load: LoadSummary; series: Sample[] }> {
  const { io, signal } = ctx;
  const e = p.expectations;
  const durationSeconds = options.durationSeconds ?? e.scaleUpWithinSeconds + 30;
  io.note(
    `Load: ${p.url}, ${options.connections} connections, ${options.rate ?? "uncapped"} req/s, ${durationSeconds} s.`,
  );
  const { startLoad } = await import("./load");
  throwIfAborted(signal);
  const run = startLoad({
    url: p.url,
    connections: options.connections,
    durationSeconds,
    rate: options.rate,
    reconnectRate: reconnectRate(options.rate, options.connections),
  });
  let loading = true;
  const observer = observe(p.kube, {
    namespace: p.namespace,
    deploymentName: p.workload.deploymentName,
    hpaName: p.workload.hpaName,
    selector: p.selector,
    intervalMs: ctx.sampleIntervalMs,
    loadStartedAt: Date.now(),
    loadWindow: () => (loading ? run.window() : undefined),
    onSample: (sample) => io.live(formatProgress(sample)),
    onError: (err) => io.warn(`Watch read failed, sample skipped: ${err.message.split("\n")[0]}`),
  });
  const onAbort = () => run.stop();
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    const load = await run.done;
    loading = false;
    await observer.sampleNow();
    if (e.scaleDownWithinSeconds !== undefined && !signal.aborted) {
      io.note(
        `Load done; watching for scale-down to ${e.minReplicas} replicas (up to ${e.scaleDownWithinSeconds} s)...`,
      );
      const back = () =>
        observer.series.some(
          (s) => s.t >= load.durationSeconds && (s.currentReplicas ?? s.readyReplicas) <= e.minReplicas,
        );
      await until(back, (e.scaleDownWithinSeconds + 10) * 1000, signal);
    }
    return { load, series: observer.series };
  } finally {
    signal.removeEventListener("abort", onAbort);
    run.stop();
    await observer.stop();
    io.done();
  }
}

/** Runs the whole scale test; the caller prints and exits. */
export async function runScaleTest(options: ScaleTestOptions, context: RunContext): Promise<ScaleTestResult> {
  const ctx: Required<RunContext> = {
    opened: {},
    model: modelExpectations,
    sampleIntervalMs: SAMPLE_INTERVAL_MS,
    connect,
    stackApi: () => import("./stack"),
    ...context,
  };
  const prepared = await prepare(options, ctx);
  const { load, series } = await drive(prepared, options, ctx);
  throwIfAborted(ctx.signal);
  const comparison = compareWithModel({
    workload: prepared.config,
    series,
    loadSeconds: load.durationSeconds,
    model: { metricResolutionSeconds: prepared.metricResolutionSeconds },
  });
  const verdict = judge(series, load, prepared.expectations);
  return { expectations: prepared.expectations, load, series, verdict, comparison };
}
