/**
 * The e2e's in-cluster load step: the backend exposed as ClusterIP only (a
 * stack config override, as the dev stack has it), so no load can come from
 * this machine. First a scale test is interrupted as Ctrl-C would, once its
 * load pods run, and nothing of its Job may be left; then the scale test
 * runs with two load pods and must pass with the merged figures in its
 * report. The NodePort is put back afterwards, whatever happened, so the
 * steps after this one load from this machine again.
 */
import { expect } from "chai";
import type { Stack } from "@pulumi/pulumi/automation";
import { LOADGEN_SELECTOR } from "../../../automation/load/cluster-job";
import type { LoadOrigin } from "../../../automation/load/load-run";
import type { Kube } from "../../../automation/scale-test/kube";
import * as stackApi from "../../../automation/scale-test/stack";
import { runCommand } from "./runbook";
import { runScaleTestCli } from "./scale-test-run";

export interface ClusterLoadStepInput {
  stack: Stack;
  stackName: string;
  /** The isolated project the stack's config file lives in. */
  workDir: string;
  kube: Kube;
  namespace: string;
  artifacts: string;
  /** The request path the scale test loads. */
  path: string;
  onOutput: (text: string) => void;
}

const LOAD_PODS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Load objects of any run left in the namespace. */
async function leftovers(kube: Kube, namespace: string): Promise<{ jobs: number; pods: number }> {
  const batch = kube.config.makeApiClient(kube.k8s.BatchV1Api);
  const [jobs, pods] = await Promise.all([
    batch.listNamespacedJob({ namespace, labelSelector: LOADGEN_SELECTOR }),
    kube.core.listNamespacedPod({ namespace, labelSelector: LOADGEN_SELECTOR }),
  ]);
  return { jobs: jobs.items.length, pods: pods.items.length };
}

/** The scale-test CLI in-process against the step's stack, loading the step's path; output to the artifacts. */
const run = (input: ClusterLoadStepInput, name: string, argv: string[], signal?: AbortSignal) =>
  runScaleTestCli(input, name, ["--path", input.path, ...argv], signal);

/** Interrupts a cluster-load scale test once its load pods run; what is left of its Job afterwards. */
async function interrupted(input: ClusterLoadStepInput) {
  const abort = new AbortController();
  const running = run(
    input,
    "cluster-load-interrupted",
    ["--load-pods", String(LOAD_PODS), "--duration", "120"],
    abort.signal,
  );
  let seenPods = 0;
  for (let i = 0; i < 240 && seenPods < LOAD_PODS; i++) {
    await sleep(1000);
    const pods = await input.kube.core.listNamespacedPod({
      namespace: input.namespace,
      labelSelector: LOADGEN_SELECTOR,
    });
    seenPods = pods.items.filter((p) => p.status?.phase === "Running").length;
  }
  // A few seconds into the load, as a person would press Ctrl-C.
  await sleep(8000);
  abort.abort("SIGINT");
  const { code } = await running;
  const left = await leftovers(input.kube, input.namespace);
  const shown = await runCommand({
    what: "look for load Jobs and pods after the interrupt",
    command: `kubectl get jobs,pods -n ${input.namespace} -l ${LOADGEN_SELECTOR}`,
    expect: /No resources found/,
  });
  return { code, seenPods, left, kubectl: shown.output.trim() };
}

/** Points the backend Service at ClusterIP only, or back at its NodePort, and deploys. */
async function expose(input: ClusterLoadStepInput, nodePort: number | undefined) {
  if (nodePort === undefined) {
    await input.stack.setConfig("feastflow:backend.service.type", { value: "ClusterIP" }, true);
    await input.stack.removeConfig("feastflow:backend.service.nodePort", true);
  } else {
    await input.stack.setConfig("feastflow:backend.service.type", { value: "NodePort" }, true);
    await input.stack.setConfig("feastflow:backend.service.nodePort", { value: String(nodePort) }, true);
  }
  return stackApi.deploy(input.stack, { onOutput: input.onOutput });
}

/** Runs the step (see the file comment); returns the figures for the e2e report. */
export async function clusterLoadStep(input: ClusterLoadStepInput): Promise<Record<string, unknown>> {
  const nodePort = (await stackApi.config(input.stack)).backend.service.nodePort;
  try {
    const outputs = await expose(input, undefined);
    expect(outputs.backend.serviceType).to.equal("ClusterIP");
    expect(outputs.backend.nodePort).to.equal(undefined);

    const stopped = await interrupted(input);
    expect(stopped.seenPods, "load pods running before the interrupt").to.equal(LOAD_PODS);
    expect(stopped.code, "exit code after the interrupt").to.equal(130);
    expect(stopped.left, stopped.kubectl).to.deep.equal({ jobs: 0, pods: 0 });

    const passed = await run(input, "cluster-load", ["--load-from", "cluster", "--load-pods", String(LOAD_PODS)]);
    const origin = passed.json?.load.origin as Extract<LoadOrigin, { from: "cluster" }> | undefined;
    const figures = {
      interruptExitCode: stopped.code,
      afterInterrupt: stopped.kubectl,
      exitCode: passed.code,
      outcome: passed.json?.verdict.outcome,
      pods: origin?.pods.length,
      startSpreadMs: origin?.startSpreadMs,
      perPod: origin?.pods.map((p) => ({
        name: p.name,
        node: p.node,
        shareReqPerSec: Math.round(p.shareReqPerSec * 10) / 10,
        reachedReqPerSec: Math.round(p.reachedReqPerSec * 10) / 10,
      })),
      plateau: passed.json?.demand?.generator.generators.map((g) => ({
        name: g.name,
        share: g.shareReqPerSec,
        reached: g.reachedReqPerSec,
        maxCpuPercent: g.maxCpuPercent,
      })),
      requests: passed.json?.load.requests,
      mergedP99Ms: passed.json?.load.p99Ms,
      failedRequests: passed.json?.load.failed,
      producedMillicores: passed.json?.demand?.producedMillicores,
      leftAfterRun: await leftovers(input.kube, input.namespace),
    };
    expect(passed.code, passed.text).to.equal(0);
    expect(origin?.pods).to.have.length(LOAD_PODS);
    expect(origin?.startSpreadMs ?? Infinity, "spread of the pods' start times, ms").to.be.below(1000);
    for (const p of origin?.pods ?? []) {
      expect(p.reachedReqPerSec, `${p.name} against its share`).to.be.at.least(0.9 * p.shareReqPerSec);
    }
    expect(passed.json?.load.p99Ms).to.be.a("number");
    expect(passed.text).to.match(/From 2 load pods of Job feastflow-loadgen-\S+ \(merged exactly/);
    expect(figures.leftAfterRun).to.deep.equal({ jobs: 0, pods: 0 });
    return figures;
  } finally {
    if (nodePort !== undefined) await expose(input, nodePort);
  }
}
