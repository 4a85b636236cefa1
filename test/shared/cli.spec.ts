import { expect } from "chai";
import { spawn } from "node:child_process";
import { describeFailure } from "../../automation/shared/cli";
import { PreflightError, UsageError } from "../../automation/shared/errors";

describe("the top-level CLI handler", () => {
  it("turns a usage error into its sentence, a pointer to --help and exit 2", () => {
    expect(describeFailure("plan", new UsageError("--demand must be a CPU amount."))).to.deep.equal({
      message: "plan: --demand must be a CPU amount. Run npm run plan -- --help for the options.",
      code: 2,
    });
  });

  it("keeps the exit code of a preflight error", () => {
    expect(describeFailure("scale-test", new PreflightError("The cluster is unreachable."))).to.deep.equal({
      message: "scale-test: The cluster is unreachable.",
      code: 1,
    });
  });

  it("reports anything unexpected as one line, exit 1, pointing at --debug", () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'x')\n    at somewhere");
    expect(describeFailure("plan", error)).to.deep.equal({
      message:
        "plan: unexpected error: Cannot read properties of undefined (reading 'x') (run with --debug for the trace).",
      code: 1,
    });
  });
});

describe("a CLI's exit", () => {
  it("passes on all it wrote to a pipe whose reader is slow, and then exits with main's code", async function () {
    this.timeout(60_000);
    // A child under the handler writes 1 MiB, 16 times a pipe's buffer, to a reader that waits first.
    const script = `require(${JSON.stringify(require.resolve("../../automation/shared/cli"))}).runCli("x", async () => { process.stdout.write("a".repeat(${2 ** 20})); return 3; });`;
    const child = spawn(process.execPath, ["-r", require.resolve("../support/register.js"), "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    let received = 0;
    child.stdout.on("data", (chunk: Buffer) => (received += chunk.length));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect([received, code]).to.deep.equal([2 ** 20, 3]);
  });
});
