import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../../automation/shared/errors";
import { millicores, oneOf, outputFile, seconds, wholeNumber } from "../../automation/shared/parse";

describe("option parsers", () => {
  it("reads whole numbers in range, in plain decimals only", () => {
    expect(wholeNumber("--n", "0", 0, 5)).to.equal(0);
    expect(wholeNumber("--n", "5", 0, 5)).to.equal(5);
    for (const bad of ["6", "-1", "1.5", "1e3", "0x10", "", " 3", "3 ", "+3", "Infinity", "99999999999"]) {
      expect(() => wholeNumber("--n", bad, 0, 5), bad).to.throw(
        UsageError,
        `--n must be a whole number from 0 to 5 (got ${JSON.stringify(bad)}).`,
      );
    }
  });

  it("reads seconds as 90, 90s or 2m, in range", () => {
    expect(seconds("--d", "90", 1, 600)).to.equal(90);
    expect(seconds("--d", "90s", 1, 600)).to.equal(90);
    expect(seconds("--d", "2m", 1, 600)).to.equal(120);
    for (const bad of ["0", "601", "11m", "1h", "1.5m", "", "1e12", "-5"]) {
      expect(() => seconds("--d", bad, 1, 600), bad).to.throw(UsageError, /^--d must be a duration from 1 s to 600 s/);
    }
  });

  it("reads millicores with or without the m suffix, in range", () => {
    expect(millicores("--demand", "900", 1, 5000)).to.equal(900);
    expect(millicores("--demand", "900m", 1, 5000)).to.equal(900);
    for (const bad of ["0", "5001", "1.5", "0x10", "1e3", "", "m"]) {
      expect(() => millicores("--demand", bad, 1, 5000), bad).to.throw(UsageError, /^--demand must be a CPU amount/);
    }
  });

  it("takes one of a fixed set of words", () => {
    expect(oneOf("--mode", "b", ["a", "b"])).to.equal("b");
    expect(() => oneOf("--mode", "c", ["a", "b"])).to.throw(UsageError, '--mode must be one of a, b (got "c").');
  });

  describe("output files", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "parse-spec-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("accepts - and a new file in a writable directory", () => {
      expect(outputFile("--json", "-")).to.equal("-");
      expect(outputFile("--json", path.join(dir, "run.json"))).to.equal(path.join(dir, "run.json"));
    });

    it("refuses a directory, a missing directory and an empty path", () => {
      expect(() => outputFile("--json", dir)).to.throw(UsageError, /names a directory/);
      expect(() => outputFile("--json", path.join(dir, "nope", "run.json"))).to.throw(UsageError, /cannot be written/);
      expect(() => outputFile("--json", "")).to.throw(UsageError, /needs a file path/);
    });
  });
});
