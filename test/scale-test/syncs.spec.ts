import { expect } from "chai";
import { explainSyncs } from "../../automation/scale-test/syncs";
import { formatSyncs } from "../../automation/report";
import type { EnvelopePoint } from "../../automation/hpa-model";
import { sample } from "../support/series";
import { DEFAULTS } from "../../components/config";

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
      "HPA syncs: 4 seen, 1 outside what the declared config allows; the 1 that kept the count is left out:",
      "  t=15 s  desired 2 at CPU 55 %; the model allows 2",
      "  t=45 s  desired 4 at CPU 85 % (limited by the scale-up policies); the model allows 3–5",
      "  t=60 s  desired 7 at CPU 100 %; the model allows 3–5 ✗ asked for 7 replicas, above the 3–5 its declared config allows at 60 s",
    ]);
    expect(formatSyncs([])).to.equal("");
  });

  it("words every reason that bound the answer, and only those", () => {
    const conditions = [
      { type: "AbleToScale", status: "True", reason: "ScaleUpStabilized" },
      { type: "ScalingActive", status: "False", reason: "FailedGetResourceMetric" },
      { type: "ScalingLimited", status: "True", reason: "TooFewReplicas" },
      { type: "ScalingLimited", status: "False", reason: "DesiredWithinRange" },
      { type: "ScalingActive", status: "True", reason: "ValidMetricFound" },
      { type: "AbleToScale", status: "False", reason: "FailedGetScale" },
      { type: "ScalingLimited", status: "True", reason: "ScaleDownLimit" },
      { type: "ScalingLimited", status: "True", reason: "SomethingNew" },
    ];
    const [one] = explainSyncs({
      statuses: [{ atMs: T0, status: { desiredReplicas: 2, conditions } }],
      t0Ms: T0,
      slackSeconds: 0,
      series: [],
      replicas: { min: 2, max: 10 },
    });
    expect(one.cluster.why).to.equal(
      "held by the scale-up stabilization window; could not read its metric; held up at minReplicas; " +
        "could not read the Deployment's scale; limited by the scale-down policies; SomethingNew",
    );
    expect(one.cluster.conditions[0]).to.deep.equal(conditions[0]);
  });

  it("reads the CPU metric among others, and takes min to max replicas without a band", () => {
    const memory = { type: "Resource", resource: { name: "memory", current: { averageUtilization: 30 } } };
    const pods = { type: "Pods", resource: { name: "cpu", current: { averageUtilization: 99 } } };
    const [withCpu, without, bare] = explainSyncs({
      statuses: [
        { atMs: T0, status: { desiredReplicas: 12, currentMetrics: [memory, pods, ...cpu(61)] } },
        { atMs: T0 + 15_000, status: { desiredReplicas: 1, currentMetrics: [memory] } },
        { atMs: T0 + 30_000, status: {} },
      ],
      t0Ms: T0,
      slackSeconds: 0,
      series: [],
      replicas: { min: 2, max: 10 },
    });
    expect(withCpu.cluster.cpuUtilization).to.equal(61);
    expect(withCpu.model).to.include({ desiredLow: 2, desiredHigh: 10 });
    expect(withCpu.note).to.equal("asked for 12 replicas, above the 2–10 its declared config allows at 0 s");
    expect(without.cluster.cpuUtilization).to.equal(null);
    expect(without.note).to.equal("asked for 1 replica, below the 2–10 its declared config allows at 15 s");
    expect(bare).to.deep.include({ agrees: true });
    expect(bare.cluster).to.deep.include({ desiredReplicas: null, currentReplicas: null, conditions: [], why: "" });
  });

  it("gives a sync the events first seen from it up to, not including, the next sync", () => {
    const syncs = explainSyncs({
      statuses: [
        { atMs: T0 + 15_000, status: { desiredReplicas: 2 } },
        { atMs: T0 + 30_000, status: { desiredReplicas: 4 } },
      ],
      t0Ms: T0,
      slackSeconds: 0,
      series: [sample(10, { events: ["before"] }), sample(15, { events: ["at"] }), sample(30, { events: ["next"] })],
      replicas: { min: 2, max: 10 },
    });
    expect(syncs.map((x) => x.cluster.events)).to.deep.equal([["at"], ["next"]]);
  });
});

describe("the HPA's syncs, as the watch recorded them", () => {
  it("keeps a condition's message, and reads a condition without type, status or reason as empty", () => {
    const [one] = explainSyncs({
      statuses: [
        {
          atMs: T0,
          status: {
            desiredReplicas: 2,
            conditions: [
              { type: "AbleToScale", status: "True", reason: "SucceededRescale", message: "the HPA rescaled" },
              {},
            ],
          },
        },
      ],
      t0Ms: T0,
      slackSeconds: 0,
      series: [],
      replicas: { min: 2, max: 10 },
    });
    expect(one.cluster.conditions).to.deep.equal([
      { type: "AbleToScale", status: "True", reason: "SucceededRescale", message: "the HPA rescaled" },
      { type: "", status: "", reason: "" },
    ]);
    expect(one.cluster.why).to.equal("rescaled");
  });

  it("reads no CPU from a resource metric without a name or without a current reading", () => {
    const [unnamed, unread] = explainSyncs({
      statuses: [
        { atMs: T0, status: { desiredReplicas: 2, currentMetrics: [{ type: "Resource" }, ...cpu(61)] } },
        {
          atMs: T0 + 15_000,
          status: { desiredReplicas: 2, currentMetrics: [{ type: "Resource", resource: { name: "cpu" } }] },
        },
      ],
      t0Ms: T0,
      slackSeconds: 0,
      series: [],
      replicas: { min: 2, max: 10 },
    });
    expect(unnamed.cluster.cpuUtilization).to.equal(61);
    expect(unread.cluster.cpuUtilization).to.equal(null);
  });

  it("carries the declared HPA's own decision on each sync when given the declared config", () => {
    const syncs = explainSyncs({
      statuses: [
        { atMs: T0, status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: cpu(18) } },
        { atMs: T0 + 15_000, status: { currentReplicas: 2, desiredReplicas: 4, currentMetrics: cpu(119) } },
      ],
      t0Ms: T0,
      slackSeconds: 0,
      series: [0, 5, 10, 15].map((t) => sample(t, { readyReplicas: 2, podPhases: { Running: 2 } })),
      replicas: { min: 2, max: 8 },
      replay: { declared: { workload: DEFAULTS.frontend }, podsWithinSeconds: 5, metricWindowSeconds: 15 },
    });
    expect(syncs.map((s) => s.replay?.desired)).to.deep.equal([2, 4]);
    const [bare] = explained([[15, 2]]);
    expect(bare).to.not.have.property("replay");
  });
});
