import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../automation/plan";
import { UsageError } from "../../automation/shared/errors";

/** Runs the CLI in-process against `root`, capturing both channels. */
async function run(argv: string[], root: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, root);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The usage error a bad invocation throws for the top-level handler (exit 2). */
async function usageError(argv: string[], root: string): Promise<string> {
  try {
    await run(argv, root);
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
}

describe("plan CLI", () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-spec-"));
    // A stack file in the shape Pulumi writes, with a key of another namespace to skip.
    fs.writeFileSync(
      path.join(root, "Pulumi.test.yaml"),
      [
        "config:",
        "  kubernetes:context: kind-feastflow",
        "  feastflow:backend:",
        "    autoscaling:",
        "      maxReplicas: 8",
        "",
      ].join("\n"),
    );
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("prints the band, [{ t, minReady, maxReady, minDesired, maxDesired }] per second, with --json", async () => {
    const { code, out } = await run(["--stack", "test", "--demand", "500", "--duration", "120", "--json", "-"], root);
    expect(code).to.equal(0);
    const points = JSON.parse(out) as Array<Record<string, number>>;
    expect(points).to.have.length(121);
    expect(points[0]).to.deep.equal({ t: 0, minReady: 2, maxReady: 2, minDesired: 2, maxDesired: 2 });
    // 500m on 2 pods is 125 % of the 200m request against 70 %: the HPA asks for ceil(2 × 125 / 70) = 4,
    // which the slowest cluster has Ready within two minutes and the fastest never exceeds.
    expect(points[120]).to.deep.include({ minReady: 4, maxReady: 4 });
  });

  it("reads maxReplicas from the stack file and lets --config raise it for a flash sale", async () => {
    const peak = async (extra: string[]) => {
      const argv = ["--stack", "test", "--profile", "flash-sale", "--duration", "240", "--json", "-", ...extra];
      const { out } = await run(argv, root);
      return Math.max(...(JSON.parse(out) as { maxDesired: number }[]).map((p) => p.maxDesired));
    };
    expect(await peak([])).to.equal(8);
    expect(await peak(["--config", "backend.autoscaling.maxReplicas=20"])).to.be.above(8);
    expect(await peak(["-c", "feastflow:backend.autoscaling.maxReplicas=12"])).to.equal(12);
  });

  it("prints a table with the HPA's actions by default", async () => {
    const { code, out } = await run(["--stack", "test", "--demand", "500", "--duration", "90"], root);
    expect(code).to.equal(0);
    expect(out)
      .to.match(/ready band │ desired band │ HPA action/)
      .and.match(/band: the model over \d+ combinations of what a real cluster leaves open:/)
      .and.match(/scale up 2 → 4/)
      .and.match(/│ 30 s +│ 500m +│ 125 +│ 4 +│ 2 +│ [2-4]–4 +│ [2-4]–4 +│ scale up 2 → 4 \(cpu 125% vs 70%\)/);
  });

  it("refuses a stack without a stack file, naming the stacks it knows", async () => {
    expect(await usageError(["--stack", "absent", "--demand", "100"], root)).to.equal(
      `Stack absent has no stack file (Pulumi.absent.yaml) in ${root}; known stacks: test.`,
    );
  });

  it("refuses an unknown option, a missing value and --profile with --demand", async () => {
    expect(await usageError(["--stack", "test", "--replicas", "3"], root)).to.match(/Unknown option --replicas\./);
    expect(await usageError(["--stack"], root)).to.match(/--stack/);
    expect(await usageError(["--stack", "test", "--profile", "seed", "--demand", "5"], root)).to.equal(
      "Use either --profile or --demand, not both.",
    );
  });

  it("bounds the simulated horizon and the demand, in plain decimals", async () => {
    expect(await usageError(["--stack", "test", "--duration", "1e12"], root)).to.equal(
      '--duration must be a duration from 1 s to 604800 s, such as 90, 90s or 2m (got "1e12").',
    );
    expect(await usageError(["--stack", "test", "--duration", ""], root)).to.match(/--duration must be/);
    expect(await usageError(["--stack", "test", "--demand", "0x10"], root)).to.equal(
      '--demand must be a CPU amount from 1m to 1000000m, such as 900 or 900m (got "0x10").',
    );
    // As in the scale test: no demand is nothing to plan for.
    expect(await usageError(["--stack", "test", "--demand", "0"], root)).to.match(
      /^--demand must be a CPU amount from 1m/,
    );
  });

  it("says in its help what each exit code means, as main returns them", async () => {
    const { out } = await run(["--help"], root);
    expect(out).to.include("Exit status: 0 on success, 2 on bad options or a stack config that is not valid");
  });

  it("refuses an override that would reach an object's prototype", async () => {
    expect(await usageError(["--stack", "test", "-c", "__proto__.x=1"], root)).to.match(/is not a config path/);
  });

  it("exits 2 naming the key when an override breaks the config, as the scale test does", async () => {
    const { code, err } = await run(["--stack", "test", "--config", "backend.autoscaling.minReplicas=11"], root);
    expect(code).to.equal(2);
    expect(err).to.include("backend.autoscaling.minReplicas (11) must be <= backend.autoscaling.maxReplicas (8)");
  });
});
