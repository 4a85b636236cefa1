import { expect } from "chai";
import {
  builtInNames,
  demandAt,
  loadScenario,
  parseScenario,
  podWorth,
  resolveScenario,
} from "../../automation/scenario";
import { applyOverrides, parseOverride } from "../../automation/shared/overrides";
import { readStackConfig } from "../../automation/shared/stack-file";
import { DEFAULTS } from "../../components/config";

const kind = () => readStackConfig("kind");

describe("a scenario on a stack", () => {
  it("counts a pod's worth as its CPU request at the CPU target: 200m at 70 % is 140m", () => {
    expect(podWorth(DEFAULTS.backend)).to.equal(140);
    // The frontend: 100m at 60 %.
    expect(podWorth(DEFAULTS.frontend)).to.equal(60);
    const noCpuTarget = {
      ...DEFAULTS.backend,
      autoscaling: { ...DEFAULTS.backend.autoscaling, cpuUtilization: undefined },
    };
    expect(podWorth(noCpuTarget)).to.equal(undefined);
  });

  it("places the flash sale's phases end to end, with the config in force in each", () => {
    const r = resolveScenario(loadScenario("flash-sale"), kind());
    expect(r.totalSeconds).to.equal(840);
    expect(r.phases.map((p) => [p.name, p.fromSeconds, p.toSeconds, p.workload.autoscaling.maxReplicas])).to.deep.equal(
      [
        ["before", 0, 60, 10],
        ["sale", 60, 240, 20],
        ["after", 240, 840, 10],
      ],
    );
    // 2 pods' worth is 280m, 14 is 1960m; the ramp is linear over the sale's 180 s.
    expect(r.phases[1].load).to.deep.equal({ kind: "demand", fromMillicores: 280, toMillicores: 1960 });
    expect(
      [demandAt(r, 0), demandAt(r, 60), demandAt(r, 150), demandAt(r, 239.999)].map((m) => Math.round(m ?? NaN)),
    ).to.deep.equal([280, 280, 1120, 1960]);
    expect([demandAt(r, 240), demandAt(r, 900)]).to.deep.equal([0, 0]);
  });

  it("has no demand to give in a concurrency or rate phase", () => {
    const r = resolveScenario(loadScenario("seed"), kind());
    expect(r.phases[0].load).to.deep.equal({ kind: "concurrency", clients: 10 });
    expect(demandAt(r, 10)).to.equal(undefined);
    expect(demandAt(r, 200)).to.equal(0);
  });

  it("names a config change the stack's config cannot take, and pods' worth without a CPU target", () => {
    const bad = parseScenario(
      "name: t\nphases:\n  - { name: a, seconds: 5, config: { backend.autoscaling.minReplicas: 12 } }\n" +
        "  - { name: b, seconds: 5, config: { backend.autoscaling.minReplicas: 2 }, demand: 1 pod }",
      "t.yaml",
    );
    // The kind stack with its backend HPA on memory alone.
    const memoryOnly = applyOverrides(kind(), [parseOverride("backend.autoscaling.cpuUtilization=x")]);
    (memoryOnly.backend as { autoscaling: Record<string, unknown> }).autoscaling.cpuUtilization = null;
    expect(() => resolveScenario(bad, memoryOnly)).to.throw(
      "Scenario t.yaml does not fit this stack: phases[0].config leaves the stack's config invalid: backend.autoscaling.minReplicas (12) must be <= backend.autoscaling.maxReplicas (10); " +
        "phases[1].demand is given in pods, but the target's HPA has no CPU target to count a pod's worth by.",
    );
  });

  it("resolves every built-in scenario on the kind stack; each but the day runs live in 15 minutes or less", () => {
    expect(builtInNames()).to.deep.equal(["day", "flash-sale", "gradual-growth", "lunch-rush", "overnight", "seed"]);
    for (const name of builtInNames()) {
      const r = resolveScenario(loadScenario(name), kind());
      if (name === "day") expect(r.totalSeconds, name).to.equal(86_400);
      else expect(r.totalSeconds, name).to.be.at.most(15 * 60);
      expect(loadScenario(name).description, name).to.have.length.greaterThan(20);
    }
  });

  it("refuses a name that is neither built in nor a file, listing the built-in ones", () => {
    expect(() => loadScenario("flash")).to.throw(
      '--scenario "flash" is neither a built-in scenario (day, flash-sale, gradual-growth, lunch-rush, overnight, seed) nor a file that exists.',
    );
    expect(() => loadScenario("./nope.yaml")).to.throw(/nor a file that exists/);
  });
});
