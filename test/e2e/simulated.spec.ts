/**
 * The flash sale beyond one machine, after the real-pod steps (scaling.spec.ts)
 * have destroyed their stack: 50 simulated nodes join the running cluster
 * (cluster/up --sim-nodes, kwok), the sim stack puts the backend on them, and
 * the scale test drives simulated demand (--load-from simulated) through the
 * flash sale to 20 replicas and a sale of 200 replicas, each scenario judged at
 * every sample up and back down, with the ceiling raised mid-run by stack
 * config. Real: the apiserver, scheduler, controller-manager and its HPA,
 * metrics-server, Pulumi and the stack; simulated: the nodes' kubelets and the
 * pods' CPU. A slowed and a hastened scale-up patched onto the live HPA must
 * each fail there too.
 *
 * They take the place of the real-pod lunch rush (a config change under load)
 * and the real-pod scale-up mutations, which they cover. FEASTFLOW_E2E_SIM=0
 * leaves them out, for a shorter run of the real-pod steps alone.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { Stack } from "@pulumi/pulumi/automation";
import { connect, Kube } from "../../automation/scale-test/kube";
import * as stackApi from "../../automation/scale-test/stack";
import type { StackOutputs } from "../../automation/scale-test/stack-outputs";
import { REPO_ROOT } from "../../automation/shared/repo";
import { deployment, hpa, namespaceExists, waitFor } from "./support/cluster";
import { FigureLog } from "./support/figures";
import { hastened, patchScaleUp, policyPeriod, SLOWED } from "./support/mutations";
import { runScaleTest as runStackScaleTest, type ScaleTestRun } from "./support/scale-test-run";
import { Steps } from "./support/steps";
import { isolatedProject } from "./support/workspace";

const ARTIFACTS = process.env.FEASTFLOW_ARTIFACTS ?? path.resolve(__dirname, "..", "..", "artifacts", "e2e");
const STACK = "e2e-sim";
const NODES = 50;
const NODE_CPU = "4";
const NODE_MEMORY = "16Gi";
const SIM_LABEL = "type=kwok";
const FLASH_SALE = path.resolve(__dirname, "scenarios", "sim-flash-sale.yaml");
const SALE_200 = path.resolve(__dirname, "scenarios", "sim-200.yaml");
const SIMULATED = ["--load-from", "simulated"];
const enabled = process.env.FEASTFLOW_E2E_SIM !== "0";
/**
 * Live mutations: the backend HPA patched behind Pulumi's back, each of which the scale test must fail by the
 * declared config's envelope (the sim stack's: 100 % or 4 pods per 15 s, whichever is more). Each run starts
 * at minReplicas, where the declared policy and the patched one part at the first sync: a simulated pod's CPU
 * is its share of the demand at the scrape, so the first sync after the load starts reads it whole.
 */
const SIM_MUTATIONS = [
  { name: "simMutationSlow", ...SLOWED, argv: ["--demand", "900", "--duration", "60"] },
  {
    name: "simMutationFast",
    ...hastened(8, 15, "4 pods or 100 % per 15 s"),
    // Two pods capped at their 500m limit read 250 %: the first sync asks for 8, where the declared policy allows 6.
    argv: ["--demand", "1600", "--duration", "60"],
  },
];

