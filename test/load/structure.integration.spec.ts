import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const IMAGE_DIR = join(ROOT, "automation", "load", "image");

/** What the load package is built of, checked by running node and tsc (seconds each, so not in npm test). */
describe("the load package's make-up", () => {
  it("is not loaded by importing the load package: the CLIs parse their options without it", function () {
    this.timeout(30_000);
    const loaded = execFileSync(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        "-e",
        "require('./automation/load'); console.log(Object.keys(require.cache).filter((k) => k.includes('node_modules/autocannon/')).length)",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(loaded.trim()).to.equal("0");
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
