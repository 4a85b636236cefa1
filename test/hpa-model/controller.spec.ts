import { expect } from "chai";
import type { ScalingRules } from "../../components/config";
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
    // calculateScaleUpLimit: int32(math.Max(scaleUpLimitFactor*float64(currentReplicas), scaleUpLimitMinimum)),
    // factor 2, minimum 4. HOT asks for far more each time.
    const up = controller(undefined);
    expect(up.reconcile(0, 2, pods(2, HOT)).desiredReplicas).to.equal(4); // max(2 × 2, 4), not 2 + 4
    expect(up.reconcile(15, 4, pods(4, HOT)).desiredReplicas).to.equal(8); // max(2 × 4, 4)
    expect(controller(undefined).reconcile(0, 1, pods(1, HOT)).desiredReplicas).to.equal(4); // max(2 × 1, 4), not 2
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
    const none = new HpaController({ minReplicas: 1, maxReplicas: 10, metrics: [] }, DEFAULT_MODEL_OPTIONS);
    expect(none.reconcile(NOW, 3, pods(3, HOT))).to.include({
      desiredReplicas: 3,
      action: "no scale: no metrics configured",
    });
  });

  it("scales straight to maxReplicas from above it and to minReplicas from below it, reading no metrics", () => {
    // reconcileAutoscaler: currentReplicas > MaxReplicas → desiredReplicas = MaxReplicas ("Current number of
    // replicas above Spec.MaxReplicas"); currentReplicas < minReplicas → minReplicas. No metric is computed.
    const behavior = resolveBehavior(FAST_UP, FAST_DOWN, 0);
    const above = controller(behavior, 2, 10).reconcile(NOW, 12, pods(12, HOT));
    expect(above).to.deep.equal({
      currentReplicas: 12,
      desiredReplicas: 10,
      cpuUtilization: null,
      memoryUtilization: null,
      action: "above maxReplicas",
    });
    const below = controller(behavior, 3, 10).reconcile(NOW, 1, pods(1, 0));
    expect(below).to.include({ desiredReplicas: 3, cpuUtilization: null, action: "below minReplicas" });
  });

  it("leaves a Deployment scaled to zero alone, however low minReplicas is set", () => {
    // reconcileAutoscaler: if currentReplicas == 0 && minReplicas != 0 { desiredReplicas = 0; rescale = false }
    // — "scaling is disabled since the replica count of the target is zero" — before the min/max checks.
    const d = controller(resolveBehavior(FAST_UP, FAST_DOWN, 0), 2, 10).reconcile(NOW, 0, []);
    expect(d).to.deep.equal({
      currentReplicas: 0,
      desiredReplicas: 0,
      cpuUtilization: null,
      memoryUtilization: null,
      action: "no scale: scaling is disabled since the replica count of the target is zero",
    });
    // With minReplicas 0 (HPAScaleToZero) the sync goes on to the metrics, which have no pod to read.
    const toZero = controller(resolveBehavior(FAST_UP, FAST_DOWN, 0), 0, 10).reconcile(NOW, 0, []);
    expect(toZero.action).to.equal("no scale: cpu: no pods returned by selector");
  });

  describe("with a metric that has no proposal", () => {
    const memory: ResourceMetricSpec = { resource: "memory", targetUtilization: 80, requestPerPod: 256 * MIB };
    const spec: HpaSpec = {
      minReplicas: 1,
      maxReplicas: 20,
      metrics: [CPU, memory],
      behavior: resolveBehavior(FAST_UP, FAST_DOWN, 0),
    };
    /** 4 new pods whose CPU windows began before they became Ready: CPU has no sample it may count. */
    const starting = (memoryMiB: number) =>
      Array.from({ length: 4 }, () =>
        pod(0, {
          startTime: NOW - 30,
          readyTransitionTime: NOW - 10,
          metric: { cpuMillicores: 0, memoryBytes: memoryMiB * MIB, timestamp: NOW, windowSeconds: 15 },
        }),
      );
    const CPU_ERROR = "cpu: did not receive metrics for targeted pods (pods might be unready)";

    it("holds the replica count when the other metrics would scale down", () => {
      // computeReplicasForMetrics: "If all metrics are invalid or some are invalid and we would scale down,
      // return an error": invalidMetricsCount >= len(metricSpecs) || (invalidMetricsCount > 0 && replicas < specReplicas).
      // Memory at 50 MiB of 256 MiB = 19 %; 19 / 80 = 0.2375 → ceil(0.95) = 1 < 4: blocked.
      const d = new HpaController(spec, DEFAULT_MODEL_OPTIONS).reconcile(NOW, 4, starting(50));
      expect(d).to.deep.equal({
        currentReplicas: 4,
        desiredReplicas: 4,
        cpuUtilization: null,
        memoryUtilization: 19,
        action: `no scale: ${CPU_ERROR}`,
      });
    });

    it("still scales up on the metrics that have a proposal", () => {
      // Memory at 400 MiB = 156 %; 156 / 80 = 1.95 → ceil(1.95 × 4) = ceil(7.8) = 8, not below 4: not blocked.
      const d = new HpaController(spec, DEFAULT_MODEL_OPTIONS).reconcile(NOW, 4, starting(400));
      expect(d).to.include({ desiredReplicas: 8, memoryUtilization: 156 });
    });

    it("goes on to normalize a proposal equal to the current count", () => {
      // replicas < specReplicas is false at 4 = 4: no error, the sync goes on and holds.
      // Memory at 205 MiB = 80 %; 80 / 80 = 1: within tolerance → 4.
      const d = new HpaController(spec, DEFAULT_MODEL_OPTIONS).reconcile(NOW, 4, starting(205));
      expect(d).to.include({ desiredReplicas: 4, memoryUtilization: 80, action: "—" });
    });
  });

  it("names the first metric in spec order when two metrics propose the same count", () => {
    // computeReplicasForMetrics takes a later proposal only if replicaCountProposal > replicas.
    // 2 pods at 250m CPU = 125 %; 125 / 70 = 1.786 → ceil(3.57) = 4; at 400 MiB memory = 156 %; 1.95 → ceil(3.9) = 4.
    const both = Array.from({ length: 2 }, () =>
      pod(250, { metric: { cpuMillicores: 250, memoryBytes: 400 * MIB, timestamp: NOW, windowSeconds: 15 } }),
    );
    const hpa = (metrics: ResourceMetricSpec[]) =>
      new HpaController(
        { minReplicas: 1, maxReplicas: 20, metrics, behavior: resolveBehavior(FAST_UP, FAST_DOWN, 0) },
        DEFAULT_MODEL_OPTIONS,
      );
    expect(hpa([CPU, memory]).reconcile(NOW, 2, both).action).to.equal("scale up 2 → 4 (cpu 125% vs 70%)");
    expect(hpa([memory, CPU]).reconcile(NOW, 2, both).action).to.equal("scale up 2 → 4 (memory 156% vs 80%)");
  });

  it("says whether the scale-up policies or maxReplicas held a scale-up back, maxReplicas on a tie", () => {
    // convertDesiredReplicasWithBehaviorRate: if maxReplicas > scaleUpLimit → "ScaleUpLimit", else "TooManyReplicas".
    // 2 pods at 1400m = 700 %; 700 / 70 = 10 → ceil(10 × 2) = 20 wanted; Pods 2 per 60 s → limit 2 + 2 = 4.
    const behavior = resolveBehavior(
      rules({ policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }),
      FAST_DOWN,
      0,
    );
    const act = (max: number) => controller(behavior, 1, max).reconcile(NOW, 2, pods(2, HOT)).action;
    expect(act(100)).to.equal("scale up 2 → 4 (cpu 700% vs 70%); limited by scaleUp policies (wants 20)");
    expect(act(4)).to.equal("scale up 2 → 4 (cpu 700% vs 70%); at maxReplicas (wants 20)"); // 4 > 4 is false
    expect(act(3)).to.equal("scale up 2 → 3 (cpu 700% vs 70%); at maxReplicas (wants 20)");
  });

  it("says whether the scale-down policies or minReplicas held a scale-down back, minReplicas on a tie", () => {
    // convertDesiredReplicasWithBehaviorRate: if minReplicas < scaleDownLimit → "ScaleDownLimit", else "TooFewReplicas".
    // 10 idle pods: 0 % → ceil(0 × 10) = 0 wanted; Pods 2 per 60 s → limit 10 − 2 = 8.
    const behavior = resolveBehavior(FAST_UP, rules({ policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }), 0);
    const act = (min: number) => controller(behavior, min, 20).reconcile(NOW, 10, pods(10, 0)).action;
    expect(act(1)).to.equal("scale down 10 → 8; limited by scaleDown policies (wants 0)");
    expect(act(8)).to.equal("scale down 10 → 8; at minReplicas (wants 0)"); // 8 < 8 is false
    expect(act(9)).to.equal("scale down 10 → 9; at minReplicas (wants 0)");
  });

  it("says whether the legacy doubling or maxReplicas held a behavior-less scale-up back, maxReplicas on a tie", () => {
    // convertDesiredReplicasWithRules: if hpaMaxReplicas > scaleUpLimit → "ScaleUpLimit", else "TooManyReplicas";
    // scaleUpLimit = max(2 × 2, 4) = 4; 20 wanted as above.
    const act = (max: number) => controller(undefined, 1, max).reconcile(NOW, 2, pods(2, HOT)).action;
    expect(act(5)).to.equal("scale up 2 → 4 (cpu 700% vs 70%); limited by scaleUp policies (wants 20)");
    expect(act(4)).to.equal("scale up 2 → 4 (cpu 700% vs 70%); at maxReplicas (wants 20)");
  });

  it("raises a behavior-less proposal below minReplicas to minReplicas once the window lets it through", () => {
    // convertDesiredReplicasWithRules: desiredReplicas < minimumAllowedReplicas → "TooFewReplicas".
    // stabilizeRecommendation keeps a recommendation unless it is Before(now − 300 s).
    const c = controller(undefined, 2, 10);
    expect(c.reconcile(0, 3, pods(3, 0)).action).to.equal("hold: scale-down stabilized (wants 0)"); // the first 3 holds
    expect(c.reconcile(300, 3, pods(3, 0)).desiredReplicas).to.equal(3); // 0 s is not before 300 − 300 = 0 s
    const d = c.reconcile(301, 3, pods(3, 0)); // 0 wanted, both t = 0 s recommendations left the window
    expect(d).to.include({ desiredReplicas: 2, action: "scale down 3 → 2; at minReplicas (wants 0)" });
  });
});

