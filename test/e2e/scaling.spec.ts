/**
 * The mission on a real cluster (started by test/e2e/run), as steps that each
 * report their own result: deploy the kind stack's config through the
 * Automation API, prove the HPA scales the backend under a CPU demand the run
 * finds the rate for (at a request cost drawn at random, so every run checks
 * that nothing depends on this machine), run the operators' runbook and its
 * timeline (the seed scenario, judged at every sample up and back down through
 * the declared 5-minute window), raise the ceiling for a flash sale without
 * touching the running pods, scale the frontend up under the load of its
 * page, load from inside the cluster, reject bad config at preview, fail a
 * live mutation of the HPA's scale-down on a scenario's way down, and destroy.
 * A config change under load and the scale-up mutations run on simulated
 * nodes next (simulated.spec.ts), where the flash sale has room to reach 20.
 * A failed step is reported and the run goes on; steps that need it are
 * reported as skipped.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { Stack } from "@pulumi/pulumi/automation";
import { LoadRun, startLocalLoad } from "../../automation/load";
import { formatBaseline } from "../../automation/report";
import { compareWithBaseline, readBaseline } from "../../automation/scale-test/baseline";
import { recordedFacets, setupDifferences } from "../../automation/scale-test/run-setup";
import { parseTolerances } from "../../automation/scale-test/tolerance";
import { connect, Kube } from "../../automation/scale-test/kube";
import { observe, Observer } from "../../automation/scale-test/observe";
import * as stackApi from "../../automation/scale-test/stack";
import type { StackOutputs } from "../../automation/scale-test/stack-outputs";
import { deployment, hpa, namespaceExists, PodIdentity, pods, servedSearches, waitFor } from "./support/cluster";
import { clusterLoadStep } from "./support/cluster-load-step";
import { FigureLog } from "./support/figures";
import { patchScaleDown, SCALE_DOWN_AT_ONCE } from "./support/mutations";
import { RUNBOOK, runCommand, worked } from "./support/runbook";
import { runScaleTest as runStackScaleTest, type ScaleTestJson, type ScaleTestRun } from "./support/scale-test-run";
import { Steps } from "./support/steps";
import { isolatedProject } from "./support/workspace";

const ARTIFACTS = process.env.FEASTFLOW_ARTIFACTS ?? path.resolve(__dirname, "..", "..", "artifacts", "e2e");
const STACK = "e2e";
/**
 * The request's cost, drawn at random between 0.3× and 6× of the backend's
 * default (5 rounds of search work) unless FEASTFLOW_E2E_ROUNDS pins it, so
 * every run shows the scale test does not depend on what a request costs here,
 * and starts from rest at any of them.
 */
const ROUNDS = process.env.FEASTFLOW_E2E_ROUNDS ?? (1.5 + Math.random() * 28.5).toFixed(1);
const SEARCH = `/api/menu/search?q=chicken&rounds=${ROUNDS}`;
/**
 * Test-only override, passed as stack config once the flash sale is done: a
 * short scale-down window keeps the steps after it short. Until then the kind
 * stack's 300 s window holds: the seed (the runbook's timeline) comes down
 * through it, and it holds the replicas so the flash-sale check sees the same pods.
 */
const SHORT_SCALE_DOWN = { key: "backend.autoscaling.scaleDown.stabilizationWindowSeconds", seconds: 30 };
const CONNECTIONS = 10;
/**
 * A --rate cap too light for the scale test's default demand at any request cost the run draws: N needs
 * 468m here, and 3 req/s of the costliest search (rounds 30, about 90 ms of CPU) is some 270m. Under the
 * old floor of a request per connection per second, 20 connections would have sent 20 req/s.
 */
const LIGHT_RATE = 3;
/**
 * The scenario steps load the default search (5 rounds), not the drawn cost: at rounds 27 a live lunch rush
 * came down from 8 to 6 replicas at 376 s where the model's band held 7–8 (a rush of few, costly requests;
 * the model's recommendations after the peak sit higher than the cluster's). Until the model covers that,
 * the scenarios are judged at the cost their bands have been shown to hold.
 */
