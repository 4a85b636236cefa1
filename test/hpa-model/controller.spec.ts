import { expect } from "chai";
import type { ScalingRules } from "../../components/config-types";
import { HpaController } from "../../automation/hpa-model/controller";
import { DEFAULT_MODEL_OPTIONS } from "../../automation/hpa-model/options";
import { ResourceMetricSpec } from "../../automation/hpa-model/replica-calculator";
import { CPU, MIB, NOW, pod, pods } from "../support/hpa-pods";
import { HpaSpec, resolveBehavior } from "../../automation/hpa-model/spec";

function rules(overrides: Partial<ScalingRules>): ScalingRules {
  return { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [], ...overrides };
}

/** An HPA on CPU only, with the given behavior (undefined: none). */
function controller(behavior?: HpaSpec["behavior"], min = 1, max = 100): HpaController {
  return new HpaController({ minReplicas: min, maxReplicas: max, metrics: [CPU], behavior }, DEFAULT_MODEL_OPTIONS);
}

const FAST_DOWN = rules({ policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] });
const FAST_UP = rules({ policies: [{ type: "Pods", value: 100, periodSeconds: 15 }] });
/** Load that asks for far more than any limit under test (10× the target). */
const HOT = 1400;

describe("hpa-model: controller", () => {
  const memory: ResourceMetricSpec = { resource: "memory", targetUtilization: 80, requestPerPod: 256 * MIB };

  it("takes the largest proposal of CPU and memory", () => {
    const spec: HpaSpec = {
      minReplicas: 1,
      maxReplicas: 20,
      metrics: [CPU, memory],
      behavior: resolveBehavior(FAST_UP, FAST_DOWN, 300),
    };
    const hungry = (count: number) =>
      Array.from({ length: count }, () =>
        pod(70, { metric: { cpuMillicores: 70, memoryBytes: 400 * MIB, timestamp: NOW, windowSeconds: 15 } }),
      );
    const d = new HpaController(spec, DEFAULT_MODEL_OPTIONS).reconcile(NOW, 2, hungry(2));
    // CPU 35 % wants 1; memory 156 % / 80 % wants ceil(3.9) = 4.
    expect(d.desiredReplicas).to.equal(4);
    expect(d.memoryUtilization).to.equal(156);
    expect(d.action).to.match(/memory 156% vs 80%/);
  });

  it("limits a scale-up to the Pods policy's value per period", () => {
    const c = controller(
      resolveBehavior(rules({ policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }), FAST_DOWN, 300),
    );
    expect(c.reconcile(NOW, 2, pods(2, HOT)).desiredReplicas).to.equal(4);
  });

  it("limits a scale-up to the Percent policy, rounding up", () => {
    const c = controller(
      resolveBehavior(rules({ policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] }), FAST_DOWN, 300),
    );
    expect(c.reconcile(NOW, 3, pods(3, HOT)).desiredReplicas).to.equal(5); // ceil(3 × 1.5)
  });

  it("picks the larger change with selectPolicy Max and the smaller with Min", () => {
    const policies: ScalingRules["policies"] = [
      { type: "Percent", value: 100, periodSeconds: 30 },
      { type: "Pods", value: 4, periodSeconds: 30 },
    ];
    const max = controller(resolveBehavior(rules({ policies, selectPolicy: "Max" }), FAST_DOWN, 300));
    const min = controller(resolveBehavior(rules({ policies, selectPolicy: "Min" }), FAST_DOWN, 300));
    expect(max.reconcile(NOW, 2, pods(2, HOT)).desiredReplicas).to.equal(6); // max(4, 6)
    expect(min.reconcile(NOW, 2, pods(2, HOT)).desiredReplicas).to.equal(4); // min(4, 6)
  });

  it("never scales in a direction whose selectPolicy is Disabled", () => {
    const c = controller(
      resolveBehavior(
        rules({ selectPolicy: "Disabled", policies: FAST_UP.policies }),
        rules({ selectPolicy: "Disabled", policies: FAST_DOWN.policies }),
        300,
      ),
    );
    expect(c.reconcile(NOW, 2, pods(2, HOT)).desiredReplicas).to.equal(2);
    expect(c.reconcile(NOW + 15, 6, pods(6, 0)).desiredReplicas).to.equal(6);
  });

  it("counts earlier scale events within periodSeconds against the limit", () => {
    const c = controller(
      resolveBehavior(rules({ policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }), FAST_DOWN, 300),
    );
    const seen: number[] = [];
    let replicas = 2;
    for (let t = 0; t <= 60; t += 15) {
      replicas = c.reconcile(t, replicas, pods(replicas, HOT)).desiredReplicas;
      seen.push(replicas);
    }
    // +2 at 0 s; the period is used up until the event is more than 60 s old.
    expect(seen).to.deep.equal([4, 4, 4, 4, 6]);
  });

  it("rate-limits scale-down by the replicas at the start of the period", () => {
    const down = rules({
      selectPolicy: "Min",
      policies: [
        { type: "Percent", value: 50, periodSeconds: 60 },
        { type: "Pods", value: 2, periodSeconds: 60 },
      ],
    });
    const c = controller(resolveBehavior(FAST_UP, down, 0));
    const seen: number[] = [];
    let replicas = 10;
    for (let t = 0; t <= 75; t += 15) {
      replicas = c.reconcile(t, replicas, pods(replicas, 0)).desiredReplicas;
      seen.push(replicas);
    }
    // Min change of {50 %, 2 pods} from 10 is 2; the next 2 only once 0 s has left the 60 s period.
    expect(seen).to.deep.equal([8, 8, 8, 8, 6, 6]);
  });

  it("scales up only to the lowest recommendation of the scale-up window", () => {
    const c = controller(
      resolveBehavior(rules({ stabilizationWindowSeconds: 60, policies: FAST_UP.policies }), FAST_DOWN, 0),
    );
    // The controller's first recommendation is the current count (2), kept for the window like any other.
    const first = c.reconcile(0, 2, pods(2, 280));
    expect(first.desiredReplicas).to.equal(2);
    expect(first.action).to.match(/scale-up stabilized \(wants 4\)/);
    expect(c.reconcile(30, 2, pods(2, 280)).desiredReplicas).to.equal(2);
    expect(c.reconcile(75, 2, pods(2, 280)).desiredReplicas).to.equal(4); // only 4s left in the last 60 s
  });

  it("scales down only to the highest recommendation of the scale-down window", () => {
    const c = controller(
      resolveBehavior(FAST_UP, rules({ stabilizationWindowSeconds: 300, policies: FAST_DOWN.policies }), 300),
    );
    expect(c.reconcile(0, 6, pods(6, 140)).desiredReplicas).to.equal(6);
    expect(c.reconcile(15, 6, pods(6, 0)).desiredReplicas).to.equal(6); // 6 was recommended 15 s ago
    expect(c.reconcile(299, 6, pods(6, 0)).desiredReplicas).to.equal(6);
    expect(c.reconcile(301, 6, pods(6, 0)).desiredReplicas).to.equal(1); // t = 0 and its 6 left the window
  });

  it("clamps proposals to maxReplicas and minReplicas", () => {
    const behavior = resolveBehavior(FAST_UP, FAST_DOWN, 0);
    expect(controller(behavior, 2, 5).reconcile(NOW, 2, pods(2, HOT)).desiredReplicas).to.equal(5);
    expect(controller(behavior, 3, 5).reconcile(NOW, 5, pods(5, 0)).desiredReplicas).to.equal(3);
    expect(controller(behavior, 3, 5).reconcile(NOW, 8, pods(8, 140)).desiredReplicas).to.equal(5);
  });

  it("uses the controller's legacy limits when behavior is absent: double or 4 per sync, 300 s down window", () => {
    const up = controller(undefined);
    expect(up.reconcile(0, 2, pods(2, HOT)).desiredReplicas).to.equal(4); // max(2 × 2, 4), not 2 + 4
    expect(up.reconcile(15, 4, pods(4, HOT)).desiredReplicas).to.equal(8);
    const down = controller(undefined);
    expect(down.reconcile(0, 8, pods(8, 140)).desiredReplicas).to.equal(8);
    expect(down.reconcile(15, 8, pods(8, 0)).desiredReplicas).to.equal(8);
    expect(down.reconcile(301, 8, pods(8, 0)).desiredReplicas).to.equal(1);
  });

  it("fills unset behavior fields with the API defaults: 4 pods or 100 % per 15 s up, 100 % per 15 s down", () => {
    const behavior = resolveBehavior({}, undefined, 300);
    expect(behavior?.scaleUp.policies).to.deep.equal([
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ]);
    expect(behavior?.scaleDown).to.deep.equal({
      stabilizationWindowSeconds: 300,
      selectPolicy: "Max",
      policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
    });
    expect(controller(behavior).reconcile(0, 2, pods(2, HOT)).desiredReplicas).to.equal(6); // max(2 + 4, 2 × 2)
  });

  it("holds the replica count while no metrics are available", () => {
    const d = controller(resolveBehavior(FAST_UP, FAST_DOWN, 0)).reconcile(NOW, 3, [
      pod(undefined),
      pod(undefined),
      pod(undefined),
    ]);
    expect(d.desiredReplicas).to.equal(3);
    expect(d.action).to.match(/^no scale: cpu: no metrics/);
  });
});
