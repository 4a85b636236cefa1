import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../../automation/shared/errors";
import { checkAgainstStack } from "../../automation/scale-test/offline-checks";
import { parseOptions, ScaleTestOptions } from "../../automation/scale-test/options";

const options = (...argv: string[]) => parseOptions(argv) as ScaleTestOptions;

describe("scale-test options judged against the stack file", () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "offline-checks-"));
    const stack = (name: string, lines: string[]) =>
      fs.writeFileSync(path.join(root, `Pulumi.${name}.yaml`), ["config:", ...lines, ""].join("\n"));
    stack("kind", ["  feastflow:backend:", "    autoscaling:", "      maxReplicas: 6"]);
    stack("cloud", ["  feastflow:backend:", "    service:", "      type: ClusterIP"]);
    stack("memory", ["  feastflow:backend:", "    autoscaling:", "      cpuUtilization: null"]);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const refusal = (o: ScaleTestOptions): string => {
    try {
      checkAgainstStack(o, root);
    } catch (err) {
      expect(err).to.be.instanceOf(UsageError);
      return (err as Error).message;
    }
    throw new Error("expected the options to be refused");
  };

  it("returns the stack's config with the overrides applied", () => {
    const config = checkAgainstStack(options("-c", "backend.autoscaling.maxReplicas=9"), root);
    expect(config.backend.autoscaling.maxReplicas).to.equal(9);
  });

  it("fits a scenario to the stack, and names a config change the stack cannot take", () => {
    expect(() => checkAgainstStack(options("--scenario", "flash-sale"), root)).not.to.throw();
    expect(() => checkAgainstStack(options("--scenario", "lunch-rush"), root)).not.to.throw();
    expect(refusal(options("--scenario", "lunch-rush", "-c", "backend.autoscaling.maxReplicas=5"))).to.equal(
      "Scenario lunch-rush does not fit this stack: phases[0].config leaves the stack's config invalid: backend.autoscaling.minReplicas (6) must be <= backend.autoscaling.maxReplicas (5).",
    );
  });

  it("refuses a scenario for an HPA without a CPU target", () => {
    expect(refusal(options("--stack", "memory", "--scenario", "seed"))).to.match(
      /^backend's HPA has no CPU target in stack memory, and a scenario is a story of CPU demand/,
    );
  });

  it("refuses a stack without a stack file", () => {
    expect(refusal(options("--stack", "prod"))).to.match(/^Stack prod has no stack file/);
  });

  it("validates --config overrides like stack config, naming the key", () => {
    expect(refusal(options("-c", "backend.autoscaling.minReplicas=7"))).to.equal(
      "Pulumi.kind.yaml with the --config overrides is not a valid config: backend.autoscaling.minReplicas (7) must be <= backend.autoscaling.maxReplicas (6).",
    );
    expect(refusal(options("-c", "backend.autoscaling.maxReplica=20"))).to.match(/maxReplica is not a known key/);
  });

  it("refuses --expect-replicas outside the HPA's bounds", () => {
    expect(refusal(options("--expect-replicas", "7"))).to.equal(
      "--expect-replicas 7 must be above backend.autoscaling.minReplicas (2) and at most its maxReplicas (6) in stack kind.",
    );
    expect(refusal(options("--expect-replicas", "2"))).to.match(/must be above backend.autoscaling.minReplicas \(2\)/);
    expect(() => checkAgainstStack(options("--expect-replicas", "6"), root)).not.to.throw();
  });

  it("refuses a target without an HPA", () => {
    expect(refusal(options("-c", "backend.autoscaling.enabled=false"))).to.match(
      /^backend.autoscaling.enabled is false in stack kind, so there is no HPA to test/,
    );
  });

  it("loads a ClusterIP-only Service from inside the cluster, and refuses local load at it unless --url names one", () => {
    expect(() => checkAgainstStack(options("--stack", "cloud"), root)).not.to.throw();
    expect(refusal(options("--stack", "cloud", "--load-from", "local"))).to.equal(
      "The backend Service is ClusterIP without a nodePort in stack cloud, so this machine cannot reach it; load from the cluster (drop --load-from local), pass --url, or set backend.service.type to NodePort.",
    );
    expect(() => checkAgainstStack(options("--stack", "cloud", "--url", "http://127.0.0.1:5000"), root)).not.to.throw();
  });
});
