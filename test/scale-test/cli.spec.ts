import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliIo, main } from "../../automation/scale-test/cli";
import { REPO_ROOT } from "../../automation/shared/repo";

/** Captures what the CLI prints: stdout lines and stderr notes. */
function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    progress: {
      note: (text) => stderr.push(text),
      warn: (text) => stderr.push(text),
      live: () => undefined,
      sample: () => undefined,
      engine: (text) => stderr.push(text),
      done: () => undefined,
    },
  };
}

/** Runs the real command in a child process, as `npm run scale-test` does. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", "automation/scale-test/cli.ts", ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

/** A kubeconfig whose only cluster listens nowhere (127.0.0.1:1). */
function unreachableKubeconfig(): string {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), "scale-test-")), "kubeconfig");
  writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters: [{ name: down, cluster: { server: 'https://127.0.0.1:1' } }]",
      "users: [{ name: nobody, user: { token: none } }]",
      "contexts: [{ name: down, context: { cluster: down, user: nobody } }]",
      "current-context: down",
    ].join("\n"),
  );
  return kubeconfig;
}

// The child process costs seconds of start-up (ts-node, the Kubernetes client), so it starts
// in a root hook and runs while the other specs do; its test only awaits the result.
let unreachableRun: ReturnType<typeof runCli>;
before(() => {
  unreachableRun = runCli(["--skip-deploy"], { KUBECONFIG: unreachableKubeconfig() });
});

describe("scale-test CLI", () => {
  it("exits 1 by itself with the preflight sentence when the cluster is unreachable", async function () {
    // A guard against a hang, not a speed goal: the child shares the machine with every other spec.
    this.timeout(120_000);
    const { code, stderr } = await unreachableRun;
    expect(code).to.equal(1);
    expect(stderr).to.include("The cluster at https://127.0.0.1:1 is unreachable");
    expect(stderr).to.include(
      "start it (npm run cluster:up, or kind create cluster --name feastflow --config apps/kind-cluster.yaml)",
    );
  });

  it("exits 1 naming a KUBECONFIG file that does not exist", async () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = "/nonexistent/kubeconfig";
    const io = captureIo();
    try {
      expect(await main([], io)).to.equal(1);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
    expect(io.stderr.join("\n")).to.equal(
      "scale-test: No kubeconfig: KUBECONFIG names /nonexistent/kubeconfig, which does not exist; start the cluster (npm run cluster:up, or kind create cluster --name feastflow --config apps/kind-cluster.yaml) or point KUBECONFIG at its kubeconfig.",
    );
    expect(io.stdout).to.deep.equal([]);
  });

  it("gives a usage error and exit 2 on a bad flag", async () => {
    const io = captureIo();
    expect(await main(["--conections", "5"], io)).to.equal(2);
    expect(io.stderr).to.deep.equal([
      "scale-test: Unknown option --conections (did you mean --connections?). Run npm run scale-test -- --help for the options.",
    ]);
  });

  it("lists every option with --help on stdout and exits 0", async () => {
    const io = captureIo();
    expect(await main(["--help"], io)).to.equal(0);
    const help = io.stdout.join("\n");
    for (const flag of [
      "--stack",
      "--target",
      "--duration",
      "--connections",
      "--rate",
      "--path",
      "--url",
      "--expect-replicas",
      "--within",
      "--max-errors",
      "--verify-scale-down",
      "--skip-deploy",
      "--destroy",
      "--json",
      "--report",
      "--config",
      "--baseline",
      "--tolerance",
      "--help",
    ]) {
      expect(help).to.include(flag);
    }
    expect(help).to.match(/time-to-n +\+20 %/);
  });

  it("refuses a --baseline of another config with exit 2 before any cluster work, naming the key", async () => {
    const io = captureIo();
    const step = join(REPO_ROOT, "test/fixtures/baseline/step-run.json");
    const argv = ["--path", "/api/menu/search?q=chicken&rounds=5", "--baseline", step];
    // No connect seam: had the check let the run through, it would try a cluster and not exit 2.
    expect(await main([...argv, "-c", "backend.autoscaling.maxReplicas=20"], io)).to.equal(2);
    expect(io.stderr).to.deep.equal([
      `scale-test: --baseline ${step} was a run of backend.autoscaling.maxReplicas 10, this one is 20: compare runs of one config. Run npm run scale-test -- --help for the options.`,
    ]);
  });

  it("refuses a scenario's run as the baseline of a step run with exit 2", async () => {
    const io = captureIo();
    const lunch = join(REPO_ROOT, "test/fixtures/baseline/lunch-rush.json");
    expect(await main(["--baseline", lunch], io)).to.equal(2);
    expect(io.stderr[0]).to.include("was a run of scenario e2e-lunch-rush, this one of one step of demand");
  });
});
