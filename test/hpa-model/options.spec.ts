import { expect } from "chai";
import { checkedModelOptions, DEFAULT_MODEL_OPTIONS } from "../../automation/hpa-model/options";

describe("hpa-model: options", () => {
  it("defaults to kube-controller-manager's own HPA flags", () => {
    // --horizontal-pod-autoscaler-sync-period 15s, -tolerance 0.1, -cpu-initialization-period 5m,
    // -initial-readiness-delay 30s, -downscale-stabilization 5m.
    expect(DEFAULT_MODEL_OPTIONS).to.include({
      syncPeriodSeconds: 15,
      tolerance: 0.1,
      cpuInitializationPeriodSeconds: 300,
      initialReadinessDelaySeconds: 30,
      downscaleStabilizationSeconds: 300,
    });
    // The model's own figure for a pod's working set: 100 MiB.
    expect(DEFAULT_MODEL_OPTIONS.memoryBytesPerPod).to.equal(104857600);
  });

  it("fills the defaults around the options given", () => {
    expect(checkedModelOptions({ syncPeriodSeconds: 30 })).to.include({ syncPeriodSeconds: 30, tolerance: 0.1 });
  });

  it("rejects a period or resolution under 1 s and an offset under 0 s, naming the option and its value", () => {
    expect(() => checkedModelOptions({ metricResolutionSeconds: 0 })).to.throw(
      /^model option metricResolutionSeconds \(0\) must be a whole number of seconds >= 1$/,
    );
    expect(() => checkedModelOptions({ syncPeriodSeconds: 0 })).to.throw(/syncPeriodSeconds \(0\) .* >= 1$/);
    expect(() => checkedModelOptions({ syncOffsetSeconds: -1 })).to.throw(
      /^model option syncOffsetSeconds \(-1\) must be a whole number of seconds$/,
    );
    expect(checkedModelOptions({ syncOffsetSeconds: 0, scrapeOffsetSeconds: 0 })).to.include({
      scrapeOffsetSeconds: 0,
    });
  });

  it("rejects a fraction of a second in every period, offset and lag: the simulation steps whole seconds", () => {
    expect(() => checkedModelOptions({ syncPeriodSeconds: 1.5 })).to.throw(
      /^model option syncPeriodSeconds \(1.5\) must be a whole number of seconds >= 1$/,
    );
    expect(() => checkedModelOptions({ scrapeOffsetSeconds: 0.5 })).to.throw(/scrapeOffsetSeconds \(0.5\)/);
    expect(() => checkedModelOptions({ metricLagSeconds: 2.5 })).to.throw(
      /^model option metricLagSeconds \(2.5\) must be a whole number of seconds$/,
    );
    expect(() => checkedModelOptions({ scrapeOffsetSeconds: -1 })).to.throw(/scrapeOffsetSeconds \(-1\)/);
    expect(() => checkedModelOptions({ metricLagSeconds: -1 })).to.throw(/metricLagSeconds \(-1\)/);
  });

  it("takes a period and a resolution of 1 s, the shortest there is", () => {
    expect(checkedModelOptions({ syncPeriodSeconds: 1, metricResolutionSeconds: 1 })).to.include({
      syncPeriodSeconds: 1,
      metricResolutionSeconds: 1,
    });
  });

  it("takes the cluster's room as a whole number of pods, unlimited by default", () => {
    expect(DEFAULT_MODEL_OPTIONS.schedulablePods).to.equal(Infinity);
    expect(checkedModelOptions({ schedulablePods: 0 })).to.include({ schedulablePods: 0 });
    expect(() => checkedModelOptions({ schedulablePods: 2.5 })).to.throw(
      /^model option schedulablePods \(2.5\) must be a whole number >= 0 or Infinity$/,
    );
    expect(() => checkedModelOptions({ schedulablePods: -1 })).to.throw(/schedulablePods \(-1\)/);
  });
});
