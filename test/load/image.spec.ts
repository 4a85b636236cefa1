import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LOADGEN_IMAGE } from "../../automation/load/cluster-job";

const ROOT = join(__dirname, "..", "..");
const IMAGE_DIR = join(ROOT, "automation", "load", "image");

describe("load pod image", () => {
  it("is the image cluster/images builds, under the same name", () => {
    const versions = readFileSync(join(ROOT, "cluster", "versions.env"), "utf8");
    expect(/^LOADGEN_IMAGE=(.+)$/m.exec(versions)?.[1]).to.equal(LOADGEN_IMAGE);
  });

  it("holds autocannon and hdr-histogram-js with their dependencies, and none of the project's other packages", () => {
    const dirs = execFileSync(process.execPath, [join(IMAGE_DIR, "runtime-modules.mjs"), ROOT], { encoding: "utf8" })
      .trim()
      .split("\n");
    expect(dirs).to.include.members(["node_modules/autocannon", "node_modules/hdr-histogram-js", "node_modules/pako"]);
    expect(dirs.filter((d) => /pulumi|kubernetes|typescript|mocha|vega/.test(d))).to.deep.equal([]);
  });
});
