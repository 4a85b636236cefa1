import { expect } from "chai";
import { explainPulumiError } from "../../automation/scale-test/pulumi-errors";

/** An Automation API error as thrown: a named Error whose message holds the CLI's output. */
const named = (name: string, message = "code: 255") => Object.assign(new Error(message), { name });

describe("Pulumi error sentences", () => {
  it("explains a concurrent update", () => {
    expect(explainPulumiError(named("ConcurrentUpdateError"), "kind", "up")).to.equal(
      "Another update is running on stack kind; wait for it to finish, or run `pulumi cancel --stack kind` if it died.",
    );
  });

  it("explains a missing stack", () => {
    expect(explainPulumiError(named("StackNotFoundError"), "dev", "stack output")).to.equal(
      "Stack dev does not exist in the current Pulumi backend; create it with `pulumi stack init dev` or pick another --stack.",
    );
  });

  it("explains a missing CLI", () => {
    expect(explainPulumiError({ code: "ENOENT" }, "kind", "up")).to.match(/^The Pulumi CLI is not on PATH; install it/);
  });

  it("explains a missing backend login and a missing passphrase", () => {
    expect(
      explainPulumiError(named("CommandError", "error: PULUMI_ACCESS_TOKEN must be set for login"), "kind", "up"),
    ).to.equal(
      "Pulumi has no backend to store state in; run `pulumi login --local` or set PULUMI_BACKEND_URL=file://<dir>.",
    );
    expect(explainPulumiError(named("CommandError", "error: incorrect passphrase"), "kind", "up")).to.match(
      /PULUMI_CONFIG_PASSPHRASE/,
    );
  });

  it("quotes Pulumi's error lines and adds the KIND hint when metrics-server timed out", () => {
    const stderr = [
      "code: 255",
      " stderr: Updating (kind):",
      "    error: 1 error occurred:",
      "    kubernetes:apps/v1:Deployment (metrics-server): error: timed out waiting for the condition",
    ].join("\n");
    expect(explainPulumiError(named("CommandError", stderr), "kind", "up")).to.equal(
      "pulumi up on stack kind failed: error: 1 error occurred: kubernetes:apps/v1:Deployment (metrics-server): error: timed out waiting for the condition" +
        " metrics-server never became Ready: on KIND it needs --kubelet-insecure-tls (feastflow:metricsServer.kubeletInsecureTls: true), otherwise Pulumi's Deployment await gives up after 10 minutes.",
    );
  });
});
