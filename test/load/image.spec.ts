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

  it("compiles the pod's program alone: automation/load and no more of automation/shared than its leaf helpers", () => {
    const config = JSON.parse(readFileSync(join(IMAGE_DIR, "tsconfig.json"), "utf8")) as {
      files: string[];
      compilerOptions: { rootDir: string };
    };
    expect(config.files).to.deep.equal(["../pod.ts"]);
    // A rootDir of automation/ makes tsc refuse an import from outside it; what it takes from inside is listed here.
    expect(config.compilerOptions.rootDir).to.equal("../..");
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const listed = execFileSync(process.execPath, [tsc, "-p", join(IMAGE_DIR, "tsconfig.json"), "--listFilesOnly"], {
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .map((f) => f.replace(/\\/g, "/"))
      .filter((f) => f.includes("/automation/"))
      .map((f) => f.slice(f.indexOf("/automation/") + 1));
    expect(listed).to.include("automation/load/pod.ts");
    const outside = listed.filter((f) => !f.startsWith("automation/load/"));
    expect(
      outside.every((f) => /^automation\/shared\/(sleep|stats|text)\.ts$/.test(f)),
      outside.join(", "),
    ).to.equal(true);
  });
});
