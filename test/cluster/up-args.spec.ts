import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../../automation/shared/repo";

/** cluster/up with `args`, refused before it looks at the host: exit code and stderr. */
const up = (...args: string[]) => {
  const r = spawnSync("bash", [path.join(REPO_ROOT, "cluster", "up"), ...args], { encoding: "utf8" });
  return { code: r.status, stderr: r.stderr.trim() };
};

describe("cluster/up's simulated-node flags", function () {
  this.timeout(10_000);

  it("refuses a node count outside 0..500, naming the flag and the value", function () {
    for (const bad of ["501", "-1", "many", ""]) {
      const r = up("--sim-nodes", bad);
      expect(r.code, bad).to.equal(2);
      expect(r.stderr).to.include(`--sim-nodes must be a whole number from 0 to 500, got '${bad}'`);
    }
  });

  it("refuses a node size that is no Kubernetes quantity", function () {
    expect(up("--sim-nodes", "3", "--sim-node-cpu", "4 cores").stderr).to.include(
      "--sim-node-cpu must be CPUs such as 4, 2.5 or 1500m, got '4 cores'",
    );
    expect(up("--sim-nodes", "3", "--sim-node-memory", "16GB").stderr).to.include(
      "--sim-node-memory must be a size such as 16Gi or 512Mi, got '16GB'",
    );
  });

  it("refuses an unknown flag and a flag without its value, with the usage", function () {
    const unknown = up("--nodes", "3");
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include("unknown argument '--nodes'");
    expect(unknown.stderr).to.include("usage: cluster/up [--sim-nodes N]");
    expect(up("--sim-nodes").stderr).to.include("--sim-nodes needs a value");
  });
});
