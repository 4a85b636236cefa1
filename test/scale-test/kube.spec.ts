import { expect } from "chai";
import { kubeconfigProblem, withTimeout } from "../../automation/scale-test/kube";

describe("kubeconfig lookup", () => {
  const none = () => false;

  it("names a KUBECONFIG file that does not exist", () => {
    expect(kubeconfigProblem({ KUBECONFIG: "/nope/kubeconfig" }, "/home/u", none)).to.equal(
      "No kubeconfig: KUBECONFIG names /nope/kubeconfig, which does not exist; start the cluster (npm run cluster:up, or kind create cluster --name feastflow --config apps/kind-cluster.yaml) or point KUBECONFIG at its kubeconfig.",
    );
  });

  it("says so when neither KUBECONFIG nor ~/.kube/config exist", () => {
    expect(kubeconfigProblem({}, "/home/u", none)).to.match(
      /^No kubeconfig: KUBECONFIG is unset and ~\/.kube\/config does not exist/,
    );
  });

  it("accepts ~/.kube/config, an existing KUBECONFIG or an in-cluster service account", () => {
    expect(kubeconfigProblem({}, "/home/u", (p) => p === "/home/u/.kube/config")).to.equal(undefined);
    expect(kubeconfigProblem({ KUBECONFIG: "/k" }, "/home/u", (p) => p === "/k")).to.equal(undefined);
    expect(kubeconfigProblem({ KUBERNETES_SERVICE_HOST: "10.96.0.1" }, "/home/u", none)).to.equal(undefined);
  });

  it("gives up on a call that does not answer in time", async () => {
    const never = new Promise<never>(() => undefined);
    const error = await withTimeout(never, 10, "no answer within 0.01 s").catch((err: Error) => err);
    expect((error as Error).message).to.equal("no answer within 0.01 s");
  });
});