describe("hpa-model: controller, at the edge of a limit", () => {
  /** 2 pods at 250m CPU = 125 %; 125 / 70 = 1.786 → ceil(3.57) = 4. */
  const FOUR_OF_TWO = 250;

  it("names no limit when a scale-up asks for exactly what the policies allow", () => {
    // convertDesiredReplicasWithBehaviorRate limits only desiredReplicas > maximumAllowedReplicas.
    // Pods 2 per 60 s from 2: the limit is 4, the proposal 4.
    const c = controller(
      resolveBehavior(rules({ policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }), FAST_DOWN, 0),
    );
    const d = c.reconcile(NOW, 2, pods(2, FOUR_OF_TWO));
    expect(d.steps).to.include({ proposed: 4, stabilized: 4, final: 4, limit: undefined });
    expect(d.action).to.equal("scale up 2 → 4 (cpu 125% vs 70%)");
  });

  it("names no limit when a scale-down asks for exactly what the policies allow", () => {
    // 10 pods at 100m = 50 %; 50 / 70 = 0.714 → ceil(7.14) = 8; Pods 2 per 60 s from 10: the limit is 8.
    const c = controller(
      resolveBehavior(FAST_UP, rules({ policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }), 0),
    );
    const d = c.reconcile(NOW, 10, pods(10, 100));
    expect(d.steps).to.include({ proposed: 8, stabilized: 8, final: 8, limit: undefined });
  });

  it("names no limit when a behavior-less scale-up asks for exactly the legacy doubling", () => {
    // scaleUpLimit = max(2 × 2, 4) = 4 and the proposal 4: desiredReplicas > scaleUpLimit is false.
    const d = controller(undefined).reconcile(NOW, 2, pods(2, FOUR_OF_TWO));
    expect(d.steps).to.include({ proposed: 4, stabilized: 4, final: 4, limit: undefined });
  });

  it("names no limit when a behavior-less scale-down lands exactly on minReplicas", () => {
    // 3 pods at 80m = 40 %; 40 / 70 = 0.571 → ceil(1.71) = 2 = minReplicas: desiredReplicas < minimum is false.
    // The first sync holds at 3 (its recommendation and the initial one); at 301 s both have left the 300 s window.
    const c = controller(undefined, 2, 10);
    c.reconcile(0, 3, pods(3, 80));
    const d = c.reconcile(301, 3, pods(3, 80));
    expect(d.steps).to.include({ proposed: 2, stabilized: 2, final: 2, limit: undefined });
    expect(d.action).to.equal("scale down 3 → 2");
  });
});