const SCENARIO_SEARCH = "/api/menu/search?q=chicken";
/** A rush and a quiet, for the live scale-down mutation: the way down is what it judges. */
const SCALE_DOWN = path.resolve(__dirname, "scenarios", "scale-down.yaml");
/**
 * The scale-down window declared for that step, s: with the short window (30 s) the band's floor came
 * down 30 s after the load stopped, while the mutated HPA dropped 16–20 s after it in two live runs
 * (up to a scrape and a sync later at worst); 120 s keeps the floor up through the quiet.
 */
const MUTATED_SCALE_DOWN_WINDOW = 120;
/** The probe the scale test sends before it loads (load/probe): served, but part of neither count. */
const PROBE_REQUESTS = 15;

/** Where a step's last JSON is kept between e2e runs on this machine, beside the built toolchain. */
const PREVIOUS_RUNS = path.join(
  process.env.FEASTFLOW_CACHE ?? path.join(os.homedir(), ".cache", "feastflow"),
  "e2e-runs",
);

/**
 * Prints a step's scale test beside the same step's JSON from the previous e2e run on this machine, at the
 * default tolerances, and keeps this one for the next: printed, never failed on (these machines are noisy).
 */
function compareWithPreviousRun(name: string, jsonFile: string): void {
  const kept = path.join(PREVIOUS_RUNS, `${name}.json`);
  try {
    if (fs.existsSync(kept)) {
      const previous = readBaseline(kept);
      const current = readBaseline(jsonFile);
      const { compared, differ } = setupDifferences(recordedFacets(previous), recordedFacets(current));
      console.log(
        differ.length > 0
          ? `Not compared with the previous e2e run's ${name}: its setup differs in ${differ.join(", ")}.`
          : formatBaseline(compareWithBaseline(previous, current, parseTolerances([]), compared)),
      );
    }
    fs.mkdirSync(PREVIOUS_RUNS, { recursive: true });
    fs.copyFileSync(jsonFile, kept);
  } catch (err) {
    console.log(`Not compared with the previous e2e run's ${name}: ${(err as Error).message}`);
  }
}

/** When the ready count came back to `floor` for good after its peak, s into the run; undefined if it did not. */
function backAtFloor(series: ScaleTestJson["series"], floor: number): number | undefined {
  const peak = series.reduce((at, x, i) => (x.readyReplicas > series[at].readyReplicas ? i : at), 0);
  const from = series.findIndex((x, i) => i > peak && series.slice(i).every((y) => y.readyReplicas === floor));
  return from < 0 ? undefined : series[from].t;
}

