import { expect } from "chai";
import { DEFAULTS } from "../../components/config";
import { hpaSpecFor, resolveBehavior, type ModelWorkload } from "../../automation/hpa-model/spec";

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
