import { expect } from "chai";
import { clusterLoadGenerator, type ClusterLoadOptions } from "../../automation/load/cluster";
import { judgeGenerators } from "../../automation/load/health";
import { percentileMs } from "../../automation/load/latency";
import { parseLine, type PodLine, type WindowLine } from "../../automation/load/pod-protocol";
import { decodeWindow, mergeWindows, type LoadWindow } from "../../automation/load/window";
import { InterruptedError, PreflightError } from "../../automation/shared/errors";
import { AppProcess, startApp } from "../support/local-app";
import { StandInLoadCluster, type StandInOptions } from "../support/stand-in-load-cluster";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const URL = "http://feastflow-backend.feastflow.svc:5000/api/menu/search?q=curry&rounds=1";

describe("load from inside the cluster, against a stand-in cluster running the pods' program", () => {
  let app: AppProcess;
  before(async () => {
    app = await startApp("backend");
  });
  after(() => app.stop());

  function generator(stand: Partial<StandInOptions> = {}, extra: Partial<ClusterLoadOptions> = {}) {
    const cluster = new StandInLoadCluster({ target: `http://127.0.0.1:${app.port}`, ...stand });
    const notes: string[] = [];
    const abort = new AbortController();
    const gen = clusterLoadGenerator({
      cluster,
      namespace: "feastflow",
      service: { name: "feastflow-backend", port: 5000 },
      url: URL,
      pods: 2,
      connections: 4,
      image: "feastflow-loadgen:0.2.0",
      maxSeconds: 30,
      signal: abort.signal,
      note: (text) => notes.push(text),
      timing: { pollMs: 50, leadMs: 500, heartbeatMs: 200, stopTimeoutMs: 3000, readyTimeoutMs: 5000 },
      runId: "testrun00001",
      ...extra,
    });
    return { cluster, gen, notes, abort };
  }

  const linesOf = (cluster: StandInLoadCluster): PodLine[] => cluster.lines().map((t) => parseLine(t)!);

  it("starts both pods together once both are ready, merges their windows exactly, and removes the Job at the stop", async function () {
    this.timeout(20000);
    const { cluster, gen, notes } = generator({ readyDelayMs: (i) => (i === 1 ? 600 : 0) });
    expect(await gen.probe()).to.be.greaterThan(0);
    const run = await gen.start(40);
    const lines = linesOf(cluster);
    const lastReady = Math.max(...lines.filter((l) => l.type === "ready").map((l) => l.at));
    const starts = lines.filter((l) => l.type === "started").map((l) => l.at);
    expect(starts).to.have.length(2);
    for (const at of starts) expect(at).to.be.above(lastReady, "nobody loads until everyone is ready");
    const origin = run.origin();
    expect(origin.from === "cluster" && origin.startSpreadMs)
      .to.be.a("number")
      .below(1000);
    expect(notes.join("\n")).to.match(/Load pods: 2 started within \d+ ms of each other/);

    const taken: LoadWindow[] = [];
    await sleep(1100);
    taken.push(run.takeWindow().window);
    run.setRate(80);
    expect(run.rate()).to.equal(80);
    await sleep(1100);
    taken.push(run.takeWindow().window);
    await run.stop();
    taken.push(run.takeWindow().window);

    const podWindows = linesOf(cluster)
      .filter((l): l is WindowLine => l.type === "window")
      .map((l) => decodeWindow(l.window));
    const fromPods = mergeWindows(podWindows)!;
    const fromRun = mergeWindows(taken)!;
    expect(fromRun.responses).to.equal(fromPods.responses).and.be.greaterThan(50);
    expect(fromRun.latency.totalCount).to.equal(fromPods.latency.totalCount);
    expect(percentileMs(fromRun.latency, 99)).to.equal(percentileMs(fromPods.latency, 99));
    const pods = (run.origin() as Extract<ReturnType<typeof run.origin>, { from: "cluster" }>).pods;
    expect(pods.map((p) => [p.index, p.node, p.lost])).to.deep.equal([
      [0, "node-a", false],
      [1, "node-b", false],
    ]);
    for (const p of pods) expect(p.shareReqPerSec).to.be.within(20, 40, "half of 40, then of 80");
    expect(cluster.calls).to.deep.equal([
      "remove app.kubernetes.io/name=feastflow-loadgen",
      "serviceIP feastflow-backend:5000",
      "create feastflow-loadgen-testrun00001",
      "remove feastflow.dev/run=testrun00001",
    ]);
    expect(cluster.running()).to.equal(0);
  });

  it("carries a fractional rate end to end: 3 req/s over 2 pods is 1.5 req/s each, and 0.5 is 0.25 each", async function () {
    this.timeout(20000);
    const { cluster, gen } = generator({}, { connections: 4 });
    await gen.probe();
    const run = await gen.start(3);
    expect(cluster.controls.get("feastflow-loadgen-testrun00001-control")?.rate).to.equal("3");
    const shares = linesOf(cluster).flatMap((l) => (l.type === "started" ? [l.share] : []));
    expect(shares).to.deep.equal([1.5, 1.5]);
    await sleep(1500);
    run.setRate(0.5);
    expect(run.rate()).to.equal(0.5);
    await sleep(300);
    expect(cluster.controls.get("feastflow-loadgen-testrun00001-control")?.rate).to.equal("0.5");
    await sleep(1700);
    await run.stop();
    const windows = linesOf(cluster).filter((l): l is WindowLine => l.type === "window");
    // Per pod, at 1.5 req/s for about 1.5 s: due at 0, 0.67 and 1.33 s; then at 0.25 req/s the next is 3 s or
    // more away. 3 each, 6 in all (a late poll may add one per pod). A floor of one request per second per
    // connection would have sent 2 × 2 × 3.5 = 14 or more.
    const due = windows.reduce((sum, l) => sum + decodeWindow(l.window).due, 0);
    expect(due).to.be.within(5, 9);
    expect(windows.some((l) => l.share === 0.25)).to.equal(true, "a pod's share of 0.5 req/s");
  });

  it("removes a load Job that a killed run left behind before it creates its own", async function () {
    this.timeout(10000);
    const { cluster, gen, notes } = generator({ leftovers: ["old000000001"] });
    await gen.probe();
    await gen.close();
    expect(notes[0]).to.equal("Removed load Job(s) left by an earlier run: feastflow-loadgen-old000000001.");
    expect(cluster.calls[0]).to.equal("remove app.kubernetes.io/name=feastflow-loadgen");
    expect(cluster.running()).to.equal(0);
  });

  it("refuses to target anything but the stack's own Service", () => {
    expect(() => generator({}, { url: "http://payments.feastflow.svc:5000/" })).to.throw(
      "only the stack's own Service feastflow-backend.feastflow.svc may be targeted",
    );
    expect(() => generator({}, { url: "http://feastflow-backend.feastflow.svc:8080/" })).to.throw("serves port 5000");
  });

  it("removes the Job when interrupted while the pods get ready", async function () {
    this.timeout(10000);
    const { cluster, gen, abort } = generator({ readyDelayMs: () => 60_000 });
    setTimeout(() => abort.abort("SIGINT"), 300);
    let error: Error | undefined;
    await gen.probe().catch((err: Error) => (error = err));
    expect(error).to.be.instanceOf(InterruptedError);
    expect(cluster.calls).to.include("remove feastflow.dev/run=testrun00001");
    expect(cluster.running()).to.equal(0);
  });

  it("stops waiting on pods that cannot run and says why", async function () {
    this.timeout(10000);
    const { cluster, gen } = generator({ fatal: 'ErrImageNeverPull: image "feastflow-loadgen:0.2.0" is not present' });
    let error: Error | undefined;
    await gen.probe().catch((err: Error) => (error = err));
    expect(error).to.be.instanceOf(PreflightError);
    expect(error?.message).to.equal(
      'A load pod of Job feastflow-loadgen-testrun00001 cannot run: pod-0: ErrImageNeverPull: image "feastflow-loadgen:0.2.0" is not present.',
    );
    expect(cluster.calls[cluster.calls.length - 1]).to.equal("remove feastflow.dev/run=testrun00001");
  });

  it("passes on a target that never answers as the target's problem, not the cluster's", async function () {
    this.timeout(10000);
    const { gen } = generator({
      podTiming: { readyTimeoutMs: 100 },
      probe: () => Promise.reject(new Error("connect ECONNREFUSED")),
    });
    let error: Error | undefined;
    await gen.probe().catch((err: Error) => (error = err));
    expect(error).to.not.be.instanceOf(PreflightError);
    expect(error?.message).to.match(
      /^load pod \d: http:\/\/127\.0\.0\.1:\d+\/api\/menu.* did not answer within 0\.1 s/,
    );
  });

  it("reports a pod that ended early as a generator that fell behind, by name", async function () {
    this.timeout(15000);
    const { cluster, gen } = generator();
    await gen.probe();
    const run = await gen.start(40);
    await sleep(1100);
    const before = run.takeWindow();
    cluster.kill(1);
    await sleep(1100);
    const health = [before, run.takeWindow()].map(({ window, health: h }) => ({
      ...h,
      asked: 40,
      achieved: window.responses,
    }));
    await run.stop();
    const verdict = judgeGenerators(health);
    expect(verdict.behind).to.deep.equal(["feastflow-loadgen-testrun00001-1-abcde"]);
    const origin = run.origin();
    expect(origin.from === "cluster" && origin.pods[1].lost).to.equal(true);
  });
});
