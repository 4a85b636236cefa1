import { expect } from "chai";
import { DEFAULTS } from "../components/config-defaults";
import type { ScalingRules } from "../components/config-types";
import {
  DEFAULT_MODEL_OPTIONS,
  HpaController,
  HpaSpec,
  PodView,
  ResourceMetricSpec,
  predictScaleDown,
  predictScaleUp,
  resolveBehavior,
  resourceReplicas,
  simulate,
} from "../automation/hpa-model";
import { PROFILES } from "../automation/load-profile";
import { formatTimeline } from "../automation/plan";

const NOW = 1000;
const CPU: ResourceMetricSpec = { resource: "cpu", targetUtilization: 70, requestPerPod: 200 };
const MIB = 2 ** 20;

/** A pod Ready long ago whose latest sample used `cpu` millicores. */
function pod(cpu: number | undefined, overrides: Partial<PodView> = {}): PodView {
  return {
    startTime: 0,
    phase: "Running",
    ready: true,
    readyTransitionTime: 10,
    metric:
      cpu === undefined ? undefined : { cpuMillicores: cpu, memoryBytes: 100 * MIB, timestamp: NOW, windowSeconds: 15 },
    ...overrides,
  };
}

function pods(count: number, cpu: number): PodView[] {
  return Array.from({ length: count }, () => pod(cpu));
}

function proposal(current: number, list: PodView[], metric = CPU): number {
  const p = resourceReplicas(current, metric, list, NOW, DEFAULT_MODEL_OPTIONS);
  if ("error" in p) throw new Error(p.error);
  return p.replicas;
}

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

describe("hpa-model: simulation", () => {
  it("predicts the seed scenario: 2 → 4 at 30 s, steady at 4, scale-down after the 300 s window", () => {
    const sim = simulate(DEFAULTS.backend, PROFILES.seed.profile, PROFILES.seed.durationSeconds);
    console.log(`      seed scenario (${PROFILES.seed.description}):\n${formatTimeline(sim)}`);
    const firstScale = sim.timeline.find((p) => p.desiredReplicas !== 2);
    expect(firstScale).to.include({ t: 30, desiredReplicas: 4, cpuUtilization: 125 });
    expect(sim.readyChanges).to.deep.include({ t: 40, readyReplicas: 4 });
    const loaded = sim.timeline.filter((p) => p.t >= 60 && p.t <= 180);
    expect(loaded.every((p) => p.desiredReplicas === 4 && p.readyReplicas === 4)).to.equal(true);
    const firstDown = sim.timeline.find((p) => p.t > 180 && p.desiredReplicas < 4);
    // The last recommendation of 4 came at 180 s (metrics lag the load stop); the window keeps it 300 s.
    expect(firstDown).to.include({ t: 480, desiredReplicas: 3 });
    expect(sim.timeline[sim.timeline.length - 1]).to.include({ desiredReplicas: 2, readyReplicas: 2 });
  });

  it("never exceeds maxReplicas and never drops below minReplicas over a flash sale", () => {
    const sim = simulate(DEFAULTS.backend, PROFILES["flash-sale"].profile, PROFILES["flash-sale"].durationSeconds);
    const counts = sim.timeline.map((p) => p.desiredReplicas);
    expect(Math.max(...counts)).to.equal(10);
    expect(Math.min(...counts)).to.equal(2);
  });

  it("predicts when a constant load has the expected replicas Ready, with documented slack", () => {
    const p = predictScaleUp(DEFAULTS.backend, 500);
    expect(p).to.include({ expectedReplicas: 4, predictedSeconds: 40, slackSeconds: 60, withinSeconds: 100 });
    expect(p.timeline.length).to.equal(41);
  });

  it("predicts by when a given number of replicas is Ready, and refuses one the load never reaches", () => {
    expect(predictScaleUp(DEFAULTS.backend, 900, { replicas: 4 })).to.include({
      predictedSeconds: 40,
      withinSeconds: 100,
    });
    expect(() => predictScaleUp(DEFAULTS.backend, 500, { replicas: 6 })).to.throw(
      /never brings 6 replicas.*settles at 4/,
    );
  });

  it("predicts the return to minReplicas after the load stops: window first, then the scale-down policies", () => {
    const p = predictScaleDown(DEFAULTS.backend, 500, { loadSeconds: 180 });
    // Scale-down starts at 480 s (the window after the last 4 recommended at 180 s) and reaches 2 at 495 s.
    expect(p).to.include({ fromReplicas: 4, toReplicas: 2, predictedSeconds: 315, withinSeconds: 375 });
    const short = { ...DEFAULTS.backend, autoscaling: { ...DEFAULTS.backend.autoscaling } };
    short.autoscaling.scaleDown = { ...short.autoscaling.scaleDown, stabilizationWindowSeconds: 30 };
    expect(predictScaleDown(short, 500, { loadSeconds: 180 }).predictedSeconds).to.be.below(90);
  });

  it("rejects timing options that are not whole seconds", () => {
    expect(() => simulate(DEFAULTS.backend, () => 0, 60, { syncPeriodSeconds: 7.5 })).to.throw(
      "model option syncPeriodSeconds (7.5) must be a whole number of seconds >= 1",
    );
  });
});
