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

  it("checks the peak against described nodes, keeping pods past their room Pending in the band", async () => {
    const argv = ["--stack", "test", "--demand", "1400", "--duration", "300"];
    const free = await run(argv, root);
    expect(free.out).to.match(
      /Capacity: A constant 1400m peaks at up to 8 backend pods × 200m = 1600m CPU \(2Gi memory\); no cluster to check it against/,
    );
    const one = await run([...argv, "--nodes", "1", "--node-cpu", "1", "--node-memory", "8Gi"], root);
    expect(one.out).to.include(
      "Capacity: A constant 1400m peaks at up to 8 backend pods × 200m = 1600m CPU (2Gi memory); the cluster has room for 5 (1 empty node of 1 CPU, 8Gi, as described); 1 more node of 1 CPU, 8Gi (5 pods each) would hold it.",
    );
    // Five pods fit, so the band's Ready side never passes five; without the room it reaches eight.
    const readyTop = (out: string) =>
      Math.max(...[...out.matchAll(/│ \d+ +│ (?:(\d+)–)?(\d+) +│ (?:\d+–)?\d+ +│ [^│]*│$/gm)].map((m) => Number(m[2])));
    expect(readyTop(one.out)).to.equal(5);
    expect(readyTop(free.out)).to.equal(8);
  });

  it("takes a pod's working set for the HPA's memory metric, which slows the way down at the model's 100Mi", async () => {
    const file = path.join(root, "drop.yaml");
    fs.writeFileSync(
      file,
      "name: drop\nphases:\n  - { name: up, seconds: 60, demand: 6 pods }\n  - { name: quiet, seconds: 180, demand: 0 }\n",
    );
    const window = "backend.autoscaling.scaleDown.stabilizationWindowSeconds=30";
    const scenario = ["--stack", "test", "--scenario", file, "-c", window, "--json", "-"];
    const floorAt = async (t: number, argv: string[]) => {
      const { code, out } = await run(argv, root);
      expect(code).to.equal(0);
      return (JSON.parse(out) as Array<{ t: number; minDesired: number }>).find((p) => p.t === t)?.minDesired;
    };
    // 100Mi of a 256Mi request over an 80 % target asks ceil(n × 0.49): from 5 or 6 pods, 3 held by memory alone.
    expect(await floorAt(110, scenario)).to.equal(3);
    expect(await floorAt(110, [...scenario, "--memory-per-pod", "21Mi"])).to.equal(2);
    const table = await run(
      ["--stack", "test", "--demand", "500", "--duration", "30", "--memory-per-pod", "21Mi"],
      root,
    );
    expect(table.out).to.include(", a pod's working set 21Mi\n");
    expect((await run(["--stack", "test", "--demand", "500", "--duration", "30"], root)).out).to.include(
      ", a pod's working set 100Mi (assumed; --memory-per-pod)",
    );
    expect(await usageError([...scenario, "--memory-per-pod", "0Mi"], root)).to.match(
      /^--memory-per-pod must be a size from 1Mi to 1Ti/,
    );
  });

  it("refuses a cluster described by halves, or twice", async () => {
    const argv = ["--stack", "test", "--demand", "500"];
    expect(await usageError([...argv, "--nodes", "2"], root)).to.equal(
      "--nodes needs the size of a node: pass --node-cpu and --node-memory.",
    );
    expect(await usageError([...argv, "--node-cpu", "4"], root)).to.equal(
      "--node-cpu and --node-memory describe a node together; give both.",
    );
    expect(await usageError([...argv, "--cluster", "--nodes", "2"], root)).to.equal(
      "Use either --cluster (the kubeconfig's cluster) or --nodes (a described one), not both.",
    );
    expect(await usageError([...argv, "--node-pods", "50"], root)).to.match(/^--node-pods describes a node/);
    expect(await usageError([...argv, "--nodes", "0", "--node-cpu", "4", "--node-memory", "16Gi"], root)).to.equal(
      '--nodes must be a whole number from 1 to 5000 (got "0").',
    );
    expect(await usageError([...argv, "--nodes", "1", "--node-cpu", "4x", "--node-memory", "16Gi"], root)).to.equal(
      '--node-cpu must be CPUs from 1m to 1000, such as 4, 2.5 or 1500m (got "4x").',
    );
    expect(await usageError([...argv, "--nodes", "1", "--node-cpu", "4", "--node-memory", "16G"], root)).to.equal(
      '--node-memory must be a size from 1Mi to 1024Ti, such as 16Gi or 512Mi (got "16G").',
    );
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
