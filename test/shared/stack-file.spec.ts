import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../../automation/shared/errors";
import { listStacks, readStackConfig } from "../../automation/shared/stack-file";

describe("stack files", () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-spec-"));
    const file = (stack: string, text: string) => fs.writeFileSync(path.join(root, `Pulumi.${stack}.yaml`), text);
    file("a", "config:\n  kubernetes:context: x\n  feastflow:namespace: 123\n  feastflow:backend:\n    port: 5001\n");
    file("empty", "");
    file("broken", "config: [\n");
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("reads the feastflow keys, leaving a top-level scalar the string Pulumi hands the program", () => {
    expect(readStackConfig("a", root)).to.deep.equal({ namespace: "123", backend: { port: 5001 } });
  });

  it("reads a stack file without config as no config", () => {
    expect(readStackConfig("empty", root)).to.deep.equal({});
  });

  it("lists the stacks it finds", () => {
    expect(listStacks(root)).to.deep.equal(["a", "broken", "empty"]);
  });

  it("refuses an unknown stack, a bad name and a file that is not YAML", () => {
    expect(() => readStackConfig("prod", root)).to.throw(
      UsageError,
      `Stack prod has no stack file (Pulumi.prod.yaml) in ${root}; known stacks: a, broken, empty.`,
    );
    expect(() => readStackConfig("../etc", root)).to.throw(UsageError, /--stack must be a stack name/);
    expect(() => readStackConfig("broken", root)).to.throw(UsageError, /Pulumi\.broken\.yaml is not valid YAML/);
  });
});
