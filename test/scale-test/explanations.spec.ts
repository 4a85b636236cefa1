import { expect } from "chai";
import type { EnvelopePoint } from "../../automation/hpa-model";
import { explainDeclared } from "../../automation/scale-test/explanations";
import { judge } from "../../automation/scale-test/verdict";
import type { SyncExplanation } from "../../automation/shared/results";
import { demandSummary, expectations, loadSummary, sample } from "../support/series";

/** A sync where the cluster asked for `asked` and the declared config, replayed, for `would`. */
function sync(t: number, asked: number, would: number | null, bound = ""): SyncExplanation {
  return {
    t,
    cluster: { desiredReplicas: asked, currentReplicas: 2, cpuUtilization: 120, conditions: [], events: [], why: "" },
    model: { desiredLow: 2, desiredHigh: 6, said: "" },
    replay: { desired: would, proposed: would, stabilized: would, bound, caveats: [] },
    agrees: true,
  };
}
const POLICY = "Pods 4 per 30 s allowed +4, up to 6";

describe("the declared config's answer in the verdict", () => {
  it("names the first sync at which the HPA asked for less than its declared config, and counts the rest", () => {
    const load = { durationSeconds: 120 };
    expect(
      explainDeclared([sync(-10, 2, 2), sync(18, 3, 4, POLICY), sync(33, 3, 6), sync(48, 5, 5)], load),
    ).to.deep.equal([
      "At 18 s the HPA asked for 3 where its declared config asks 4 from the same reading (Pods 4 per 30 s allowed +4, up to 6), " +
        "and 1 later sync asked for less too: the live HPA's behavior or the controller's flags may not be the declared ones " +
        "(compare `kubectl get hpa -o yaml` with the stack config).",
    ]);
    // Asking for more, a sync not replayed, one before the load, or no syncs at all: nothing to say.
    expect(explainDeclared([sync(-10, 2, 4), sync(18, 5, 4), sync(33, 3, null)], load)).to.deep.equal([]);
    expect(explainDeclared(undefined, load)).to.deep.equal([]);
  });

  it("says in the failed scale-up's verdict what the declared policies would have asked for", () => {
    // 2 until 15 s; desired 4–6 from 20 s, 4–6 ready from 25 s.
    const band: EnvelopePoint[] = Array.from({ length: 91 }, (_, t) => ({
      t,
      minReady: t < 25 ? 2 : 4,
      maxReady: t < 15 ? 2 : 6,
      minDesired: t < 20 ? 2 : 4,
      maxDesired: t < 15 ? 2 : 6,
    }));
    const series = [0, 5, 10, 15, 20, 25, 30].map((t) =>
      sample(t, {
        desiredReplicas: t < 20 ? 2 : 3,
        readyReplicas: t < 20 ? 2 : 3,
        podPhases: { Running: t < 20 ? 2 : 3 },
      }),
    );
    const e = expectations({
      envelope: band,
      envelopeSlackSeconds: 0,
      scaleUpEarliestSeconds: 19,
      scaleUpWithinSeconds: 21,
    });
    const syncs = [sync(3, 2, 2), sync(18.1, 3, 4, POLICY)];
    const v = judge(series, loadSummary({ durationSeconds: 30 }), e, demandSummary(), syncs);
    const envelope = v.checks.find((c) => c.name === "envelope");
    expect(envelope?.message).to.equal(
      "At 20 s the HPA asked for 3 replicas, below the envelope (4–6): it scaled later or slower than its declared config allows. " +
        "At 18 s the HPA asked for 3; a healthy HPA with the declared policies would have asked for 4 from the same reading: Pods 4 per 30 s allowed +4, up to 6.",
    );
    expect(v.explanations[0]).to.match(
      /^At 18 s the HPA asked for 3 where its declared config asks 4 from the same reading/,
    );
  });
});