/** cluster/up with the simulated nodes asked for; its output goes to the spec's log. */
function clusterUp(simNodes: number): void {
  const result = spawnSync(
    "bash",
    [
      path.join(REPO_ROOT, "cluster", "up"),
      "--sim-nodes",
      String(simNodes),
      "--sim-node-cpu",
      NODE_CPU,
      "--sim-node-memory",
      NODE_MEMORY,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  console.log(`${result.stdout}${result.stderr}`.trim());
  if (result.status !== 0) throw new Error(`cluster/up --sim-nodes ${simNodes} exited ${result.status}`);
}

async function simNodes(kube: Kube): Promise<{ total: number; ready: number }> {
  const list = await kube.core.listNode({ labelSelector: SIM_LABEL });
  const ready = list.items.filter((n) =>
    (n.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
  );
  return { total: list.items.length, ready: ready.length };
}

/** The verdict's failed checks in a line each: what a failed step says first (the whole run is in the log). */
const failedChecks = (run: ScaleTestRun) =>
  run.json.verdict.checks
    .filter((c) => !c.passed)
    .map((c) => `${c.name}: ${c.message}`)
    .join("\n");

/** The table row the closing notes ask for: how a simulated scenario went, sample by sample. */
function scenarioFigures(run: ScaleTestRun) {
  const { series, verdict, expectations } = run.json;
  const during = series.filter((s) => s.t >= 0);
  const peak = Math.max(...during.map((s) => s.readyReplicas));
  const judged = verdict.samples ?? [];
  const atPeak = during.find((s) => s.readyReplicas === peak);
  const afterPeak = during.filter((s) => atPeak !== undefined && s.t > atPeak.t);
  const floor = expectations.scenario?.endsAtMinReplicas ?? expectations.minReplicas;
  return {
    exitCode: run.code,
    peakReady: peak,
    samplesInsideBand: `${judged.filter((j) => j.band !== undefined && j.outside === undefined).length} of ${judged.filter((j) => j.band !== undefined).length}`,
    timeToPeakSeconds: atPeak?.t ?? null,
    backAtMinSeconds: afterPeak.find((s) => s.readyReplicas === floor && s.desiredReplicas === floor)?.t ?? null,
    envelope: verdict.checks.find((c) => c.name === "envelope")?.message,
    configChanges: run.json.configChanges?.map((c) => `${c.key}=${c.value} taken at ${c.takenSeconds ?? "-"} s`),
  };
}

(enabled ? describe : describe.skip)("FeastFlow beyond one machine, on simulated nodes", function () {
  const steps = new Steps();
  const figures = new FigureLog(ARTIFACTS, "e2e-sim-figures.json");
  const engineLog = fs.createWriteStream(path.join(ARTIFACTS, "pulumi-sim.log"));
  const onOutput = (text: string) => engineLog.write(text);
  let kube: Kube;
  let workDir: string;
  let stack: Stack;
  let outputs: StackOutputs;

  const runScaleTest = (name: string, argv: string[]): Promise<ScaleTestRun> =>
    runStackScaleTest({ stack, stackName: STACK, workDir, artifacts: ARTIFACTS, onOutput }, name, argv);

  /** Judges a scenario run as the operator would read it: passed, every sample inside the band, the peak reached. */
  function expectScenarioHeld(run: ScaleTestRun, peak: number) {
    const f = scenarioFigures(run);
    expect(run.code, failedChecks(run)).to.equal(0);
    expect(run.json.verdict.checks.find((c) => c.name === "envelope")?.passed, "envelope").to.equal(true);
    const judged = (run.json.verdict.samples ?? []).filter((j) => j.band !== undefined);
    expect(judged.length, "samples judged against the band").to.be.at.least(10);
    expect(
      judged.filter((j) => j.outside !== undefined).map((j) => `${j.t} s: ${j.outside?.count} ${j.outside?.side}`),
      "samples outside the band",
    ).to.deep.equal([]);
    expect(f.peakReady, "peak ready replicas").to.equal(peak);
    expect(f.backAtMinSeconds, "back at minReplicas by the end").not.to.equal(null);
    expect(run.json.load.failed, "demand the pods could not serve").to.equal(0);
  }

  before(async function () {
    kube = await connect();
  });

  after(async function () {
    engineLog.end();
    figures.record("steps", Object.fromEntries(steps.results));
    console.log(`\nSimulated-node steps:\n${steps.summary()}`);
    console.log(`\nSimulated-node figures (${figures.file}):\n${figures.summary()}`);
  });

  it(
    `adds ${NODES} simulated nodes to the running cluster, tainted for pods that tolerate them`,
    steps.run("simNodes", [], async () => {
      await figures.timed("simNodes", async () => clusterUp(NODES));
      const nodes = await simNodes(kube);
      const one = await kube.core.readNode({ name: "feastflow-sim-1" });
      figures.record("simNodes", { ...nodes, allocatable: one.status?.allocatable, taints: one.spec?.taints });
      expect(nodes).to.deep.equal({ total: NODES, ready: NODES });
      expect(one.spec?.taints).to.deep.equal([{ key: "kwok.x-k8s.io/node", value: "fake", effect: "NoSchedule" }]);
      expect(one.status?.allocatable).to.include({ cpu: NODE_CPU, memory: NODE_MEMORY });
    }),
  );

  it(
    "deploys the sim stack: the backend on the simulated nodes, the frontend on the real one",
    steps.run("simDeploy", ["simNodes"], async () => {
      workDir = isolatedProject("sim", STACK);
      stack = await stackApi.openStack({ stackName: STACK, workDir });
      outputs = await figures.timed("simDeploy", () => stackApi.deploy(stack, { onOutput }));
      const list = await kube.core.listNamespacedPod({ namespace: outputs.namespace });
      const where = (component: string) =>
        list.items.filter((p) => p.metadata?.labels?.component === component).map((p) => p.spec?.nodeName ?? "");
      figures.record("simDeploy", { backendNodes: where("backend"), frontendNodes: where("frontend") });
      expect(where("backend").length).to.be.at.least(2);
      expect(
        where("backend").every((n) => n.startsWith("feastflow-sim-")),
        "backend on simulated nodes",
      ).to.equal(true);
      expect(
        where("frontend").some((n) => n.startsWith("feastflow-sim-")),
        "frontend on the real node",
      ).to.equal(false);
      expect((await deployment(kube, outputs.namespace, outputs.backend.deploymentName)).ready).to.be.at.least(2);
    }),
  );

  it(
    "drives the flash sale to 20 replicas on simulated nodes with no request unserved, the ceiling raised and put back mid-run, inside the band at every sample up and back down",
    steps.run("simFlashSale", ["simDeploy"], async () => {
      const run = await figures.timed("simFlashSale", () =>
        runScaleTest("sim-flash-sale", [...SIMULATED, "--scenario", FLASH_SALE]),
      );
      figures.record("simFlashSale", scenarioFigures(run));
      expect(run.text.split("\n")[0], "the run says first that its load is simulated").to.match(/simulated/i);
      expectScenarioHeld(run, 20);
      expect(run.json.configChanges?.map((c) => `${c.key}=${c.value}`)).to.deep.equal([
        "backend.autoscaling.maxReplicas=20",
        "backend.autoscaling.maxReplicas=10",
      ]);
      // The run puts the stack's own config back when it ends: the sim stack's ceiling, not the sale's last one.
      const declared = (await stackApi.config(stack)).backend.autoscaling.maxReplicas;
      expect((await hpa(kube, outputs.namespace, outputs.backend.hpaName ?? "")).maxReplicas).to.equal(declared);
    }),
  );

  it(
    `scales to 200 replicas over ${NODES} simulated nodes and back, inside the band at every sample`,
    steps.run("sim200", ["simDeploy"], async () => {
      const run = await figures.timed("sim200", () => runScaleTest("sim-200", [...SIMULATED, "--scenario", SALE_200]));
      figures.record("sim200", scenarioFigures(run));
      expectScenarioHeld(run, 200);
      // Every simulated node, each with room for 4000m / 200m = 20 pods less what runs there already.
      const room = run.json.room;
      expect(
        room?.nodes.map((n) => n.name).filter((n) => n.startsWith("feastflow-sim-")).length,
        "nodes in the room",
      ).to.equal(NODES);
      expect(room?.pods, "pods the room holds").to.equal(NODES * 20);
    }),
  );

  /** Waits for the backend back at its floor and its last rescale a policy period old (see SIM_MUTATIONS). */
  async function waitAtRest(quietSeconds: number): Promise<void> {
    const min = (await stackApi.config(stack)).backend.autoscaling.minReplicas;
    const name = outputs.backend.hpaName ?? "";
    await waitFor(
      "the backend back at minReplicas, its last rescale a policy period old",
      async () => {
        const d = await deployment(kube, outputs.namespace, outputs.backend.deploymentName);
        const h = await hpa(kube, outputs.namespace, name);
        return d.replicas === min && d.ready === min && Date.now() - (h.lastScaleTime ?? 0) > quietSeconds * 1000;
      },
      300_000,
      2000,
    );
  }

  for (const mutation of SIM_MUTATIONS) {
    it(
      `fails the scale test on simulated nodes when the live HPA is patched behind Pulumi's back: ${mutation.what}, then takes it back`,
      steps.run(mutation.name, ["simDeploy"], async () => {
        const name = outputs.backend.hpaName ?? "";
        const min = (await stackApi.config(stack)).backend.autoscaling.minReplicas;
        let run: ScaleTestRun;
        try {
          // The controller counts pods it removed within a policy's period as room to add: right after a
          // scale-down even a 1-pod policy may add several. Start once the last rescale is a period old.
          await waitAtRest(policyPeriod(mutation) + 15);
          expect(await patchScaleUp(mutation, name, outputs.namespace)).to.match(/patched/);
          run = await figures.timed(mutation.name, () => runScaleTest(mutation.name, [...SIMULATED, ...mutation.argv]));
        } finally {
          // Config wins: a plain up takes the HPA back, whatever the run did.
          await stack.up({ onOutput });
        }
        const envelope = run.json.verdict.checks.find((c) => c.name === "envelope");
        const live = await hpa(kube, outputs.namespace, name);
        figures.record(mutation.name, { exitCode: run.code, envelope: envelope?.message, restored: live.declared });
        expect(run.json.series[0]?.readyReplicas, "ready replicas when the load started").to.equal(min);
        expect(run.code, `exit ${run.code}: ${failedChecks(run) || "no check failed"}`).to.equal(1);
        expect(envelope?.passed).to.equal(false);
        expect(envelope?.message).to.match(mutation.sentence);
        expect(run.text).to.include(`The live HPA ${name} differs from what stack ${STACK} declares`);
        const declared = (await stackApi.config(stack)).backend.autoscaling.scaleUp;
        expect(JSON.parse(live.declared).behavior.scaleUp.policies).to.deep.equal(declared.policies);
        expect(JSON.parse(live.declared).behavior.scaleUp.selectPolicy).to.equal(declared.selectPolicy);
      }),
    );
  }

  it(
    "destroys the sim stack and removes the simulated nodes",
    steps.run("simDestroy", ["simDeploy"], async () => {
      await figures.timed("simDestroy", () => stackApi.destroy(stack, { onOutput }));
      await waitFor("the namespace to be deleted", async () => !(await namespaceExists(kube, "feastflow")), 180_000);
      await stack.workspace.removeStack(STACK);
      clusterUp(0);
      expect(await simNodes(kube)).to.deep.equal({ total: 0, ready: 0 });
    }),
  );
});