describe("hpa-model: controller state", () => {
  it("reports each metric's utilization, the CPU one included", () => {
    const d = controller(resolveBehavior(FAST_UP, FAST_DOWN, 0)).reconcile(NOW, 2, pods(2, 250));
    expect(d).to.include({ cpuUtilization: 125, memoryUtilization: null });
  });

  it("decides the same without words when asked for none", () => {
    const spec: HpaSpec = { minReplicas: 1, maxReplicas: 100, metrics: [CPU], behavior: undefined };
    const quiet = new HpaController(spec, DEFAULT_MODEL_OPTIONS, false).reconcile(NOW, 2, pods(2, HOT));
    expect(quiet).to.include({ desiredReplicas: 4, action: "" });
  });

  it("records a scale event only for a sync that changed the count, and only with behavior", () => {
    const c = controller(resolveBehavior(FAST_UP, FAST_DOWN, 0));
    c.reconcile(0, 2, pods(2, 140)); // 70 %: hold
    expect(c.events.events).to.deep.equal({ up: [], down: [] });
    c.reconcile(15, 2, pods(2, 250)); // 2 → 4
    expect(c.events.events).to.deep.equal({ up: [{ change: 2, t: 15 }], down: [] });
    // A replay records the cluster's own rescales instead.
    c.reconcile(30, 4, pods(4, 0), false);
    expect(c.events.events.down).to.deep.equal([]);
    const legacy = controller(undefined);
    legacy.reconcile(0, 2, pods(2, HOT));
    expect(legacy.events.events).to.deep.equal({ up: [], down: [] });
  });

  it("copies its spec and histories into an independent controller", () => {
    // Pods 2 per 60 s: after 2 → 4 at 0 s, no more until that event leaves the period.
    const c = controller(
      resolveBehavior(rules({ policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] }), FAST_DOWN, 0),
    );
    c.reconcile(0, 2, pods(2, HOT));
    const twin = c.copy();
    expect(twin.spec).to.equal(c.spec);
    expect(twin.recommendations.entries).to.deep.equal([
      { replicas: 2, t: 0 },
      { replicas: 20, t: 0 },
    ]);
    expect(twin.events.events).to.deep.equal({ up: [{ change: 2, t: 0 }], down: [] });
    // The twin goes on from the 0 s event: its budget is spent until 60 s.
    expect(twin.reconcile(15, 4, pods(4, HOT)).action).to.equal("hold: limited by scaleUp policies (wants 40)");
    expect(twin.reconcile(61, 4, pods(4, HOT)).desiredReplicas).to.equal(6);
    // Its syncs left the original's histories alone.
    expect(c.recommendations.entries).to.deep.equal([
      { replicas: 2, t: 0 },
      { replicas: 20, t: 0 },
    ]);
    expect(c.events.events).to.deep.equal({ up: [{ change: 2, t: 0 }], down: [] });
  });
});
