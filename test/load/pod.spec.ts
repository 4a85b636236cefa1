import { expect } from "chai";
import { podSettings } from "../../automation/load/pod";
import { connectionsOf, shareOf } from "../../automation/load/pod-runner";

/** The environment the Job gives pod 2 of 3 (cluster-job.ts), plus what Kubernetes adds. */
const env = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  TARGET_URL: "http://feastflow-backend.feastflow.svc:5000/api/menu/search?q=chicken",
  SERVICE_NAME: "feastflow-backend",
  POD_NAMESPACE: "feastflow",
  JOB_COMPLETION_INDEX: "2",
  LOAD_PODS: "3",
  CONNECTIONS: "10",
  MAX_SECONDS: "400",
  CONTROL_CONFIGMAP: "feastflow-loadgen-x-control",
  CPU_LIMIT_MILLICORES: "500",
  ...extra,
});

describe("load pod program", () => {
  it("reads its settings from the Job's environment and takes its share of the connections", () => {
    expect(podSettings(env())).to.deep.equal({
      url: "http://feastflow-backend.feastflow.svc:5000/api/menu/search?q=chicken",
      allowedHosts: ["feastflow-backend.feastflow.svc"],
      index: 2,
      pods: 3,
      connections: 3, // 10 over 3 pods: 4, 3, 3
      maxSeconds: 400,
      cpuLimitMillicores: 500,
      namespace: "feastflow",
      controlName: "feastflow-loadgen-x-control",
    });
  });

  it("refuses a Service of another namespace and any other host", () => {
    expect(() => podSettings(env({ POD_NAMESPACE: "shop" }))).to.throw(
      "only the stack's own Service feastflow-backend.shop.svc may be targeted",
    );
    expect(() => podSettings(env({ TARGET_URL: "http://example.com/" }))).to.throw("Refusing to send load");
  });

  it("names the first setting that is missing or out of range", () => {
    expect(() => podSettings(env({ JOB_COMPLETION_INDEX: "3" }))).to.throw(
      'JOB_COMPLETION_INDEX must be a whole number from 0 to 2, got "3"',
    );
    expect(() => podSettings(env({ CONTROL_CONFIGMAP: undefined }))).to.throw("CONTROL_CONFIGMAP is not set");
    expect(() => podSettings(env({ LOAD_PODS: "1e3" }))).to.throw("LOAD_PODS must be a whole number");
  });

  it("splits the run's connections over the pods in whole numbers, at least one each", () => {
    expect([0, 1, 2].map((i) => connectionsOf(10, i, 3))).to.deep.equal([4, 3, 3]);
    expect([0, 1, 2].map((i) => connectionsOf(2, i, 3))).to.deep.equal([1, 1, 1]);
    expect([0, 1].map((i) => connectionsOf(7, i, 2))).to.deep.equal([4, 3]);
  });

  it("takes an equal part of the arrival rate, fractional too: 3 req/s over 2 pods is 1.5 each", () => {
    expect(shareOf(3, 2)).to.equal(1.5);
    expect(shareOf(1, 4)).to.equal(0.25);
    expect(shareOf(100, 3) * 3).to.be.closeTo(100, 1e-9);
  });
});
