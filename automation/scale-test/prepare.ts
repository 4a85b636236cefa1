/**
 * Everything before load: the cluster answers, the stack is opened and (unless
 * --skip-deploy) deployed, the target's containers request what its HPA
 * measures, and the metrics API serves the target's pods and the HPA sees them
 * (Pulumi's await covers neither). Fails with one sentence when anything is off.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import {
  metricResolutionSeconds,
  type FeastflowConfig,
  type ScalingRules,
  type WorkloadConfig,
} from "../../components/config";
import { PreflightError, throwIfAborted } from "../shared/errors";
import { sleep } from "../shared/sleep";
import { checkWorkload, gatherMetricsFacts, waitForMetrics } from "./cluster-checks";
import type { Kube } from "./kube";
import { driftWarning, hpaDrift, settleMs, type HpaSpecLike } from "./drift";
import { diagnoseMetrics } from "./metrics-diagnosis";
import type { ScaleTestOptions } from "./options";
import type { Progress } from "./progress";
import type { LoadFrom } from "./load-options";
import { loadFrom, loadUrl, type LoadTarget } from "./load-source";
import { metricsWaitMs, type ScaleTestTimings } from "./timings";

/** The stack driver's functions the flow uses (stack.ts). */
export type StackApi = Pick<
  typeof import("./stack"),
  "config" | "deploy" | "destroy" | "openStack" | "outputs" | "setConfig" | "restoreConfig" | "rawConfigOf"
>;

/** What `prepare` needs from the run. */
export interface PrepareContext {
  io: Progress;
  signal: AbortSignal;
  connect: () => Promise<Kube>;
  stackApi: () => Promise<StackApi>;
  /** Receives the stack once opened, so the caller can --destroy it even after a failure. */
  onStack: (stack: Stack) => void;
  timings: ScaleTestTimings;
}

export interface Prepared extends LoadTarget {
  kube: Kube;
  stack: Stack;
  selector: string;
  readyReplicas: number;
  /** The deployed stack's config, and the target's part of it. */
  stackConfig: FeastflowConfig;
  config: WorkloadConfig;
  metricResolutionSeconds: number;
}

/** Deploys (or reads) the stack and checks the target and the metrics API. */
export async function prepare(options: ScaleTestOptions, ctx: PrepareContext): Promise<Prepared> {
  const { io, signal } = ctx;
  const kube = await ctx.connect();
  io.note(`Cluster ${kube.server} is reachable.`);
  const { config, deploy, openStack, outputs } = await ctx.stackApi();
  const stack = await openStack({ stackName: options.stack, config: options.config });
  ctx.onStack(stack);
  throwIfAborted(signal);
  if (!options.skipDeploy) io.note(`Deploying stack ${options.stack} (pulumi up)...`);
  const outs = options.skipDeploy ? await outputs(stack) : await deploy(stack, { onOutput: io.engine, signal });
  throwIfAborted(signal);
  const stackConfig = await config(stack);
  const cfg = stackConfig[options.target];
  const workload = outs[options.target];
  if (!cfg.autoscaling.enabled || !workload.hpaName) {
    throw new PreflightError(
      `Autoscaling is disabled for ${options.target} in stack ${options.stack}, so there is nothing to scale; set feastflow:${options.target}.autoscaling.enabled to true.`,
    );
  }
  const { autoscaling } = cfg;
  const needs = { cpu: autoscaling.cpuUtilization !== undefined, memory: autoscaling.memoryUtilization !== undefined };
  const namespace = outs.namespace;
  const { selector, readyReplicas } = await checkWorkload(
    kube,
    options.target,
    namespace,
    workload.deploymentName,
    needs,
  );
  const resolution = metricResolutionSeconds(stackConfig.metricsServer.metricResolution);
  const target = { namespace, selector, hpaName: needs.cpu ? workload.hpaName : undefined };
  await awaitMetrics(kube, target, metricsWaitMs(ctx.timings, resolution), ctx);
  throwIfAborted(signal);
  const live = await kube.autoscaling.readNamespacedHorizontalPodAutoscaler({ name: workload.hpaName, namespace });
  const drift = hpaDrift((live.spec ?? {}) as HpaSpecLike, autoscaling);
  if (drift.length > 0) io.warn(driftWarning(workload.hpaName, options.stack, drift));
  // The controller applies the live HPA's policies, drifted or not.
  const liveScaleUp = (live.spec?.behavior?.scaleUp as ScalingRules | undefined) ?? autoscaling.scaleUp;
  await settle(live.status?.lastScaleTime, liveScaleUp, ctx);
  const from: LoadFrom = loadFrom(options, workload, kube.server);
  return {
    from,
    url: loadUrl(options, { workload, namespace, from }),
    kube,
    stack,
    namespace,
    workload,
    selector,
    readyReplicas,
    stackConfig,
    config: cfg,
    metricResolutionSeconds: resolution,
  };
}

/** Waits, bounded, until the HPA's last rescale is out of its scale-up policies' periods; warns past the bound. */
async function settle(lastScaleTime: Date | undefined, scaleUp: ScalingRules, ctx: PrepareContext): Promise<void> {
  const wait = settleMs(lastScaleTime, Date.now(), scaleUp);
  if (wait === 0) return;
  if (wait > ctx.timings.maxSettleMs) {
    ctx.io.warn(
      `The HPA rescaled recently and its scale-up policies count that for ${Math.round(wait / 1000)} s more; the run may see it add pods faster than its policies allow from rest.`,
    );
    return;
  }
  ctx.io.note(
    `The HPA rescaled recently; waiting ${Math.round(wait / 1000)} s until its scale-up policies no longer count that...`,
  );
  await sleep(wait, ctx.signal);
  throwIfAborted(ctx.signal);
}

/** Fails fast when metrics-server is absent; otherwise waits (bounded) for the metrics API to serve the target. */
async function awaitMetrics(
  kube: Kube,
  target: { namespace: string; selector: string; hpaName?: string },
  timeoutMs: number,
  ctx: PrepareContext,
): Promise<void> {
  const facts = await gatherMetricsFacts(kube);
  if (!facts.apiService) throw new PreflightError(diagnoseMetrics(facts) ?? "The metrics API is not registered.");
  ctx.io.note(`Waiting for metrics.k8s.io to serve pod metrics for ${target.selector} and the HPA to see them...`);
  await waitForMetrics(kube, { ...target, timeoutMs, signal: ctx.signal, onWait: ctx.io.live });
}
