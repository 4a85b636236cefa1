import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { DEFAULTS } from "../../components/config";
import type { Kube } from "../../automation/scale-test/kube";
import { AppProcess, startApp } from "../support/local-app";
import type { StackApi } from "../../automation/scale-test/run";
import { CliIo, main } from "../../automation/scale-test/cli";
import type { StackOutputs } from "../../automation/scale-test/stack-outputs";
import type { envelope } from "../../automation/hpa-model";

/** A stand-in cluster answers at once: sample, poll and count windows every 100 ms. */
const FAST = { sampleIntervalMs: 100, metricsPollMs: 100, scaleDownPollMs: 100, windowStartMarginMs: 100 };

/** What index.ts exports for one workload of the kind stack. */
const workload = (name: string, port: number, nodePort: number, maxReplicas: number) => ({
  deploymentName: name,
  serviceName: name,
  hpaName: name,
  serviceType: "NodePort",
  port,
  nodePort,
  minReplicas: 2,
  maxReplicas,
});
const outputs: StackOutputs = {
  namespace: "feastflow",
  backend: workload("backend", 5000, 30500, 10),
  frontend: workload("frontend", 8080, 30080, 8),
};

/**
 * A cluster whose backend HPA goes to `scaleTo` replicas after two reads
 * (never, when scaleTo is 2). Its pods idle at 1m of CPU for the first two reads
 * (the metrics wait and the baseline read) and then burn 200m each, in fresh
 * one-second metrics windows. One node of `nodeCpu` cores and 16Gi holds them.
 */
function fakeCluster(scaleTo: number, nodeCpu = "8"): Kube {
  let hpaReads = 0;
  let metricReads = 0;
  const replicas = () => (hpaReads > 2 ? scaleTo : 2);
  const names = () => Array.from({ length: replicas() }, (_, i) => `backend-${i}`);
  const ready = [{ type: "Ready", status: "True" }];
  const pods = () => ({
    items: names().map((name) => ({ metadata: { name }, status: { phase: "Running", conditions: ready } })),
  });
  const podMetrics = () => {
    metricReads++;
    const cpu = metricReads <= 2 ? "1m" : "200m"; // the metrics wait and the idle baseline read first
    const timestamp = new Date().toISOString();
    return {
      items: names().map((name) => ({ metadata: { name }, timestamp, window: "1s", containers: [{ usage: { cpu } }] })),
    };
  };
  return {
    server: "https://fake-cluster:6443",
    // A watch that opens and never reports: the stand-in's HPA status does not change.
    k8s: {
      Watch: class {
        watch = async () => ({ abort: () => undefined });
      },
    },
    apiRegistration: {
      readAPIService: async () => ({
        spec: { service: { namespace: "kube-system", name: "metrics-server" } },
        status: { conditions: [{ type: "Available", status: "True" }] },
      }),
    },
    core: {
      readNamespacedService: async () => ({ spec: { selector: { "k8s-app": "metrics-server" } } }),
      listNamespacedPod: async () => pods(),
      listNode: async () => ({
        items: [
          {
            metadata: { name: "node-a" },
            status: { allocatable: { cpu: nodeCpu, memory: "16Gi", pods: "110" }, conditions: ready },
          },
        ],
      }),
      listPodForAllNamespaces: async () => ({
        items: names().map((name) => ({
          metadata: { name, namespace: "feastflow", labels: { component: "backend" } },
          spec: { nodeName: "node-a", containers: [{ name: "backend", resources: { requests: { cpu: "200m" } } }] },
          status: { phase: "Running" },
        })),
      }),
      listNamespacedEvent: async () => ({ items: [] }),
    },
    custom: { listNamespacedCustomObject: async () => podMetrics() },
    apps: {
      readNamespacedDeployment: async () => ({
        spec: {
          selector: { matchLabels: { component: "backend" } },
          template: {
            spec: { containers: [{ name: "backend", resources: { requests: { cpu: "200m", memory: "256Mi" } } }] },
          },
        },
        status: { replicas: replicas(), readyReplicas: replicas() },
      }),
    },
    autoscaling: {
      readNamespacedHorizontalPodAutoscaler: async () => {
        hpaReads++;
        const cpu = { type: "Resource", resource: { name: "cpu", current: { averageUtilization: 140 } } };
        return { status: { currentReplicas: replicas(), desiredReplicas: replicas(), currentMetrics: [cpu] } };
      },
    },
  } as unknown as Kube;
}

/** A stack driver that records what it was asked to do. */
function fakeStack(calls: string[]): () => Promise<StackApi> {
  const stack = { name: "kind" } as Stack;
  const api = {
    openStack: async ({ stackName }: { stackName: string }) => (calls.push(`open ${stackName}`), stack),
    deploy: async () => (calls.push("up"), outputs),
    outputs: async () => outputs,
    config: async () => DEFAULTS,
    // No key set: the scenario's phases resolve against the defaults, as config does.
    rawConfigOf: async () => ({}),
    destroy: async () => void calls.push("destroy"),
  };
  return async () => api as unknown as StackApi;
}

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const note = (text: string) => void stderr.push(text);
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    progress: { note, warn: note, live: () => undefined, sample: () => undefined, engine: note, done: () => undefined },
  };
}

