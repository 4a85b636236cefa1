import { expect } from "chai";
import { DEFAULT_MODEL_OPTIONS } from "../../automation/hpa-model/options";
import { PodView, ResourceMetricSpec, resourceReplicas } from "../../automation/hpa-model/replica-calculator";
import { CPU, MIB, NOW, missing, pending, pod, pods } from "../support/hpa-pods";

// Upstream: kubernetes pkg/controller/podautoscaler/replica_calculator.go (GetResourceReplicas, groupPods),
// v1.34 as the cluster runs it. CPU is the support file's: 200m request, 70 % target.

function proposal(current: number, list: PodView[], metric = CPU): number {
  const p = resourceReplicas(current, metric, list, NOW, DEFAULT_MODEL_OPTIONS);
  if ("error" in p) throw new Error(p.error);
  return p.replicas;
}

function error(current: number, list: PodView[]): string | undefined {
  const p = resourceReplicas(current, CPU, list, NOW, DEFAULT_MODEL_OPTIONS);
  return "error" in p ? p.error : undefined;
}

describe("hpa-model: replica calculator", () => {
  it("keeps the replica count when the usage ratio is within the 0.1 tolerance (1.05)", () => {
    const target: ResourceMetricSpec = { resource: "cpu", targetUtilization: 60, requestPerPod: 200 };
    expect(proposal(4, pods(4, 126), target)).to.equal(4); // 63 % / 60 % = 1.05
    expect(proposal(4, pods(4, 134), target)).to.equal(5); // 67 % / 60 % = 1.117 → ceil(4.47)
  });

  it("keeps the replica count at both tolerance bounds, 0.9 and 1.1, and scales just outside them", () => {
    // Tolerances.isWithin: (1.0-t.scaleDown) <= usageRatio && usageRatio <= (1.0+t.scaleUp): both bounds inclusive.
    // (Before v1.33 it read math.Abs(1.0-usageRatio) <= tolerance: the same in exact arithmetic, but in float64
    // |1 − 77/70| = 0.10000000000000009 > 0.1, so that form scaled at exactly 1.1.)
    expect(proposal(10, pods(10, 126))).to.equal(10); // 126m of 200m = 63 %; 63 / 70 = 0.9: within
    expect(proposal(10, pods(10, 124))).to.equal(9); // 62 %; 62 / 70 = 0.886 → ceil(8.86) = 9
    expect(proposal(10, pods(10, 154))).to.equal(10); // 77 %; 77 / 70 = 1.1: within
    expect(proposal(10, pods(10, 156))).to.equal(12); // 78 %; 78 / 70 = 1.114 → ceil(11.14) = 12
  });

  it("applies the same inclusive tolerance once pods without metrics are counted", () => {
    // Second pass: if tolerances.isWithin(newUsageRatio) || … { return currentReplicas }.
    // Down: 8 × 120m + 100m Ready (1060m / 1800m = 58 %, 0.83), 1 missing pod at its 200m request:
    // 1260m / 2000m = 63 %; 63 / 70 = 0.9: within → 10.
    expect(proposal(10, [...pods(8, 120), pod(100), ...missing()])).to.equal(10);
    // Up: 8 × 170m + 180m Ready (1540m / 1800m = 85 %, 1.21), 1 missing pod at 0:
    // 1540m / 2000m = 77 %; 77 / 70 = 1.1: within → 10.
    expect(proposal(10, [...pods(8, 170), pod(180), ...missing()])).to.equal(10);
  });

  it("proposes ceil(readyPods × utilization / target)", () => {
    expect(proposal(3, pods(3, 200))).to.equal(5); // 100 / 70 × 3 = 4.29
    expect(proposal(4, pods(4, 40))).to.equal(2); // 20 / 70 × 4 = 1.14
  });

  it("truncates the average utilization to a whole percent before comparing", () => {
    const p = resourceReplicas(2, CPU, pods(2, 157), NOW, DEFAULT_MODEL_OPTIONS); // 78.5 %
    expect(p).to.deep.equal({ replicas: 3, utilization: 78 });
  });

  it("proposes from the Ready pods alone, with no direction guard, when no pod is missing or unready", () => {
    // if !scaleUpWithUnready && len(missingPods) == 0 { return ceil(usageRatio × readyPodCount) }: no guard here.
    // The Deployment is at 10 but 3 pods are listed, at 200m = 100 %: 100 / 70 = 1.43 → ceil(1.43 × 3) = 5.
    expect(proposal(10, pods(3, 200))).to.equal(5);
    // At 1 with 4 pods listed at 80m = 40 %: 40 / 70 = 0.571 → ceil(0.571 × 4) = ceil(2.29) = 3.
    expect(proposal(1, pods(4, 80))).to.equal(3);
    // A scale-down takes this branch with an unready pod too, which is just left out:
    // 3 Ready at 60m = 30 %; 30 / 70 = 0.429 → ceil(0.429 × 3) = ceil(1.29) = 2.
    expect(proposal(1, [...pods(3, 60), ...pending()])).to.equal(2);
  });

  it("counts a pod without metrics at its whole request on a scale-down, though the target is lower", () => {
    // if usageRatio < 1.0 { fallbackUtilization := max(100, targetUtilization); value = request × fallbackUtilization / 100 }
    // 2 idle Ready pods and 1 missing at 200m: 200m / 600m = 33 %; 33 / 70 = 0.471 → ceil(0.471 × 3) = ceil(1.41) = 2.
    // (At the 70 % target it would be 140m: 23 % → ceil(0.329 × 3) = 1; counted twice, 400m / 800m → 3.)
    expect(proposal(3, [...pods(2, 0), ...missing()])).to.equal(2);
    // 6 idle Ready pods and 1 missing: 200m / 1400m = 14 %; 14 / 70 = 0.2 → ceil(0.2 × 7) = ceil(1.4) = 2.
    expect(proposal(7, [...pods(6, 0), ...missing()])).to.equal(2);
  });

  it("counts a pod without metrics at the target on a scale-down when the target is above 100 %", () => {
    const hot: ResourceMetricSpec = { resource: "cpu", targetUtilization: 150, requestPerPod: 100 };
    // 1 idle Ready pod and 4 missing at 100m × 150 / 100 = 150m each: 600m / 500m = 120 %; 120 / 150 = 0.8
    // → ceil(0.8 × 5) = 4. (At 100 % they would be 100m each: 80 %; 80 / 150 = 0.533 → ceil(2.67) = 3.)
    expect(proposal(5, [pod(0), ...missing(4)], hot)).to.equal(4);
  });

  it("truncates a pod without metrics' stand-in usage to a whole unit, as upstream's integer sum does", () => {
    // value = resourceRequest × fallbackUtilization / 100 in int64: 5m × 110 / 100 = 5.5 → 5.
    // 1 idle Ready pod and 1 missing at 5m: 5m / 10m = 50 %; 50 / 110 = 0.455 → ceil(0.91) = 1.
    // (At 6m it would make 60 %; 60 / 110 = 0.545 → ceil(1.09) = 2.)
    const tiny: ResourceMetricSpec = { resource: "cpu", targetUtilization: 110, requestPerPod: 5 };
    expect(proposal(2, [pod(0), ...missing()], tiny)).to.equal(1);
  });

  it("counts pods without metrics at 0 on a scale-up", () => {
    // else if usageRatio > 1.0 { metrics[podName] = 0 }
    // 1 Ready at 320m (160 %; 2.29) and 1 missing at 0: 320m / 400m = 80 %; 80 / 70 = 1.143 → ceil(1.143 × 2) = 3.
    expect(proposal(2, [pod(320), ...missing()])).to.equal(3);
    // 2 Ready at 400m (200 %) and 2 missing at 0: 800m / 800m = 100 %; 100 / 70 = 1.43 → ceil(1.43 × 4) = 6
    // (at their 200m request they would make 150 % → ceil(2.14 × 4) = 9).
    expect(proposal(4, [...pods(2, 400), ...missing(2)])).to.equal(6);
    // 2 Ready at 300m (150 %) and 2 missing at 0: 600m / 800m = 75 %; 75 / 70 = 1.07: within → 4
    // (left out, the 2 Ready pods alone would ask for ceil(2.14 × 2) = 5).
    expect(proposal(4, [...pods(2, 300), ...missing(2)])).to.equal(4);
  });

  it("fills in no pod when the usage ratio is exactly 1", () => {
    // Missing pods are filled only `if usageRatio < 1.0` or `else if usageRatio > 1.0`, unready ones only when
    // usageRatio > 1.0. 2 Ready at 140m = 70 %; 70 / 70 = 1: the recomputed ratio stays 1, within → 4
    // (filled at 200m: 680m / 800m = 85 % → ceil(1.21 × 4) = 5; filled at 0: 35 % → 2).
    expect(proposal(4, [...pods(2, 140), ...missing(2)])).to.equal(4);
    // With a Pending pod as well (at 0: 280m / 600m = 46 % → ceil(0.657 × 3) = 2).
    expect(proposal(4, [...pods(2, 140), ...missing(), ...pending()])).to.equal(4);
  });

  it("counts unready and pending pods as 0 % on a scale-up only", () => {
    const unready = pod(0, { ready: false, startTime: NOW - 20, readyTransitionTime: NOW - 20 });
    // Up: 2 Ready at 150 % alone would ask for ceil(2 × 150 / 70) = 5; with the
    // 2 not-ready pods at 0 % the average is 75 %, within tolerance: stay at 4.
    expect(proposal(4, [...pods(2, 300), unready, ...pending()])).to.equal(4);
    // Up: 1 Ready at 320m and 1 Pending at 0, counted once: 320m / 400m = 80 % → ceil(1.143 × 2) = 3.
    expect(proposal(2, [pod(320), ...pending()])).to.equal(3);
    // Down: not-ready pods are simply left out → ceil(2 × 20 / 70) = 1.
    expect(proposal(4, [...pods(2, 40), unready, ...pending()])).to.equal(1);
  });

  it("leaves a Pending pod out of a scale-down that pods without metrics send through the second pass", () => {
    // if scaleUpWithUnready { unready pods at 0 }: only on a scale-up.
    // 2 Ready at 110m (55 %; 0.786), 1 missing at 200m, the Pending pod left out:
    // 420m / 600m = 70 %; 70 / 70 = 1: within → 4. (At 0 it would make 420m / 800m = 52 % → ceil(0.743 × 4) = 3.)
    expect(proposal(4, [...pods(2, 110), ...missing(), ...pending()])).to.equal(4);
  });

  it("keeps the replica count when counting the left-out pods would reverse the direction", () => {
    // newReplicas := ceil(newUsageRatio × len(metrics)); "return the current replicas if the change of metrics
    // length would cause a change in scale direction":
    //   (newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)
    // Down: the Deployment is at 2 but 4 pods are listed, 3 Ready at 40m (20 %) and 1 missing at 200m:
    // 320m / 800m = 40 %; 40 / 70 = 0.571 → ceil(0.571 × 4) = 3, more than 2 on a scale-down → 2.
    expect(proposal(2, [...pods(3, 40), ...missing()])).to.equal(2);
    // Up: the Deployment is at 8 but 3 pods are listed, 2 Ready at 400m (200 %) and 1 Pending at 0:
    // 800m / 600m = 133 %; 133 / 70 = 1.9 → ceil(1.9 × 3) = 6, fewer than 8 on a scale-up → 8.
    expect(proposal(8, [...pods(2, 400), ...pending()])).to.equal(8);
  });

  it("never turns a scale-down into a scale-up, nor a scale-up into a scale-down, by counting the left-out pods", () => {
    // "return the current replicas if … the new usage ratio would cause a change in scale direction":
    //   (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)
    // Down: 1 Ready at 100m (50 %; 0.714) and 3 missing at 200m: 700m / 800m = 87 %; 87 / 70 = 1.243 > 1 → 4
    // (taken as it stands, ceil(1.243 × 4) = 5).
    expect(proposal(4, [pod(100), ...missing(3)])).to.equal(4);
    // Up: 1 Ready at 160m (80 %; 1.143) and 3 Pending at 0: 160m / 800m = 20 %; 20 / 70 = 0.286 < 1 → 4
    // (taken as it stands, ceil(0.286 × 4) = 2).
    expect(proposal(4, [pod(160), ...pending(3)])).to.equal(4);
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

  it("distrusts a new pod's CPU sample while it is not Ready, however late its window", () => {
    // Within the period: unready = condition.Status == False || metric window began before the transition.
    // Not Ready since 20 s ago, its 15 s window ended now: left out of this scale-down →
    // 100m / 200m = 50 %; 50 / 70 = 0.714 → ceil(0.714) = 1. (Counted: 1100m / 400m = 275 % → 8.)
    const notReady = pod(1000, { ready: false, startTime: NOW - 30, readyTransitionTime: NOW - 20 });
    expect(proposal(2, [pod(100), notReady])).to.equal(1);
  });

  it("trusts a Ready pod's CPU sample once cpuInitializationPeriod has passed, however recently it became Ready", () => {
    // if pod.Status.StartTime.Add(cpuInitializationPeriod).After(time.Now()) { window check } else { never-Ready check }
    // Ready again 5 s ago, so its 15 s window began while it was not Ready; 2 more pods at 100m.
    const flapped = (startTime: number) => pod(1000, { startTime, readyTransitionTime: NOW - 5 });
    // Started 300 s ago: start + 300 s is not After now, the period is over and the sample counts:
    // 1200m / 600m = 200 %; 200 / 70 = 2.857 → ceil(8.57) = 9.
    expect(proposal(3, [...pods(2, 100), flapped(NOW - 300)])).to.equal(9);
    // Started 299 s ago: still in the period, and its window began before Ready: left out →
    // 200m / 400m = 50 %; 50 / 70 = 0.714 → ceil(1.43) = 2.
    expect(proposal(3, [...pods(2, 100), flapped(NOW - 299)])).to.equal(2);
  });

  it("leaves out the CPU sample of a pod past its initialization period that has never been Ready", () => {
    // "Ignore metric if pod is unready and it has never been ready":
    //   condition.Status == False && StartTime.Add(delayOfInitialReadinessStatus).After(condition.LastTransitionTime)
    // Started at 0 s, now 1000 s (past the 300 s period), not Ready, a 1000m sample; 2 Ready pods at 100m.
    const notReady = (readyTransitionTime: number) => pod(1000, { ready: false, readyTransitionTime });
    // Last transition at 29 s, within the 30 s delay: never Ready, left out of this scale-down →
    // 200m / 400m = 50 %; 50 / 70 = 0.714 → ceil(1.43) = 2.
    expect(proposal(3, [...pods(2, 100), notReady(29)])).to.equal(2);
    // At 30 s, 0 s + 30 s is not After 30 s: it was Ready once, its sample counts →
    // 1200m / 600m = 200 %; 200 / 70 = 2.857 → ceil(8.57) = 9.
    expect(proposal(3, [...pods(2, 100), notReady(30)])).to.equal(9);
    // Unready since 500 s after having been Ready: its sample counts → 9.
    expect(proposal(3, [...pods(2, 100), notReady(500)])).to.equal(9);
  });

  it("counts every running pod's memory sample, Ready or not", () => {
    // groupPods checks readiness only `if resource == v1.ResourceCPU`.
    const memory: ResourceMetricSpec = { resource: "memory", targetUtilization: 80, requestPerPod: 256 * MIB };
    const sample = (ready: boolean) =>
      pod(0, {
        ready,
        startTime: NOW - 20,
        readyTransitionTime: NOW - 5,
        metric: { cpuMillicores: 0, memoryBytes: 300 * MIB, timestamp: NOW, windowSeconds: 15 },
      });
    // 2 pods at 300 MiB of 256 MiB = 117 %; 117 / 80 = 1.4625 → ceil(1.4625 × 2) = ceil(2.93) = 3.
    expect(proposal(2, [sample(true), sample(false)], memory)).to.equal(3);
  });

  it("reports why it has no proposal: no pods, no metrics at all, or none from a pod it may count", () => {
    // "no pods returned by selector while calculating replica count"; the metrics client's
    // "no metrics returned from resource metrics API"; after groupPods,
    // "did not receive metrics for targeted pods (pods might be unready)".
    expect(error(2, [])).to.match(/^no pods returned by selector/);
    expect(error(2, missing(2))).to.match(/^no metrics returned from resource metrics API/);
    const starting = pod(1000, { startTime: NOW - 30, readyTransitionTime: NOW - 10 }); // window began before Ready
    expect(error(2, [starting, ...pending()])).to.equal(
      "did not receive metrics for targeted pods (pods might be unready)",
    );
  });
});
