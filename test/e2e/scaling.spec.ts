/**
 * The mission on a real cluster (started by test/e2e/run): deploy the kind
 * stack's config through the Automation API, prove the HPA scales the backend
 * under load, raise its ceiling for a flash sale without touching the running
 * pods, reject bad config at preview, watch it scale back down, and destroy.
 * The specs run in order and stop at the first failure (mocha --bail).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { Stack } from "@pulumi/pulumi/automation";
import { connect, Kube } from "../../automation/scale-test/kube";
import { LoadRun, startLoad } from "../../automation/scale-test/load";
import { observe, Observer } from "../../automation/scale-test/observe";
import { reconnectRate } from "../../automation/scale-test/options";
import { predictScaleDown } from "../../automation/hpa-model";
import { renderSvg } from "../../automation/report/render-svg";
import { scaleChartSpec } from "../../automation/report/chart";
import { main as scaleTest } from "../../automation/scale-test/cli";
import * as stackApi from "../../automation/scale-test/stack";
import type { StackOutputs } from "../../automation/scale-test/stack-outputs";
import type { Expectations, Sample } from "../../automation/scale-test/types";
import { isolatedProject } from "./support/workspace";
import { deployment, hpa, namespaceExists, PodIdentity, pods, waitFor } from "./support/cluster";
import { FigureLog } from "./support/figures";

const ARTIFACTS = process.env.FEASTFLOW_ARTIFACTS ?? path.resolve(__dirname, "..", "..", "artifacts", "e2e");
const STACK = "e2e";
/**
 * Test-only override, passed as stack config once the flash sale is done: a
 * short scale-down window keeps the run short. Until then the kind stack's
 * 300 s window holds the replicas, so the flash-sale check sees the same pods.
 */
const SHORT_SCALE_DOWN = { key: "backend.autoscaling.scaleDown.stabilizationWindowSeconds", seconds: 30 };
/** Load while the flash sale is applied: a little above the scale test's, so the HPA has no reason to shrink. */
const FLASH_SALE_RATE = 100;
const CONNECTIONS = 10;
/** Added to the model's predicted scale-down time: 2 × (15 s sync + 15 s resolution + 30 s start-up margin). */
const SCALE_DOWN_SLACK_SECONDS = 120;

