import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyOverride, main } from "../../automation/plan";

/** Runs the CLI in-process against `root`, capturing both channels. */
async function run(argv: string[], root: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, root);
  return { code, out: out.join("\n"), err: err.join("\n") };
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

  it("prints [{ t, desiredReplicas, readyReplicas, cpuUtilization }] per HPA sync with --json", async () => {
    const { code, out } = await run(["--stack", "test", "--demand", "500", "--duration", "120", "--json"], root);
    expect(code).to.equal(0);
    const points = JSON.parse(out) as Record<string, unknown>[];
    expect(points).to.have.length(9);
    expect(points[0]).to.have.all.keys("t", "desiredReplicas", "readyReplicas", "cpuUtilization");
    expect(points[2]).to.deep.equal({ t: 30, desiredReplicas: 4, readyReplicas: 2, cpuUtilization: 125 });
  });

  it("reads maxReplicas from the stack file and lets --set raise it for a flash sale", async () => {
    const peak = async (extra: string[]) => {
      const { out } = await run(["--stack", "test", "--profile", "flash-sale", "--json", ...extra], root);
      return Math.max(...(JSON.parse(out) as { desiredReplicas: number }[]).map((p) => p.desiredReplicas));
    };
    expect(await peak([])).to.equal(8);
    expect(await peak(["--set", "backend.autoscaling.maxReplicas=20"])).to.equal(18);
  });

  it("prints a table with the HPA's actions by default", async () => {
    const { code, out } = await run(["--stack", "test", "--profile", "seed"], root);
    expect(code).to.equal(0);
    expect(out)
      .to.match(/HPA action/)
      .and.match(/scale up 2 → 4/)
      .and.match(/scale down 4 → 3/);
  });

  it("falls back to the defaults with a warning when the stack file is missing", async () => {
    const { code, err } = await run(["--stack", "absent", "--demand", "100", "--duration", "15", "--json"], root);
    expect(code).to.equal(0);
    expect(err).to.match(/Pulumi\.absent\.yaml not found.*default config/);
  });

  it("exits 2 with the usage on an unknown option", async () => {
    const { code, err } = await run(["--stack", "test", "--replicas", "3"], root);
    expect(code).to.equal(2);
    expect(err)
      .to.match(/Unknown option '--replicas'/)
      .and.match(/Usage: npm run plan/);
  });

  it("exits 2 when --stack is missing or --profile and --demand are both given", async () => {
    expect((await run([], root)).code).to.equal(2);
    expect((await run(["--stack", "test", "--profile", "seed", "--demand", "5"], root)).code).to.equal(2);
  });

  it("exits 1 naming the key when an override breaks the config", async () => {
    const { code, err } = await run(["--stack", "test", "--set", "backend.autoscaling.minReplicas=11"], root);
    expect(code).to.equal(1);
    expect(err).to.include("backend.autoscaling.minReplicas (11) must be <= backend.autoscaling.maxReplicas (8)");
  });

  it("parses --set values as JSON when they parse and as strings otherwise", () => {
    const raw: Record<string, unknown> = { backend: { port: 5000 } };
    applyOverride(raw, "backend.autoscaling.enabled=false");
    applyOverride(raw, "feastflow:backend.image=feastflow-backend:1.1.0");
    expect(raw).to.deep.equal({
      backend: { port: 5000, autoscaling: { enabled: false }, image: "feastflow-backend:1.1.0" },
    });
  });
});
