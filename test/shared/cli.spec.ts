import { expect } from "chai";
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
