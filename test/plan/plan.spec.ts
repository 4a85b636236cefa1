import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { planRoot, run } from "../support/plan-cli";
import { UsageError } from "../../automation/shared/errors";

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
    root = planRoot();
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("needs a request's cost for a scenario that gives a rate, and takes a file", async () => {
    const file = path.join(root, "trickle.yaml");
    fs.writeFileSync(file, "name: trickle\nphases:\n  - { name: slow, seconds: 60, rate: 20 }\n");
    expect(await usageError(["--stack", "test", "--scenario", file], root)).to.equal(
      `Scenario ${file} gives a rate in phase slow; pass --request-cost MS, the CPU a request costs, so the plan can turn it into demand.`,
    );
    // 20 req/s × 25 ms = 500m: as --demand 500 for 60 s.
    const rate = await run(["--stack", "test", "--scenario", file, "--request-cost", "25", "--json", "-"], root);
    const demand = await run(["--stack", "test", "--demand", "500", "--duration", "59", "--json", "-"], root);
    expect(JSON.parse(rate.out)).to.deep.equal(JSON.parse(demand.out).concat([JSON.parse(rate.out)[60]]));
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

  it("refuses an unknown option, a missing value, --scenario with --demand and --duration with a scenario", async () => {
    expect(await usageError(["--stack", "test", "--replicas", "3"], root)).to.match(/Unknown option --replicas\./);
    expect(await usageError(["--stack"], root)).to.match(/--stack/);
    expect(await usageError(["--stack", "test", "--scenario", "seed", "--demand", "5"], root)).to.equal(
      "Use either --scenario or --demand, not both.",
    );
    expect(await usageError(["--stack", "test", "--duration", "90"], root)).to.equal(
      "--duration sets how long a constant --demand is planned; a scenario has its own length.",
    );
  });

  it("bounds the simulated horizon and the demand, in plain decimals", async () => {
    expect(await usageError(["--stack", "test", "--demand", "5", "--duration", "1e12"], root)).to.equal(
      '--duration must be a duration from 1 s to 604800 s, such as 90, 90s or 2m (got "1e12").',
    );
    expect(await usageError(["--stack", "test", "--demand", "5", "--duration", ""], root)).to.match(
      /--duration must be/,
    );
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