describe("scale-test flow against a stand-in cluster and stack, with real load", () => {
  let app: AppProcess;
  let dir: string;
  before(async () => {
    app = await startApp("backend");
    dir = mkdtempSync(join(tmpdir(), "scale-test-"));
  });
  after(() => app.stop());

  const argv = (...extra: string[]) => [
    "--url",
    `http://127.0.0.1:${app.port}`,
    "--duration",
    "1",
    "--connections",
    "2",
    "--rate",
    "40",
    "--expect-replicas",
    "3",
    "--within",
    "1",
    ...extra,
  ];

  /** A band from 2 to 10 ready at every second: the wiring, not the model, is what these specs are about. */
  const wideBand: typeof envelope = (input) => ({
    points: Array.from({ length: Math.ceil(input.toSeconds - input.fromSeconds) + 1 }, (_, i) => ({
      t: Math.floor(input.fromSeconds) + i,
      minReady: 2,
      maxReady: 10,
      minDesired: 2,
      maxDesired: 10,
    })),
    sources: [],
    runs: 1,
  });

  it("deploys, calibrates, loads, watches, passes, writes JSON and SVG, destroys on request, and exits 0", async function () {
    this.timeout(60000);
    const calls: string[] = [];
    const io = captureIo();
    const json = join(dir, "run.json");
    const svg = join(dir, "run.svg");
    const code = await main(argv("--json", json, "--report", svg, "--destroy"), io, undefined, {
      connect: async () => fakeCluster(3),
      stackApi: fakeStack(calls),
      timings: FAST,
      envelopeOf: wideBand,
    });
    expect(code, [...io.stderr, ...io.stdout].join("\n")).to.equal(0);
    expect(calls).to.deep.equal(["open kind", "up", "destroy"]);
    const stdout = io.stdout.join("\n");
    expect(stdout).to.include("PASS scale-up: Reached 3 ready replicas");
    expect(stdout).to.include("PASS envelope: All ");
    expect(stdout.split("\n").pop()).to.equal("Scale test passed.");
    expect(stdout).to.match(/Demand: as produced, second by second/); // judged by what the load produced
    expect(stdout).to.include("Room: the cluster fits 40 backend pods at 200m CPU and 256Mi each (2 running, 38 more;");
    expect(stdout).to.match(/Demand: target 470m, produced \d+m/);
    expect(stdout).to.match(/│ ready │ ready band │/);
    const written = JSON.parse(readFileSync(json, "utf8")) as Record<
      string,
      { requests?: number; passed?: boolean; length?: number; demandMillicores?: number; scrapePhaseSeconds?: number }
    >;
    expect(Object.keys(written)).to.deep.equal([
      "verdict",
      "expectations",
      "demand",
      "measured",
      "room",
      "phases",
      "configChanges",
      "syncs",
      "load",
      "series",
      "setup",
      "baseline",
    ]);
    expect(written.expectations.demandMillicores).to.be.greaterThan(312);
    expect(written.measured.scrapePhaseSeconds).to.be.a("number");
    expect(written.load.requests).to.be.greaterThan(0);
    expect(written.verdict.passed).to.equal(true);
    expect(written.series.length).to.be.greaterThan(2);
    expect(readFileSync(svg, "utf8")).to.match(/^<svg/);
  });

  it("drives a scenario's closed loop of clients with no rate asked, then its fixed rate as asked", async function () {
    this.timeout(60000);
    const file = join(dir, "loop-then-rate.yaml");
    writeFileSync(
      file,
      "name: loop-then-rate\nphases:\n  - { name: loop, seconds: 2, concurrency: 2 }\n  - { name: steady, seconds: 2, rate: 20 }\n",
    );
    const io = captureIo();
    const json = join(dir, "scenario.json");
    const code = await main(
      ["--url", `http://127.0.0.1:${app.port}`, "--connections", "2", "--scenario", file, "--json", json],
      io,
      undefined,
      { connect: async () => fakeCluster(2), stackApi: fakeStack([]), timings: FAST, envelopeOf: wideBand },
    );
    expect(code, [...io.stderr, ...io.stdout].join("\n")).to.be.oneOf([0, 1, 3]); // too short to judge; the samples are what this is about
    const { series } = JSON.parse(readFileSync(json, "utf8")) as {
      series: Array<{ t: number; targetRate: number | null }>;
    };
    const loop = series.filter((x) => x.t > 0.5 && x.t < 1.8);
    const steady = series.filter((x) => x.t > 2.5 && x.t < 3.8);
    expect(loop.length, "samples inside the loop").to.be.at.least(3);
    expect(
      loop.every((x) => x.targetRate === null),
      JSON.stringify(loop),
    ).to.equal(true);
    expect(steady.length, "samples inside the fixed rate").to.be.at.least(3);
    expect(
      steady.every((x) => x.targetRate === 20),
      JSON.stringify(steady),
    ).to.equal(true);
  });

  it("compares a run with the previous one's JSON (--baseline), and refuses one of another config before deploying", async function () {
    this.timeout(60000);
    // The JSON the first spec wrote: a run of this very setup.
    const previous = join(dir, "run.json");
    const io = captureIo();
    const json = join(dir, "run-2.json");
    // The stand-in's figures are noise, so every judged figure is off: the wiring is what this spec is about.
    const off = ["time-to-n", "time-to-min", "p99", "failed-requests", "demand"].flatMap((f) => [
      "--tolerance",
      `${f}=off`,
    ]);
    const code = await main(argv("--skip-deploy", "--json", json, "--baseline", previous, ...off), io, undefined, {
      connect: async () => fakeCluster(3),
      stackApi: fakeStack([]),
      timings: FAST,
      envelopeOf: wideBand,
    });
    expect(code, [...io.stderr, ...io.stdout].join("\n")).to.equal(0);
    const stdout = io.stdout.join("\n");
    expect(stdout).to.include(`Compared with ${previous} (`);
    expect(stdout).to.include(
      `PASS baseline: Against ${previous}, none of the 0 judged figures is beyond its tolerance.`,
    );
    const written = JSON.parse(readFileSync(json, "utf8"));
    expect(written.baseline.figures.map((f: { figure: string }) => f.figure)).to.deep.equal([
      "time-to-n",
      "peak-replicas",
      "time-to-min",
      "p99",
      "failed-requests",
      "demand",
      "cost",
    ]);
    expect(written.setup).to.deep.include({ target: "backend", scaleUpReplicas: 3, rate: 40 });

    const calls: string[] = [];
    const refused = captureIo();
    const other = argv("--baseline", previous, "-c", "backend.autoscaling.cpuUtilization=60");
    expect(await main(other, refused, undefined, { stackApi: fakeStack(calls) })).to.equal(2);
    expect(calls, "nothing deployed").to.deep.equal([]);
    expect(refused.stderr.join("\n")).to.include("backend.autoscaling.cpuUtilization 70");
  });

  it("fails, with the HPA model's envelope, a cluster that scales faster than any HPA can", async function () {
    this.timeout(60000);
    const io = captureIo();
    const code = await main(argv("--skip-deploy"), io, undefined, {
      connect: async () => fakeCluster(3),
      stackApi: fakeStack([]),
      timings: FAST,
    });
    expect(code).to.equal(1);
    const stdout = io.stdout.join("\n");
    expect(stdout).to.match(
      /FAIL envelope: At 0 s 3 replicas were ready, above the envelope \(2\): the HPA scaled earlier, faster or higher than its declared config allows\./,
    );
    expect(stdout.split("\n").pop()).to.equal("Scale test FAILED.");
  });

  it("stops load and watches and exits 130 when interrupted mid-load", async () => {
    const io = captureIo();
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort("SIGINT"), 150);
    const code = await main(
      ["--url", `http://127.0.0.1:${app.port}`, "--duration", "30", "--skip-deploy"],
      io,
      controller.signal,
      {
        connect: async () => fakeCluster(3),
        stackApi: fakeStack([]),
        timings: FAST,
      },
    );
    expect(code).to.equal(130);
    // Well before the 30 s of load asked for: the interrupt ended the run, not the load's end.
    expect(Date.now() - started).to.be.below(15000);
    expect(io.stderr.pop()).to.equal("scale-test: Interrupted by SIGINT; stopped load and watches.");
    expect(io.stdout).to.deep.equal([]);
  });

  it("refuses with exit 1, before any load, a run whose N the cluster has no room for", async () => {
    const io = captureIo();
    // 2 pods of 200m run on a 700m node: room for one more, 3 in all; N is 4.
    const code = await main(argv("--skip-deploy", "--expect-replicas", "4"), io, undefined, {
      connect: async () => fakeCluster(3, "700m"),
      stackApi: fakeStack([]),
      timings: FAST,
    });
    expect(code).to.equal(1);
    expect(io.stderr.join("\n")).to.include(
      "Room: the cluster fits 3 backend pods at 200m CPU and 256Mi each (2 running, 1 more;",
    );
    expect(io.stderr.pop()).to.equal(
      "scale-test: The cluster has room for 3 backend pods at their requests, fewer than the 4 the test expects Ready, so the run could only fail for the cluster's size: free or add node capacity, lower backend.resources.requests, or pass --expect-replicas 3.",
    );
    expect(io.stdout).to.deep.equal([]);
  });

  it("fails with exit 1 and says why when replicas never scale", async function () {
    this.timeout(60000);
    const io = captureIo();
    const code = await main(argv("--skip-deploy"), io, undefined, {
      connect: async () => fakeCluster(2),
      stackApi: fakeStack([]),
      timings: FAST,
      envelopeOf: wideBand,
    });
    expect(code).to.equal(1);
    const stdout = io.stdout.join("\n");
    expect(stdout).to.include("FAIL scale-up: Never reached 3 ready replicas");
    expect(stdout.split("\n").pop()).to.equal("Scale test FAILED.");
  });
});