describe("FeastFlow end to end on a real cluster", function () {
  const figures = new FigureLog(ARTIFACTS);
  const engineLog = fs.createWriteStream(path.join(ARTIFACTS, "pulumi.log"));
  const onOutput = (text: string) => engineLog.write(text);
  let kube: Kube;
  let stack: Stack;
  let outputs: StackOutputs;
  let load: LoadRun | undefined;
  let observer: Observer | undefined;
  let scaledUp: PodIdentity[] = [];
  let scaleTestDemand = 0;

  const backendUrl = (p: string) => `http://127.0.0.1:${outputs.backend.nodePort}${p}`;
  const ns = () => outputs.namespace;

  function startBackendLoad(p: string, rate: number): LoadRun {
    return startLoad({
      url: backendUrl(p),
      connections: CONNECTIONS,
      durationSeconds: 1800,
      rate,
      reconnectRate: reconnectRate(rate, CONNECTIONS),
    });
  }

  async function stopLoad() {
    if (!load) return undefined;
    load.stop();
    const summary = await load.done;
    load = undefined;
    return summary;
  }

  before(async function () {
    kube = await connect();
    const workDir = isolatedProject("kind", STACK);
    stack = await stackApi.openStack({ stackName: STACK, workDir });
    figures.record("setup", { server: kube.server, workDir });
  });

  after(async function () {
    await stopLoad();
    await observer?.stop();
    if (observer && observer.series.length > 0) {
      const expectations: Expectations = {
        target: "backend",
        minReplicas: 2,
        maxReplicas: 20,
        scaleUpReplicas: scaledUp.length,
        scaleUpWithinSeconds: 0,
        maxFailedRequests: 0,
        derivation: ["flash sale and scale-down phase"],
      };
      fs.writeFileSync(
        path.join(ARTIFACTS, "flash-sale-and-scale-down.json"),
        JSON.stringify(observer.series, null, 2),
      );
      fs.writeFileSync(
        path.join(ARTIFACTS, "flash-sale-and-scale-down.svg"),
        await renderSvg(scaleChartSpec(observer.series, expectations)),
      );
    }
    engineLog.end();
    console.log(`\nEnd-to-end figures (${figures.file}):\n${figures.summary()}`);
  });

  it("deploys the kind stack's config with the Automation API", async function () {
    outputs = await figures.timed("deploy", () => stackApi.deploy(stack, { onOutput }));
    expect(outputs.namespace).to.equal("feastflow");
    expect(outputs.backend).to.include({ minReplicas: 2, maxReplicas: 10, nodePort: 30500 });
    const d = await deployment(kube, ns(), outputs.backend.deploymentName);
    expect(d.ready).to.be.at.least(2);
  });

  it("scales the backend up under load within the expected time, with no failed requests", async function () {
    const lines: string[] = [];
    const quiet = { note: () => undefined, live: () => undefined, done: () => undefined };
    const io = {
      out: (text: string) => lines.push(text),
      progress: { ...quiet, warn: (text: string) => lines.push(text), engine: onOutput },
    };
    const json = path.join(ARTIFACTS, "scale-test.json");
    const code = await figures.timed("scaleTest", () =>
      scaleTest(
        ["--stack", STACK, "--skip-deploy", "--json", json, "--report", path.join(ARTIFACTS, "scale-test.svg")],
        io,
        undefined,
        { stackApi: async () => ({ ...stackApi, openStack: async () => stack }) },
      ),
    );
    console.log(lines.join("\n"));
    const result = JSON.parse(fs.readFileSync(json, "utf8")) as {
      series: Sample[];
      expectations: Expectations;
      load: { requests: number; failed: number; p99Ms: number; reqPerSec: number };
    };
    const reached = result.series.find((s) => s.readyReplicas >= result.expectations.scaleUpReplicas);
    const peak = Math.max(...result.series.map((s) => s.readyReplicas));
    const last = result.series.filter((s) => s.cpuUtilization !== null).slice(-3);
    scaleTestDemand = Math.max(...last.map((s) => ((s.cpuUtilization ?? 0) / 100) * 200 * s.readyReplicas), 0);
    figures.record("scaleTest", {
      exitCode: code,
      expectedReplicas: result.expectations.scaleUpReplicas,
      expectedWithinSeconds: result.expectations.scaleUpWithinSeconds,
      reactionSeconds: reached?.t ?? null,
      peakReadyReplicas: peak,
      requests: result.load.requests,
      reqPerSec: result.load.reqPerSec,
      failedRequests: result.load.failed,
      p99Ms: result.load.p99Ms,
      observedDemandMillicores: Math.round(scaleTestDemand),
    });
    expect(code, lines.join("\n")).to.equal(0);
    expect(result.expectations.scaleUpReplicas).to.be.at.least(4);
    expect(peak).to.be.at.most(outputs.backend.maxReplicas);
    expect(result.load.failed).to.equal(0);
  });

  it("applies a flash sale (maxReplicas 20) without resetting replicas or touching running pods", async function () {
    load = startBackendLoad("/api/menu/search?q=chicken", FLASH_SALE_RATE);
    const started = Date.now();
    observer = observe(kube, {
      namespace: ns(),
      deploymentName: outputs.backend.deploymentName,
      hpaName: outputs.backend.hpaName,
      selector: "component=backend",
      intervalMs: 5000,
      loadStartedAt: started,
      loadWindow: () => load?.window(),
    });
    scaledUp = (await pods(kube, ns(), "backend")).filter((p) => p.ready);
    const before = await deployment(kube, ns(), outputs.backend.deploymentName);
    expect(scaledUp.length, "ready backend pods before the flash sale").to.be.at.least(4);

    await stack.setConfig("feastflow:backend.autoscaling.maxReplicas", { value: "20" }, true);
    const result = await figures.timed("flashSale", () => stack.up({ onOutput }));
    const changes = result.summary.resourceChanges ?? {};

    const after = await deployment(kube, ns(), outputs.backend.deploymentName);
    const now = await pods(kube, ns(), "backend");
    const h = await hpa(kube, ns(), outputs.backend.hpaName ?? "");
    figures.record("flashSale", {
      resourceChanges: changes,
      hpaMaxReplicas: h.maxReplicas,
      replicasBefore: before.replicas,
      replicasAfter: after.replicas,
      podsBefore: scaledUp.length,
      podsAfter: now.length,
    });
    expect(changes).to.include({ update: 1 });
    expect(changes).not.to.have.any.keys("create", "delete", "replace");
    expect(h.maxReplicas).to.equal(20);
    expect(after.replicas, "the Deployment's replica count was reset").to.be.at.least(scaledUp.length);
    for (const pod of scaledUp) {
      const same = now.find((p) => p.uid === pod.uid);
      expect(same, `pod ${pod.name} was replaced`).not.to.equal(undefined);
      expect(same?.restarts, `pod ${pod.name} restarted`).to.equal(pod.restarts);
    }
  });

  it("reports no changes on a second up with no config change", async function () {
    const result = await figures.timed("noChangeUp", () => stack.up({ onOutput }));
    const changes = result.summary.resourceChanges ?? {};
    figures.record("noChangeUp", { resourceChanges: changes });
    expect(Object.keys(changes)).to.deep.equal(["same"]);
  });

  it("rejects a bad config at preview, naming the key, and changes nothing in the cluster", async function () {
    const hpaBefore = await hpa(kube, ns(), outputs.backend.hpaName ?? "");
    const deployBefore = await deployment(kube, ns(), outputs.backend.deploymentName);
    await stack.setConfig("feastflow:backend.autoscaling.minReplicas", { value: "25" }, true);
    let message = "";
    try {
      await figures.timed("badConfigPreview", () => stack.preview({ onOutput }));
    } catch (err) {
      message = (err as Error).message;
    } finally {
      await stack.setConfig("feastflow:backend.autoscaling.minReplicas", { value: "2" }, true);
    }
    expect(message).to.include("backend.autoscaling.minReplicas (25) must be <= backend.autoscaling.maxReplicas (20)");
    const hpaAfter = await hpa(kube, ns(), outputs.backend.hpaName ?? "");
    expect([hpaAfter.generation, hpaAfter.minReplicas]).to.deep.equal([hpaBefore.generation, hpaBefore.minReplicas]);
    expect((await deployment(kube, ns(), outputs.backend.deploymentName)).generation).to.equal(deployBefore.generation);
  });

  it("scales back down to minReplicas within the shortened window once load stops, with no failed requests", async function () {
    await stack.setConfig(`feastflow:${SHORT_SCALE_DOWN.key}`, { value: String(SHORT_SCALE_DOWN.seconds) }, true);
    const shorten = await figures.timed("shortenScaleDownWindow", () => stack.up({ onOutput }));
    figures.record("shortenScaleDownWindow", { resourceChanges: shorten.summary.resourceChanges });
    expect(shorten.summary.resourceChanges).to.include({ update: 1 });
    const heavy = await stopLoad();
    // Light traffic on the health path keeps counting failures while pods terminate.
    load = startBackendLoad("/api/health", 10);
    const config = await stackApi.config(stack);
    const demand = Math.max(scaleTestDemand, 300);
    // Scale-down crosses several 60 s policy periods, and each step can slip by a
    // sync period and a scrape on a real controller (more on a busy 2-core node),
    // so the deadline gets twice the slack the model uses for a single reaction.
    const prediction = predictScaleDown(config.backend, demand, { slackSeconds: SCALE_DOWN_SLACK_SECONDS });
    const seconds = await figures.timed("scaleDown", () =>
      waitFor(
        "the backend to come back to minReplicas",
        async () => {
          const d = await deployment(kube, ns(), outputs.backend.deploymentName);
          return d.replicas === 2 && d.ready === 2;
        },
        prediction.withinSeconds * 1000,
      ),
    );
    const light = await stopLoad();
    figures.record("scaleDown", {
      observedSeconds: seconds,
      predictedSeconds: prediction.predictedSeconds,
      withinSeconds: prediction.withinSeconds,
      flashSaleLoadFailed: heavy?.failed,
      scaleDownLoadRequests: light?.requests,
      scaleDownLoadFailed: light?.failed,
    });
    expect(heavy?.failed, "failed requests under the flash-sale load").to.equal(0);
    expect(light?.requests).to.be.greaterThan(0);
    expect(light?.failed, "failed requests during scale-down").to.equal(0);
  });

  it("destroys the stack and the namespace with it", async function () {
    await observer?.stop();
    await figures.timed("destroy", () => stackApi.destroy(stack, { onOutput }));
    const seconds = await waitFor(
      "the namespace to be deleted",
      async () => !(await namespaceExists(kube, "feastflow")),
      180_000,
    );
    figures.record("destroy", { namespaceGoneAfterSeconds: seconds });
    await stack.workspace.removeStack(STACK);
  });
});