describe("FeastFlow end to end on a real cluster", function () {
  const steps = new Steps();
  const figures = new FigureLog(ARTIFACTS);
  const engineLog = fs.createWriteStream(path.join(ARTIFACTS, "pulumi.log"));
  const onOutput = (text: string) => engineLog.write(text);
  let workDir: string;
  let kube: Kube;
  let stack: Stack;
  let outputs: StackOutputs;
  let load: LoadRun | undefined;
  let observer: Observer | undefined;
  let scaledUp: PodIdentity[] = [];
  let scaleTestResult: ScaleTestJson | undefined;

  const ns = () => outputs.namespace;
  const backend = () => outputs.backend;

  /** Runs the scale-test CLI in-process against the e2e stack; its output goes to the log and a file. */
  const runScaleTest = (name: string, argv: string[]): Promise<ScaleTestRun> =>
    runStackScaleTest({ stack, stackName: STACK, workDir, artifacts: ARTIFACTS, onOutput }, name, argv);

  function startBackendLoad(p: string, rate: number): LoadRun {
    return startLocalLoad({
      url: `http://127.0.0.1:${backend().nodePort}${p}`,
      connections: CONNECTIONS,
      rate,
      maxSeconds: 1800,
    });
  }

  /** Waits for the backend to be back at its floor; returns the seconds it took. */
  function waitForMin(timeoutSeconds: number): Promise<number> {
    return waitFor(
      "the backend to come back to minReplicas",
      async () => {
        const d = await deployment(kube, ns(), backend().deploymentName);
        return d.replicas === backend().minReplicas && d.ready === backend().minReplicas;
      },
      timeoutSeconds * 1000,
    );
  }

  async function stopLoad() {
    if (!load) return undefined;
    const run = load;
    load = undefined;
    const { window } = run.takeWindow();
    await run.stop();
    return { requests: window.responses, failed: window.errors + window.timeouts + window.non2xx };
  }

  /**
   * What a passing step run shows by itself, beside its verdict: the demand produced on the plateau within
   * ±15 % of the target, no failed request, N first seen no earlier than its window opens (less the slack)
   * and the sample before it no later than the window closes, and the peak inside the band's top.
   */
  function expectScaledInWindow({ demand, expectations, series, load: summary }: ScaleTestJson) {
    expect(demand).not.to.equal(null);
    const produced = demand?.producedMillicores ?? 0;
    const target = demand?.targetMillicores ?? 0;
    expect(produced, "produced demand on the plateau within ±15 % of the target").to.be.within(
      target * 0.85,
      target * 1.15,
    );
    expect(summary.failed).to.equal(0);
    const slack = expectations.envelopeSlackSeconds ?? 0;
    const during = series.filter((s) => s.t >= 0);
    const at = during.findIndex((s) => s.readyReplicas >= expectations.scaleUpReplicas);
    expect(at, `${expectations.scaleUpReplicas} ready replicas seen`).to.be.at.least(0);
    expect(during[at].t, "time to N").to.be.at.least((expectations.scaleUpEarliestSeconds ?? 0) - slack);
    expect(at > 0 ? during[at - 1].t : 0, "last sample before N").to.be.at.most(
      expectations.scaleUpWithinSeconds + slack,
    );
    const top = Math.max(...(expectations.envelope ?? []).map((p) => p.maxReady));
    expect(Math.max(...during.map((s) => s.readyReplicas)), "peak ready replicas").to.be.at.most(top);
  }

  /** Sets the short scale-down window once, for the steps after the flash sale. */
  let shortened = false;
  async function shortenScaleDown() {
    if (shortened) return;
    await stack.setConfig(`feastflow:${SHORT_SCALE_DOWN.key}`, { value: String(SHORT_SCALE_DOWN.seconds) }, true);
    const result = await stack.up({ onOutput });
    figures.record("shortenScaleDownWindow", { resourceChanges: result.summary.resourceChanges });
    shortened = true;
  }

  before(async function () {
    kube = await connect();
    workDir = isolatedProject("kind", STACK);
    stack = await stackApi.openStack({ stackName: STACK, workDir });
    figures.record("setup", { server: kube.server, workDir, requestRounds: Number(ROUNDS) });
    console.log(`Request cost for this run: rounds=${ROUNDS} (${(Number(ROUNDS) / 5).toFixed(2)}× the default 5).`);
  });

  after(async function () {
    await stopLoad();
    await observer?.stop();
    if (observer && observer.series.length > 0) {
      fs.writeFileSync(path.join(ARTIFACTS, "flash-sale.json"), JSON.stringify(observer.series, null, 2));
    }
    engineLog.end();
    figures.record("steps", Object.fromEntries(steps.results));
    console.log(`\nEnd-to-end steps:\n${steps.summary()}`);
    console.log(`\nEnd-to-end figures (${figures.file}):\n${figures.summary()}`);
  });

  it(
    "deploys the kind stack's config with the Automation API",
    steps.run("deploy", [], async () => {
      outputs = await figures.timed("deploy", () => stackApi.deploy(stack, { onOutput }));
      expect(outputs.namespace).to.equal("feastflow");
      expect(outputs.backend).to.include({
        deploymentName: "feastflow-backend",
        hpaName: "feastflow-backend-hpa",
        minReplicas: 2,
        maxReplicas: 10,
        nodePort: 30500,
      });
      expect((await deployment(kube, ns(), backend().deploymentName)).ready).to.be.at.least(2);
    }),
  );

  it(
    "ends inconclusive (exit 3) and names the rate to set when --rate keeps the load too light, and the backend served no more than that rate",
    steps.run("inconclusive", ["deploy"], async () => {
      const before = await servedSearches(kube, ns());
      const run = await figures.timed("inconclusive", () =>
        runScaleTest("inconclusive", [
          "--path",
          SEARCH,
          "--rate",
          String(LIGHT_RATE),
          "--connections",
          "20",
          "--duration",
          "40",
        ]),
      );
      const after = await servedSearches(kube, ns());
      const calibration = run.json.demand?.calibration;
      const loadedSeconds = (calibration?.seconds ?? 0) + run.json.load.durationSeconds;
      const served = [...after].reduce((sum, [pod, n]) => sum + n - (before.get(pod) ?? 0), 0);
      const counted = run.json.load.requests + (calibration?.requests ?? 0) + PROBE_REQUESTS;
      figures.record("inconclusive", {
        exitCode: run.code,
        producedMillicores: run.json.demand?.producedMillicores,
        neededMillicores: run.json.demand?.neededMillicores,
        servedSearches: served,
        countedRequests: counted,
        loadedSeconds,
        servedPerSecond: Number(((served - PROBE_REQUESTS) / loadedSeconds).toFixed(2)),
      });
      expect([...after.keys()].sort(), "backend pods during the run").to.deep.equal([...before.keys()].sort());
      // What the service saw: at most the cap over the calibration and the load, and what the generator counted
      // (a request or two still in flight at the stop is served but not counted).
      expect(served - PROBE_REQUESTS, "searches served beyond the probe").to.be.at.most(LIGHT_RATE * loadedSeconds + 5);
      expect(served, "searches served against requests counted").to.be.within(counted, counted + 10);
      expect(run.code, run.text).to.equal(3);
      expect(run.json.verdict.outcome).to.equal("inconclusive");
      expect(run.json.verdict.inconclusive[0]).to.match(
        new RegExp(`the --rate cap of ${LIGHT_RATE} req/s bound it .* raise --rate to at least \\d+`),
      );
    }),
  );

  it(
    "runs the operators' runbook commands as written",
    steps.run("runbook", ["deploy"], async () => {
      const results: Record<string, string> = {};
      const failures: string[] = [];
      for (const c of RUNBOOK) {
        const result = await runCommand(c);
        results[c.command] = worked(c, result) ? "ok" : `exit ${result.code}`;
        if (!worked(c, result)) failures.push(`${c.command} (exit ${result.code}):\n${result.output}`);
      }
      figures.record("runbook", results);
      expect(failures, failures.join("\n\n")).to.deep.equal([]);
    }),
  );

  it(
    "drives the runbook's timeline (the seed scenario: 10 clients for 3 minutes, then quiet) through the declared 5-minute scale-down window, inside the band at every sample and back at minReplicas",
    steps.run("seed", ["deploy"], async () => {
      const declared = (await stackApi.config(stack)).backend.autoscaling;
      const name = backend().hpaName ?? "";
      const live = await kube.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace: ns() });
      const scaleDownWindow = live.spec?.behavior?.scaleDown?.stabilizationWindowSeconds;
      await waitForMin(600);
      const run = await figures.timed("seed", () =>
        runScaleTest("seed", ["--path", SCENARIO_SEARCH, "--scenario", "seed"]),
      );
      const { verdict, demand, load: summary, series } = run.json;
      const peak = Math.max(...series.map((x) => x.readyReplicas));
      const last = series[series.length - 1];
      figures.record("seed", {
        exitCode: run.code,
        scaleDownWindowSeconds: scaleDownWindow,
        checks: Object.fromEntries(verdict.checks.map((c) => [c.name, c.message])),
        phases: demand?.phases?.map((p) => `${p.name}: asked ${p.asked}, produced ${p.producedMillicores ?? "-"}m`),
        peakReadyReplicas: peak,
        peakAtSeconds: series.find((x) => x.readyReplicas === peak)?.t,
        backAtMinSeconds: backAtFloor(series, declared.minReplicas),
        requests: summary.requests,
        failedRequests: summary.failed,
      });
      expect(scaleDownWindow, "the live HPA's scale-down window: the stack's own").to.equal(
        declared.scaleDown.stabilizationWindowSeconds,
      );
      expect(run.code, run.text).to.equal(0);
      for (const name of ["envelope", "failed-requests", "ends-at-min"]) {
        expect(verdict.checks.find((c) => c.name === name)?.passed, `check ${name}`).to.equal(true);
      }
      expect(peak, "the runbook's 2 → 4 → 6: past 4 ready").to.be.at.least(4);
      expect(last.readyReplicas, "ready at the end").to.equal(declared.minReplicas);
    }),
  );

  it(
    "scales the backend up under its CPU demand within the expected time, at whatever a request costs, with no failed requests",
    steps.run("scaleTest", ["deploy"], async () => {
      await waitForMin(600);
      const run = await figures.timed("scaleTest", () => runScaleTest("scale-test", ["--path", SEARCH]));
      scaleTestResult = run.json;
      const { demand, expectations, series, load: summary } = run.json;
      const reached = series.find((s) => s.readyReplicas >= expectations.scaleUpReplicas);
      figures.record("scaleTest", {
        exitCode: run.code,
        requestRounds: Number(ROUNDS),
        targetMillicores: demand?.targetMillicores,
        producedMillicores: demand?.producedMillicores,
        costMs: demand?.costMs,
        reqPerSec: demand?.reqPerSec,
        expectedReplicas: expectations.scaleUpReplicas,
        expectedWithinSeconds: expectations.scaleUpWithinSeconds,
        reactionSeconds: reached?.t ?? null,
        peakReadyReplicas: Math.max(...series.map((s) => s.readyReplicas)),
        requests: summary.requests,
        failedRequests: summary.failed,
        p99Ms: summary.p99Ms,
      });
      expect(run.code, run.text).to.equal(0);
      expectScaledInWindow(run.json);
    }),
  );

  it(
    "applies a flash sale (maxReplicas 20) without resetting replicas or touching running pods, then puts the ceiling back",
    steps.run("flashSale", ["scaleTest"], async () => {
      // Keep the demand the scale test produced, so the HPA has no reason to move while the sale is applied.
      load = startBackendLoad(SEARCH, Math.max(CONNECTIONS, Math.round(scaleTestResult?.demand?.reqPerSec ?? 50)));
      observer = observe(kube, {
        namespace: ns(),
        deploymentName: backend().deploymentName,
        hpaName: backend().hpaName,
        selector: "component=backend",
        intervalMs: 5000,
        loadStartedAt: Date.now(),
        loadWindow: () => undefined,
      });
      scaledUp = (await pods(kube, ns(), "backend")).filter((p) => p.ready);
      const before = await deployment(kube, ns(), backend().deploymentName);
      expect(scaledUp.length, "ready backend pods before the flash sale").to.be.at.least(4);

      const ceiling = (await stackApi.config(stack)).backend.autoscaling.maxReplicas;
      try {
        await stack.setConfig("feastflow:backend.autoscaling.maxReplicas", { value: "20" }, true);
        const result = await figures.timed("flashSale", () => stack.up({ onOutput }));
        const changes = result.summary.resourceChanges ?? {};
        const after = await deployment(kube, ns(), backend().deploymentName);
        const now = await pods(kube, ns(), "backend");
        const h = await hpa(kube, ns(), backend().hpaName ?? "");
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
        const held = await stopLoad();
        figures.record("flashSaleLoad", { requests: held?.requests, failed: held?.failed });
        expect(held?.failed ?? 0, "failed requests under load while the sale was applied").to.equal(0);
      } finally {
        // The sale is over: the ceiling goes back, so the steps after it run at the stack's own.
        await stack.setConfig("feastflow:backend.autoscaling.maxReplicas", { value: String(ceiling) }, true);
        await stack.up({ onOutput });
      }
      expect((await hpa(kube, ns(), backend().hpaName ?? "")).maxReplicas, "the ceiling after the sale").to.equal(
        ceiling,
      );
    }),
  );

  it(
    "reports no changes on a second up with no config change",
    steps.run("noChangeUp", ["deploy"], async () => {
      const result = await figures.timed("noChangeUp", () => stack.up({ onOutput }));
      const changes = result.summary.resourceChanges ?? {};
      figures.record("noChangeUp", { resourceChanges: changes });
      expect(Object.keys(changes)).to.deep.equal(["same"]);
    }),
  );

  it(
    "rejects a bad config at preview, naming the key, and changes nothing in the cluster",
    steps.run("badConfig", ["deploy"], async () => {
      const hpaBefore = await hpa(kube, ns(), backend().hpaName ?? "");
      const deployBefore = await deployment(kube, ns(), backend().deploymentName);
      const max = hpaBefore.maxReplicas ?? 10;
      await stack.setConfig("feastflow:backend.autoscaling.minReplicas", { value: String(max + 5) }, true);
      let message = "";
      try {
        await figures.timed("badConfigPreview", () => stack.preview({ onOutput }));
      } catch (err) {
        message = (err as Error).message;
      } finally {
        await stack.setConfig("feastflow:backend.autoscaling.minReplicas", { value: "2" }, true);
      }
      expect(message).to.include(
        `backend.autoscaling.minReplicas (${max + 5}) must be <= backend.autoscaling.maxReplicas (${max})`,
      );
      const hpaAfter = await hpa(kube, ns(), backend().hpaName ?? "");
      expect(hpaAfter.declared, "the HPA's spec after the refused preview").to.equal(hpaBefore.declared);
      expect((await deployment(kube, ns(), backend().deploymentName)).declared).to.equal(deployBefore.declared);
    }),
  );

  it(
    "takes the HPA back with a plain pulumi up after the runbook's kubectl patch",
    steps.run("hpaPatch", ["deploy"], async () => {
      const name = backend().hpaName ?? "";
      const declared = (await stackApi.config(stack)).backend.autoscaling.maxReplicas;
      const patch = await runCommand({
        what: "the runbook's flash-sale patch",
        command: `kubectl patch hpa ${name} -n ${ns()} -p '{"spec":{"maxReplicas":${declared + 10}}}'`,
        expect: /patched/,
      });
      expect(patch.output).to.match(/patched/);
      expect((await hpa(kube, ns(), name)).maxReplicas).to.equal(declared + 10);
      const result = await figures.timed("hpaPatchUp", () => stack.up({ onOutput }));
      const after = await hpa(kube, ns(), name);
      figures.record("hpaPatch", {
        patchedTo: declared + 10,
        declared,
        afterUp: after.maxReplicas,
        resourceChanges: result.summary.resourceChanges,
      });
      expect(result.summary.resourceChanges).to.include({ update: 1 });
      expect(after.maxReplicas).to.equal(declared);
    }),
  );

  it(
    "scales the frontend up under its CPU demand within the expected time, with no failed requests",
    steps.run("frontend", ["deploy"], async () => {
      // The backend back at its floor first, so the frontend has the node's room and CPU to itself.
      await shortenScaleDown();
      await waitForMin(600);
      const run = await figures.timed("frontend", () => runScaleTest("frontend", ["--target", "frontend"]));
      const { demand, expectations, series, load: summary } = run.json;
      figures.record("frontend", {
        exitCode: run.code,
        path: summary.url,
        targetMillicores: demand?.targetMillicores,
        producedMillicores: demand?.producedMillicores,
        costMs: demand?.costMs,
        expectedReplicas: expectations.scaleUpReplicas,
        expectedWithinSeconds: expectations.scaleUpWithinSeconds,
        reactionSeconds: series.find((s) => s.t >= 0 && s.readyReplicas >= expectations.scaleUpReplicas)?.t ?? null,
        peakReadyReplicas: Math.max(...series.map((s) => s.readyReplicas)),
        failedRequests: summary.failed,
      });
      compareWithPreviousRun("frontend", path.join(ARTIFACTS, "frontend.json"));
      expect(run.code, run.text).to.equal(0);
      expect(run.text).to.include("Expected for frontend:");
      expect(summary.url, "the load went to the frontend's page").to.match(
        new RegExp(`:${outputs.frontend.nodePort}/menu`),
      );
      expectScaledInWindow(run.json);
    }),
  );

  // in-cluster load step
  it(
    "loads a ClusterIP-only backend from a Job of 2 load pods that start together, merges their figures exactly, and leaves no Job or pod behind, also after Ctrl-C",
    steps.run("clusterLoad", ["deploy"], async () => {
      await stopLoad();
      await shortenScaleDown();
      await waitForMin(600);
      const clusterFigures = await figures.timed("clusterLoad", () =>
        clusterLoadStep({
          stack,
          stackName: STACK,
          workDir,
          kube,
          namespace: ns(),
          artifacts: ARTIFACTS,
          path: SEARCH,
          onOutput,
        }),
      );
      figures.record("clusterLoad", clusterFigures);
    }),
  );

  it(
    "fails a scenario on the way down when the live HPA's scale-down is patched behind Pulumi's back, then takes it back",
    steps.run("mutationScaleDown", ["deploy"], async () => {
      const name = backend().hpaName ?? "";
      const windowKey = `feastflow:${SHORT_SCALE_DOWN.key}`;
      let run: ScaleTestRun;
      await shortenScaleDown();
      try {
        await waitForMin(600);
        // A declared window longer than the mutated scale-down's lag holds the band's floor above the
        // floor for the whole quiet, however the scrapes and syncs fall after the load stops.
        await stack.setConfig(windowKey, { value: String(MUTATED_SCALE_DOWN_WINDOW) }, true);
        await stack.up({ onOutput });
        expect(await patchScaleDown(SCALE_DOWN_AT_ONCE, name, ns())).to.match(/patched/);
        run = await figures.timed("mutationScaleDown", () =>
          runScaleTest("mutationScaleDown", ["--path", SCENARIO_SEARCH, "--scenario", SCALE_DOWN]),
        );
      } finally {
        // Config wins: a plain up takes the HPA back, whatever the run did, with the short window again.
        await stack.setConfig(windowKey, { value: String(SHORT_SCALE_DOWN.seconds) }, true);
        await stack.up({ onOutput });
      }
      const live = await kube.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace: ns() });
      const declared = (await stackApi.config(stack)).backend.autoscaling.scaleDown;
      const envelopeCheck = run.json.verdict.checks.find((c) => c.name === "envelope");
      const peak = Math.max(...run.json.series.map((x) => x.readyReplicas));
      figures.record("mutationScaleDown", {
        path: SCENARIO_SEARCH,
        peakReadyReplicas: peak,
        exitCode: run.code,
        envelope: envelopeCheck?.message,
        restored: live.spec?.behavior?.scaleDown,
      });
      expect(peak, "ready replicas at the rush's peak: the way down starts above the floor").to.be.at.least(4);
      expect(run.code, run.text).to.equal(1);
      expect(envelopeCheck?.passed).to.equal(false);
      expect(envelopeCheck?.message)
        .to.match(/, in phase quiet, /)
        .and.match(SCALE_DOWN_AT_ONCE.sentence);
      expect(run.text).to.include(`The live HPA ${name} differs from what stack ${STACK} declares`);
      expect(live.spec?.behavior?.scaleDown?.stabilizationWindowSeconds).to.equal(declared.stabilizationWindowSeconds);
      expect(live.spec?.behavior?.scaleDown?.selectPolicy).to.equal(declared.selectPolicy);
      expect(live.spec?.behavior?.scaleDown?.policies).to.deep.equal(declared.policies);
    }),
  );

  it(
    "destroys the stack and the namespace with it",
    steps.run("destroy", ["deploy"], async () => {
      await stopLoad();
      await observer?.stop();
      await figures.timed("destroy", () => stackApi.destroy(stack, { onOutput }));
      const seconds = await waitFor(
        "the namespace to be deleted",
        async () => !(await namespaceExists(kube, "feastflow")),
        180_000,
      );
      figures.record("destroy", { namespaceGoneAfterSeconds: seconds });
      await stack.workspace.removeStack(STACK);
    }),
  );
});
