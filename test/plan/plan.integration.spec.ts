import { expect } from "chai";
import * as fs from "node:fs";
import { planRoot, run } from "../support/plan-cli";

describe("plan CLI over whole scenarios (seconds of model each)", () => {
  let root: string;

  before(() => {
    root = planRoot();
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("says first what it is doing when the scenario is long, and draws the band over all of it", async () => {
    const { out, err } = await run(["--stack", "test", "--scenario", "day", "--json", "-"], root);
    expect(err).to.match(/^plan: modeling scenario day: .* \(86400 s\) over every combination the band spans/);
    expect(JSON.parse(out)).to.have.length(86_401);
  });

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
  it("reads maxReplicas from the stack file, and the flash sale raises it to 20 while --config sets the floor", async () => {
    const peak = async (scenario: string, extra: string[] = []) => {
      const argv = ["--stack", "test", "--scenario", scenario, "--json", "-", ...extra];
      const { out } = await run(argv, root);
      return Math.max(...(JSON.parse(out) as { maxDesired: number }[]).map((p) => p.maxDesired));
    };
    // Gradual growth to 6 pods' worth (840m): the stack file's 8 is room enough, nothing else changes.
    expect(await peak("gradual-growth")).to.equal(6);
    // The sale's 14 pods' worth asks past the stack's 8 once the scenario raises maxReplicas to 20.
    expect(await peak("flash-sale")).to.be.within(13, 20);
    // --config lowers the stack's floor... and ceiling: growth stops at 5.
    expect(await peak("gradual-growth", ["-c", "feastflow:backend.autoscaling.maxReplicas=5"])).to.equal(5);
  });
  it("plans every built-in scenario and prints its phases beside the HPA's actions", async () => {
    const { code, out, err } = await run(["--stack", "test", "--scenario", "lunch-rush"], root);
    expect(code).to.equal(0);
    expect(err).to.equal("");
    expect(out)
      .to.include("load scenario lunch-rush: pre-scale to 6 before the rush")
      .and.include("  phase pre-scale: 0–90 s")
      .and.match(/│ time +│ phase +│ load +│/)
      .and.match(/below minReplicas/);
  });
});
