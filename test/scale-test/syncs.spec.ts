import { expect } from "chai";
import { explainSyncs } from "../../automation/scale-test/syncs";
import { formatSyncs } from "../../automation/report";
import type { EnvelopePoint } from "../../automation/hpa-model";
import { sample } from "../support/series";

const T0 = 1_000_000;
/** 2 until 30 s, then 3–5 desired. */
const band: EnvelopePoint[] = Array.from({ length: 121 }, (_, t) => ({
  t,
  minReady: 2,
  maxReady: t < 30 ? 2 : 5,
  minDesired: t < 30 ? 2 : 3,
  maxDesired: t < 30 ? 2 : 5,
}));
const cpu = (v: number) => [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: v } } }];
const able = (reason: string) => ({ type: "AbleToScale", status: "True", reason });
const limited = { type: "ScalingLimited", status: "True", reason: "TooManyReplicas" };

function explained(statuses: Array<[number, number, string[]?]>) {
  return explainSyncs({
    statuses: statuses.map(([t, desired, reasons]) => ({
      atMs: T0 + t * 1000,
      status: {
        desiredReplicas: desired,
        currentReplicas: 2,
        currentMetrics: cpu(40 + t),
        conditions: (reasons ?? ["ReadyForNewScale"]).map((r) => (r === "TooManyReplicas" ? limited : able(r))),
      },
    })),
    t0Ms: T0,
    band,
    slackSeconds: 2,
    series: [sample(10), sample(35), sample(50, { events: ["SuccessfulRescale: New size: 4"] }), sample(65)],
    replicas: { min: 2, max: 10 },
  });
}

describe("the HPA's syncs, explained", () => {
  it("puts each sync beside the desired count the declared config allows then, with the cluster's reasons in words", () => {
    const [first, second] = explained([
      [15, 2, ["SucceededGetScale"]],
      [45, 4, ["ScaleDownStabilized", "TooManyReplicas"]],
    ]);
    expect(first).to.deep.include({ t: 15, agrees: true });
    expect(first.cluster).to.deep.include({ desiredReplicas: 2, cpuUtilization: 55, why: "", events: [] });
    expect(first.model).to.deep.equal({
      desiredLow: 2,
      desiredHigh: 2,
      said: "a healthy HPA with the declared config asks for 2 here",
    });
    expect(second.cluster.why).to.equal("held by the scale-down stabilization window; held down at maxReplicas");
    expect(second.cluster.events).to.deep.equal(["SuccessfulRescale: New size: 4"]);
    expect(second.model).to.include({ desiredLow: 3, desiredHigh: 5 });
    expect(second.agrees).to.equal(true);
  });

  it("says which side a sync left the band by, within the same slack as the samples", () => {
    const [early, edge, high] = explained([
      [20, 4],
      [28, 3],
      [60, 7],
    ]);
    expect(early.agrees).to.equal(false);
    expect(early.note).to.equal("asked for 4 replicas, above the 2 its declared config allows at 20 s");
    // 28 s is within 2 s of the band's 3–5 from 30 s.
    expect(edge.agrees).to.equal(true);
    expect(high.note).to.equal("asked for 7 replicas, above the 3–5 its declared config allows at 60 s");
  });

  it("prints the syncs that moved the count or disagreed, and counts the rest", () => {
    const text = formatSyncs(
      explained([
        [15, 2],
        [30, 2],
        [45, 4, ["ScaleUpLimit"]],
        [60, 7],
      ]),
    );
    expect(text.split("\n")).to.deep.equal([
      "HPA syncs: 4 seen, 1 outside what the declared config allows; the 1 that kept the count are left out:",
      "  t=15 s  desired 2 at CPU 55 %; the model allows 2",
      "  t=45 s  desired 4 at CPU 85 % (limited by the scale-up policies); the model allows 3–5",
      "  t=60 s  desired 7 at CPU 100 %; the model allows 3–5 ✗ asked for 7 replicas, above the 3–5 its declared config allows at 60 s",
    ]);
    expect(formatSyncs([])).to.equal("");
  });
});
