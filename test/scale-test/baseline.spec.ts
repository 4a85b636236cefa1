import { expect } from "chai";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig, type FeastflowConfig } from "../../components/config";
import { checkBaseline, compareWithBaseline, readBaseline, withBaseline } from "../../automation/scale-test/baseline";
import type { RecordedRun } from "../../automation/scale-test/baseline-figures";
import { runSetup, type SetupOptions } from "../../automation/scale-test/run-setup";
import { parseTolerances } from "../../automation/scale-test/tolerance";
import { UsageError } from "../../automation/shared/errors";
import { REPO_ROOT } from "../../automation/shared/repo";
import { readStackConfig } from "../../automation/shared/stack-file";
import type { ScaleTestResult } from "../../automation/shared/results";

// Recorded runs, trimmed: a step run of the backend at ?rounds=5 that reached 4 ready replicas at 25.1 s
// (samples every 5 s), the same at ?rounds=30, and the e2e lunch-rush scenario.
const FIXTURES = join(REPO_ROOT, "test/fixtures/baseline");
const recorded = (name: string) => readBaseline(name, FIXTURES);
const STEP = recorded("step-run.json");
const KIND: FeastflowConfig = parseConfig(readStackConfig("kind", REPO_ROOT));
const STEP_OPTIONS: SetupOptions = { stack: "kind", target: "backend", path: "/api/menu/search?q=chicken&rounds=5" };

/** The config of the kind stack with one change applied to the backend. */
function kindWith(change: (c: FeastflowConfig) => void): FeastflowConfig {
  const config = structuredClone(KIND);
  change(config);
  return config;
}

/** The recorded run with every moment later by `factor`: its time to N and its way down stretch alike. */
function slowed(run: RecordedRun, factor: number): RecordedRun {
  return {
    ...run,
    series: run.series.map((s) => ({ ...s, t: s.t * factor })),
    load: { ...run.load, durationSeconds: run.load.durationSeconds * factor },
  };
}

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).to.be.instanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("expected a refusal");
};

const DEFAULTS = parseTolerances([]);

describe("--baseline: the previous run", () => {
  const dir = mkdtempSync(join(tmpdir(), "baseline-"));
  writeFileSync(join(dir, "garbled.json"), "{ not json");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "feastflow", version: "0.1.0" }));
  writeFileSync(join(dir, "no-p99.json"), JSON.stringify({ ...STEP, load: { ...STEP.load, p99Ms: "fast" } }));
  mkdirSync(join(dir, "runs"));

  for (const [file, message] of [
    ["run-1.json", "--baseline run-1.json does not exist: give a previous run's --json file."],
    ["runs", "--baseline runs is not a file: give a previous run's --json file."],
    ["garbled.json", "--baseline garbled.json is not JSON, so it is no scale-test --json file."],
    ["package.json", "--baseline package.json is not a scale-test --json file: it has no valid verdict."],
    ["no-p99.json", "--baseline no-p99.json is not a scale-test --json file: it has no valid load.p99Ms."],
  ]) {
    it(`refuses ${file} in one sentence naming it`, () => {
      expect(refusal(() => readBaseline(file, dir))).to.equal(message);
    });
  }

  it("reads a recorded run, keeping the name it was given", () => {
    expect([STEP.file, STEP.expectations.scaleUpReplicas, STEP.series.length]).to.deep.equal(["step-run.json", 4, 18]);
  });
});

describe("--baseline: runs of one config only", () => {
  it("compares a run of the same setup on what the older JSON records", () => {
    expect(checkBaseline(STEP, runSetup(STEP_OPTIONS, KIND))).to.deep.equal([
      "--target",
      "--path",
      "scenario",
      "N (--expect-replicas)",
      "--demand",
      "backend.autoscaling.minReplicas",
      "backend.autoscaling.maxReplicas",
      "backend.autoscaling.cpuUtilization",
    ]);
  });

  it("refuses a run of another maxReplicas, naming the key and both values", () => {
    const setup = runSetup(
      STEP_OPTIONS,
      kindWith((c) => (c.backend.autoscaling.maxReplicas = 20)),
    );
    expect(refusal(() => checkBaseline(STEP, setup))).to.equal(
      "--baseline step-run.json was a run of backend.autoscaling.maxReplicas 10, this one is 20: compare runs of one config.",
    );
  });

  it("refuses a run of another CPU request when both runs recorded their setup", () => {
    const withSetup = { ...STEP, setup: runSetup(STEP_OPTIONS, KIND) };
    const setup = runSetup(
      STEP_OPTIONS,
      kindWith((c) => (c.backend.resources.requests.cpu = "100m")),
    );
    // 100m halves what N pods hold, so the derived demand (1.5 × the least that reaches N) halves too: 710m → 360m.
    expect(refusal(() => checkBaseline(withSetup, setup))).to.equal(
      "--baseline step-run.json was a run of --demand 710m and backend.resources.requests.cpu 200m, this one of --demand 360m and backend.resources.requests.cpu 100m: compare runs of one config.",
    );
  });

  it("refuses a run of another path", () => {
    expect(refusal(() => checkBaseline(recorded("step-run-rounds-30.json"), runSetup(STEP_OPTIONS, KIND)))).to.equal(
      "--baseline step-run-rounds-30.json was a run of --path /api/menu/search?q=chicken&rounds=30, this one is /api/menu/search?q=chicken&rounds=5: compare runs of one config.",
    );
  });

  it("refuses a scenario's run as the baseline of one step of demand, and names the scenario alone", () => {
    expect(refusal(() => checkBaseline(recorded("lunch-rush.json"), runSetup(STEP_OPTIONS, KIND)))).to.equal(
      "--baseline lunch-rush.json was a run of scenario e2e-lunch-rush, this one of one step of demand: compare runs of one config.",
    );
  });
});

