import { expect } from "chai";
import { DEFAULT_MODEL_OPTIONS } from "../../automation/hpa-model/options";
import { PodView, ResourceMetricSpec, resourceReplicas } from "../../automation/hpa-model/replica-calculator";
import { CPU, NOW, pod, pods } from "../support/hpa-pods";

function proposal(current: number, list: PodView[], metric = CPU): number {
  const p = resourceReplicas(current, metric, list, NOW, DEFAULT_MODEL_OPTIONS);
  if ("error" in p) throw new Error(p.error);
  return p.replicas;
}

describe("hpa-model: replica calculator", () => {
  it("keeps the replica count when the usage ratio is within the 0.1 tolerance (1.05)", () => {
    const target: ResourceMetricSpec = { resource: "cpu", targetUtilization: 60, requestPerPod: 200 };
    expect(proposal(4, pods(4, 126), target)).to.equal(4); // 63 % / 60 % = 1.05
    expect(proposal(4, pods(4, 134), target)).to.equal(5); // 67 % / 60 % = 1.117 → ceil(4.47)
  });

  it("proposes ceil(readyPods × utilization / target)", () => {
    expect(proposal(3, pods(3, 200))).to.equal(5); // 100 / 70 × 3 = 4.29
    expect(proposal(4, pods(4, 40))).to.equal(2); // 20 / 70 × 4 = 1.14
  });

  it("truncates the average utilization to a whole percent before comparing", () => {
    const p = resourceReplicas(2, CPU, pods(2, 157), NOW, DEFAULT_MODEL_OPTIONS); // 78.5 %
    expect(p).to.deep.equal({ replicas: 3, utilization: 78 });
  });

  it("counts pods without metrics as 0 % on a scale-up and as 100 % on a scale-down", () => {
    // Up: 2 pods at 200 % plus 2 missing → (400 + 0 + 0) / 4 = 100 % → ceil(1.43 × 4) = 6.
    expect(proposal(4, [...pods(2, 400), pod(undefined), pod(undefined)])).to.equal(6);
    // Down: 2 pods at 10 % plus 2 missing at 100 % → 55 % → ceil(0.786 × 4) = 4: no scale-down.
    expect(proposal(4, [...pods(2, 20), pod(undefined), pod(undefined)])).to.equal(4);
  });

  it("counts unready and pending pods as 0 % on a scale-up only", () => {
    const unready = pod(0, { ready: false, startTime: NOW - 20, readyTransitionTime: NOW - 20 });
    const pending = pod(undefined, { phase: "Pending", ready: false, startTime: NOW - 1 });
    // Up: 2 Ready at 150 % alone would ask for ceil(2 × 150 / 70) = 5; with the
    // 2 not-ready pods at 0 % the average is 75 %, within tolerance: stay at 4.
    expect(proposal(4, [...pods(2, 300), unready, pending])).to.equal(4);
    // Down: not-ready pods are simply left out → ceil(2 × 20 / 70) = 1.
    expect(proposal(4, [...pods(2, 40), unready, pending])).to.equal(1);
  });

  it("distrusts a new pod's CPU sample whose window began before it became Ready", () => {
    // A start-up burst of 1000m must not trigger a scale-up while the pod is new.
    const fresh = (timestamp: number) =>
      pod(1000, {
        startTime: NOW - 30,
        readyTransitionTime: NOW - 20,
        metric: { cpuMillicores: 1000, memoryBytes: 0, timestamp, windowSeconds: 15 },
      });
    // Window ends 10 s after Ready: left out → 2 pods at 50 % → ceil(0.71 × 2) = 2.
    expect(proposal(3, [...pods(2, 100), fresh(NOW - 10)])).to.equal(2);
    // Window ends a full window after Ready: counted → 200 % over 3 pods → ceil(2.86 × 3) = 9.
    expect(proposal(3, [...pods(2, 100), fresh(NOW - 5)])).to.equal(9);
  });

  it("reports no proposal when no pod has a metric yet", () => {
    const p = resourceReplicas(2, CPU, [pod(undefined), pod(undefined)], NOW, DEFAULT_MODEL_OPTIONS);
    expect(p)
      .to.have.property("error")
      .that.matches(/no metrics/);
  });
});
