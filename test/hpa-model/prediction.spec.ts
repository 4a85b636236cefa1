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
});