describe("--baseline: the figures against the previous run's", () => {
  const compare = (current: RecordedRun, tolerances = DEFAULTS) =>
    compareWithBaseline(STEP, current, tolerances, ["--target"]);

  it("fails a time to N 50 % worse at the default +20 %: 25.1 s × 1.5 = 37.65 s", () => {
    const c = compare(slowed(STEP, 1.5));
    expect(c.passed).to.equal(false);
    expect(c.message).to.equal(
      "Time to 4 ready replicas was 37.7 s against 25.1 s in step-run.json (+50 %), beyond the +20 % tolerance.",
    );
  });

  it("passes a time to N 5 % worse: 25.1 s × 1.05 = 26.4 s is within 25.1 s × 1.2 = 30.1 s", () => {
    const c = compare(slowed(STEP, 1.05));
    expect(c.passed).to.equal(true);
    expect(c.figures.find((f) => f.figure === "time-to-n")).to.deep.include({ outcome: "within", previous: 25.1 });
    // Judged: time to N, p99, failed requests, produced demand; neither run came back to min, the cost is off.
    expect(c.message).to.equal("Against step-run.json, none of the 4 judged figures is beyond its tolerance.");
  });

  it("only reports a figure whose tolerance is off", () => {
    const c = compare(slowed(STEP, 1.5), parseTolerances(["time-to-n=off"]));
    expect(c.passed).to.equal(true);
    expect(c.figures[0]).to.deep.include({ figure: "time-to-n", outcome: "not judged", note: "tolerance off" });
  });

  it("counts no time within one sample interval as worse: 25.1 s → 30.1 s is +20 %, but one 5 s sample later", () => {
    const later = {
      ...STEP,
      series: STEP.series.map((s) => ({ ...s, readyReplicas: s.t < 30 ? 2 : s.readyReplicas })),
    };
    const f = compare(later, parseTolerances(["time-to-n=+10%"])).figures.find((x) => x.figure === "time-to-n");
    expect(f).to.deep.include({ current: 30.1, outcome: "within", note: "within one sample interval (5 s)" });
  });

  it("shows a figure missing on either side as not judged: no sample back at minReplicas in either run", () => {
    const f = compare(STEP).figures.find((x) => x.figure === "time-to-min");
    expect(f).to.deep.include({ previous: null, current: null, outcome: "not judged" });
  });

  it("fails failed requests from 0 to 3 at the default +0 %, and a demand 30 % lower at the default -25 %", () => {
    const failing = { ...STEP, load: { ...STEP.load, failed: 3 } };
    expect(compare(failing).message).to.equal(
      "Failed requests was 3 against 0 in step-run.json, beyond the +0 % tolerance.",
    );
    const lighter = { ...STEP, demand: { ...STEP.demand!, producedMillicores: 507 } };
    expect(compare(lighter).message).to.equal(
      "Produced demand was 507m against 725m in step-run.json (-30 %), beyond the -25 % tolerance: a lighter load is a weaker test.",
    );
  });

  it("judges no p99 between load from this machine and from the cluster", () => {
    const fromCluster = { ...STEP, load: { ...STEP.load, p99Ms: 900, origin: undefined } };
    fromCluster.load.origin = { from: "cluster" } as never;
    const f = compare(fromCluster).figures.find((x) => x.figure === "p99");
    expect(f).to.deep.include({
      outcome: "not judged",
      note: "loaded from this machine before and from the cluster now",
    });
  });

  it("fails a passed verdict with the comparison's sentence as the baseline check, and leaves an inconclusive one", () => {
    const run = {
      ...STEP,
      verdict: { passed: true, outcome: "passed", inconclusive: [], checks: [], explanations: [] },
    };
    const failed = withBaseline(run as unknown as ScaleTestResult, compare(slowed(STEP, 1.5)));
    expect(failed.verdict.outcome).to.equal("failed");
    expect(failed.verdict.checks.at(-1)).to.deep.include({ name: "baseline", passed: false });
    const light = { ...run, verdict: { ...run.verdict, passed: false, outcome: "inconclusive" } };
    expect(withBaseline(light as unknown as ScaleTestResult, compare(slowed(STEP, 1.5))).verdict.outcome).to.equal(
      "inconclusive",
    );
  });
});
