import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { hpaSpecFor, resolveBehavior, specSchedule, type ModelWorkload } from "../../automation/hpa-model/spec";

const MIB = 2 ** 20;

function workload(autoscaling: Partial<ModelWorkload["autoscaling"]>, cpu = "200m"): ModelWorkload {
  return {
    resources: { requests: { cpu, memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    autoscaling: { minReplicas: 2, maxReplicas: 10, ...autoscaling },
  };
}

describe("hpa-model: spec", () => {
  it("leaves behavior out when neither direction is given, so the controller takes its legacy path", () => {
    // SetDefaults_HorizontalPodAutoscalerBehavior fills defaults only `if obj.Spec.Behavior != nil`.
    expect(resolveBehavior(undefined, undefined, 300)).to.equal(undefined);
    expect(hpaSpecFor(workload({ cpuUtilization: 70 }), 300).behavior).to.equal(undefined);
  });

  it("fills every unset field of either direction with the API server's defaults", () => {
    // GenerateHPAScaleUpRules: window 0, selectPolicy Max, 4 pods or 100 % per 15 s.
    // GenerateHPAScaleDownRules: selectPolicy Max, 100 % per 15 s; the window stays unset and the controller
    // takes --horizontal-pod-autoscaler-downscale-stabilization (here 120 s).
    expect(resolveBehavior(undefined, {}, 120)).to.deep.equal({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
          { type: "Pods", value: 4, periodSeconds: 15 },
          { type: "Percent", value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 120,
        selectPolicy: "Max",
        policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
      },
    });
    // What is given stays.
    const given = resolveBehavior({ selectPolicy: "Min" }, { stabilizationWindowSeconds: 60 }, 120);
    expect(given?.scaleUp.selectPolicy).to.equal("Min");
    expect(given?.scaleDown.stabilizationWindowSeconds).to.equal(60);
  });

  it("declares a Resource metric for each utilization target, with the request it is a percentage of", () => {
    expect(hpaSpecFor(DEFAULTS.backend, 300).metrics).to.deep.equal([
      { resource: "cpu", targetUtilization: 70, requestPerPod: 200 },
      { resource: "memory", targetUtilization: 80, requestPerPod: 256 * MIB },
    ]);
    expect(hpaSpecFor(workload({ memoryUtilization: 75 }), 300).metrics).to.deep.equal([
      { resource: "memory", targetUtilization: 75, requestPerPod: 256 * MIB },
    ]);
    expect(hpaSpecFor(workload({ cpuUtilization: 50 }), 300)).to.deep.equal({
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ resource: "cpu", targetUtilization: 50, requestPerPod: 200 }],
      behavior: undefined,
    });
  });

  it("refuses to model a request of zero or one it cannot read, quoting it", () => {
    expect(() => hpaSpecFor(workload({ cpuUtilization: 70 }, "0"), 300)).to.throw(
      'cannot model a resource request of "0"',
    );
    expect(() => hpaSpecFor(workload({ cpuUtilization: 70 }, "lots"), 300)).to.throw(
      'cannot model a resource request of "lots"',
    );
  });
});

describe("hpa-model: spec over a run", () => {
  const base = workload({ cpuUtilization: 70 });
  const change = (atSeconds: number, autoscaling: Partial<ModelWorkload["autoscaling"]>) => ({
    atSeconds,
    autoscaling: { ...base.autoscaling, ...autoscaling },
  });

  it("starts from the workload's spec and takes each change from its second on, in time order", () => {
    const specs = specSchedule(base, [change(600, { maxReplicas: 20 }), change(60, { minReplicas: 4 })], 300);
    expect(specs.map((s) => [s.from, s.spec.minReplicas, s.spec.maxReplicas])).to.deep.equal([
      [-Infinity, 2, 10],
      [60, 4, 10],
      [600, 2, 20],
    ]);
    // The request stays the workload's; a new target is read against it.
    expect(specSchedule(base, [change(5, { cpuUtilization: 50 })], 300)[1].spec.metrics).to.deep.equal([
      { resource: "cpu", targetUtilization: 50, requestPerPod: 200 },
    ]);
  });

  it("keeps changes at the same second in the order given, so the last is the one in force", () => {
    const specs = specSchedule(base, [change(60, { maxReplicas: 20 }), change(60, { maxReplicas: 12 })], 300);
    expect(specs.map((s) => s.spec.maxReplicas)).to.deep.equal([10, 20, 12]);
  });

  it("accepts the workload's own resources with a change, however they are written", () => {
    const same = { requests: { cpu: "0.2", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } };
    expect(specSchedule(base, [{ ...change(60, {}), resources: same }], 300)).to.have.length(2);
  });

  it("accepts a change to minReplicas 0, or to minReplicas equal to maxReplicas", () => {
    const specs = specSchedule(base, [change(60, { minReplicas: 0 }), change(120, { minReplicas: 10 })], 300);
    expect(specs.map((s) => [s.spec.minReplicas, s.spec.maxReplicas])).to.deep.equal([
      [2, 10],
      [0, 10],
      [10, 10],
    ]);
  });

  it("rejects a change of requests or limits, which would roll the pods", () => {
    const resources = { requests: { cpu: "200m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } };
    expect(() => specSchedule(base, [{ ...change(60, {}), resources }], 300)).to.throw(
      "HPA config change at 60 s: resources.limits.cpu cannot change from 500m to 1 mid-run: new requests or limits roll every pod, which the model does not simulate",
    );
    const memory = { requests: { cpu: "200m", memory: "300Mi" }, limits: resources.limits };
    expect(() => specSchedule(base, [{ ...change(60, {}), resources: memory }], 300)).to.throw(
      "HPA config change at 60 s: resources.requests.memory cannot change from 256Mi to 300Mi mid-run",
    );
  });

  it("rejects bounds out of order or not whole, and a time that is not a number", () => {
    expect(() => specSchedule(base, [change(60, { minReplicas: 12 })], 300)).to.throw(
      "HPA config change at 60 s: minReplicas (12) must be <= maxReplicas (10)",
    );
    expect(() => specSchedule(base, [change(60, { maxReplicas: 2.5 })], 300)).to.throw(
      "HPA config change at 60 s: maxReplicas (2.5) must be a whole number >= 0",
    );
    expect(() => specSchedule(base, [change(60, { minReplicas: -1 })], 300)).to.throw(
      "HPA config change at 60 s: minReplicas (-1) must be a whole number >= 0",
    );
    expect(() => specSchedule(base, [change(NaN, {})], 300)).to.throw(
      "HPA config change: atSeconds (NaN) must be a finite number of seconds",
    );
  });
});
