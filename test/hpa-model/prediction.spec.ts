import { expect } from "chai";
import { DEFAULTS } from "../../components/config-defaults";
import { predictScaleDown, predictScaleUp } from "../../automation/hpa-model/prediction";

describe("hpa-model: prediction", () => {
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

  it("runs the load 600 s and watches the scale-down window plus 600 s when not told otherwise", () => {
    // 600 s + 300 s (the backend's window) + 600 s: syncs every 15 s up to 1500 s; the load stops at 600 s.
    const p = predictScaleDown(DEFAULTS.backend, 500);
    expect(p.timeline[p.timeline.length - 1].t).to.equal(1500);
    expect(p.timeline.find((point) => point.t === 585)?.demandMillicores).to.equal(500);
    expect(p.timeline.find((point) => point.t === 600)?.demandMillicores).to.equal(0);
    // Without a scale-down window of its own the controller's flag applies, 300 s: 180 + 300 + 600 = 1080 s.
    const legacy = { ...DEFAULTS.backend, autoscaling: { ...DEFAULTS.backend.autoscaling, scaleDown: undefined } };
    const q = predictScaleDown(legacy, 500, { loadSeconds: 180 });
    expect(q.timeline[q.timeline.length - 1].t).to.equal(1080);
  });

  it("counts the pods that become Ready in the second the load stops", () => {
    // The sync at 30 s sees 125 % and asks for 4; they are Ready 10 s later (podReadySeconds), at 40 s.
    expect(predictScaleDown(DEFAULTS.backend, 500, { loadSeconds: 40 }).fromReplicas).to.equal(4);
  });

  it("predicts no wait when the load never took the workload above minReplicas", () => {
    // 100m over 2 pods: 25 %; 25 / 70 = 0.357 → ceil(0.71) = 1, held at minReplicas 2 all along.
    expect(predictScaleDown(DEFAULTS.backend, 100, { loadSeconds: 180 })).to.include({
      fromReplicas: 2,
      predictedSeconds: 0,
    });
  });

  it("waits for pods still starting when the load stops, and for their scale-down", () => {
    // The load stops at 35 s with 2 pods Ready and 2 more coming (asked for at 30 s, Ready at 40 s).
    // The sync at 45 s still recommends 4: the old pods' 20-35 s sample says 125 %, and the new pods, without a
    // sample yet, count at 0 on a scale-up (500m / 800m = 62 %, a reversal, so the current 4 stands). The window
    // drops that 4 at 345 s (45 s is not After 345 − 300 s); that sync takes 4 to 2 (Min of 50 % and 2 pods):
    // 345 − 35 = 310 s.
    expect(predictScaleDown(DEFAULTS.backend, 500, { loadSeconds: 35 })).to.include({
      fromReplicas: 2,
      predictedSeconds: 310,
    });
  });

  it("refuses a prediction when the workload is still above minReplicas at the end of the watch", () => {
    // Scale-down starts at 480 s, 300 s after the load stops at 180 s: a 200 s watch ends before it.
    expect(() => predictScaleDown(DEFAULTS.backend, 500, { loadSeconds: 180, watchSeconds: 200 })).to.throw(
      "the model is still above 2 Ready replicas 200 s after the load stops",
    );
  });
});
