import { expect } from "chai";
import { changeWindows } from "../../automation/scale-test/judge-scenario";
import { SCENARIO_UNMEASURED } from "../../automation/scale-test/explanations";
import { judge } from "../../automation/scale-test/verdict";
import type { EnvelopePoint } from "../../automation/hpa-model";
import { demandSummary, expectations, loadSummary, series } from "../support/series";

/**
 * A scenario's band: 2 at rest, up to 4–6 in phase sale (30–90 s), and back
 * down in phase quiet (from 90 s): the floor of 2 is forced from 150 s.
 */
function band(t: number): EnvelopePoint {
  if (t < 30) return { t, minReady: 2, maxReady: 2, minDesired: 2, maxDesired: 2 };
  if (t < 90) return { t, minReady: t < 45 ? 2 : 4, maxReady: 6, minDesired: t < 40 ? 2 : 4, maxDesired: 6 };
  if (t < 150) return { t, minReady: t < 120 ? 4 : 2, maxReady: 6, minDesired: t < 120 ? 4 : 2, maxDesired: 6 };
  return { t, minReady: 2, maxReady: 2, minDesired: 2, maxDesired: 2 };
}

const scenario = (endsAtMinReplicas: number | null = 2) =>
  expectations({
    envelope: Array.from({ length: 181 }, (_, t) => band(t)),
    envelopeSlackSeconds: 0,
    maxSampleGapSeconds: 15,
    scaleUpReplicas: 6,
    scaleUpWithinSeconds: 180,
    scenario: { name: "sale", endsAtMinReplicas: endsAtMinReplicas ?? undefined },
    phases: [
      { name: "warm", fromSeconds: 0, toSeconds: 30 },
      { name: "sale", fromSeconds: 30, toSeconds: 90 },
      { name: "quiet", fromSeconds: 90, toSeconds: 180 },
    ],
  });

/** [t, ready = desired] every 10 s from 0 to 180 s. */
const run = (replicas: (t: number) => number) =>
  series(Array.from({ length: 19 }, (_, i) => [i * 10, replicas(i * 10), replicas(i * 10), 50]));

const healthy = (t: number) => (t < 40 ? 2 : t < 130 ? 5 : 2);

describe("a scenario's verdict", () => {
  it("passes a run inside the band through every phase, back at the floor at the end", () => {
    const verdict = judge(run(healthy), loadSummary(), scenario());
    expect(verdict.outcome).to.equal("passed");
    expect(verdict.checks.map((c) => [c.name, c.message])).to.deep.equal([
      ["envelope", "All 19 samples from 0 s to 180 s lay inside the envelope."],
      ["max-replicas", "Peaked at 5 replicas, within maxReplicas 10."],
      ["failed-requests", "0 failed requests (budget 0)."],
      ["ends-at-min", "Ended at 2 replicas, the floor, at 180 s."],
    ]);
    expect([verdict.inconclusive, verdict.explanations]).to.deep.equal([[], []]);
  });

  it("blames something other than the HPA for a scenario's replicas above maxReplicas", () => {
    const verdict = judge(run(healthy), loadSummary(), { ...scenario(), maxReplicas: 4 });
    expect(verdict.outcome).to.equal("failed");
    expect(verdict.explanations).to.deep.equal([
      "Something other than this HPA set the replica count (a manual `kubectl scale`, a second HPA, or a `replicas` field in the Deployment).",
    ]);
  });

  it("fails a scale-down that came before the window allows, naming the phase it fell in", () => {
    const early = (t: number) => (t < 40 ? 2 : t < 100 ? 5 : 2);
    const verdict = judge(run(early), loadSummary(), scenario());
    expect(verdict.outcome).to.equal("failed");
    expect(verdict.checks.find((c) => c.name === "envelope")?.message).to.equal(
      "At 100 s, in phase quiet, 2 replicas were ready, below the envelope (4–6): the HPA scaled down earlier, faster or further than its declared config allows.",
    );
  });

  it("fails a scale-down that came later than the band, and Ready pods lost while the HPA held its count", () => {
    const late = judge(run(healthy), loadSummary(), {
      ...scenario(),
      // The band comes down to 2–3 from 110 s, while the run holds 5 until 130 s.
      envelope: Array.from({ length: 181 }, (_, t) =>
        t >= 110 && t < 150 ? { t, minReady: 2, maxReady: 3, minDesired: 2, maxDesired: 3 } : band(t),
      ),
    });
    expect(late.checks.find((c) => c.name === "envelope")?.message).to.equal(
      "At 110 s, in phase quiet, 5 replicas were ready, above the envelope (2–3): the HPA scaled down later or slower than its declared config allows.",
    );
    // Ready 5 → 2 at 100 s while the HPA still asks for 5: pods lost, not a scale-down.
    const lost = series(
      Array.from({ length: 19 }, (_, i) => [i * 10, i * 10 === 100 ? 2 : healthy(i * 10), healthy(i * 10), 50]),
    );
    expect(judge(lost, loadSummary(), scenario()).checks.find((c) => c.name === "envelope")?.message).to.equal(
      "At 100 s, in phase quiet, 2 replicas were ready, below the envelope (4–6): the HPA scaled later or slower than its declared config allows.",
    );
  });

  it("fails a run that never came back to the floor the envelope forces by the end", () => {
    const stuck = run((t) => (t < 40 ? 2 : 5));
    const verdict = judge(stuck, loadSummary(), { ...scenario(), envelope: undefined });
    expect(verdict.checks.find((c) => c.name === "ends-at-min")).to.deep.equal({
      name: "ends-at-min",
      passed: false,
      message: "Ended at 5 replicas at 180 s, where the envelope has the floor of 2 by then.",
    });
    expect(verdict.passed).to.equal(false);
  });

  it("cannot judge a scenario whose pods' CPU was never read, and says so without an N it does not have", () => {
    const unmeasured = demandSummary({ producedMillicores: null, neededMillicores: 0, phases: [] });
    const verdict = judge(run(healthy), loadSummary(), scenario(), unmeasured);
    expect(verdict.outcome).to.equal("inconclusive");
    expect(verdict.inconclusive).to.deep.equal([SCENARIO_UNMEASURED]);
    expect(verdict.checks[0]).to.deep.include({ name: "demand", passed: false, message: SCENARIO_UNMEASURED });
  });

  it("judges a scenario whose measured demand was 0m: it has no N to fall short of", () => {
    const quiet = demandSummary({ producedMillicores: 0, neededMillicores: 0, phases: [] });
    expect(judge(run(healthy), loadSummary(), scenario(), quiet).outcome).to.equal("passed");
  });

  it("does not ask for the floor when the scenario does not end at it", () => {
    const verdict = judge(run(healthy), loadSummary(), scenario(null));
    expect(verdict.checks.map((c) => c.name)).not.to.include("ends-at-min");
  });
});

describe("the windows in which the cluster took a scenario's config changes", () => {
  it("gives one window per pulumi up, from the spec change (less a second) to the first sync that read it", () => {
    const marks = [
      {
        key: "backend.autoscaling.maxReplicas",
        value: "20",
        appliedSeconds: 90,
        upDoneSeconds: 120,
        specSeconds: 110,
        takenSeconds: 118,
      },
      {
        key: "backend.autoscaling.minReplicas",
        value: "4",
        appliedSeconds: 90,
        upDoneSeconds: 120,
        specSeconds: 110,
        takenSeconds: 118,
      },
    ];
    expect(changeWindows(marks, 300, 15)).to.deep.equal([{ fromSeconds: 109, toSeconds: 118 }]);
  });

  it("falls back to a sync period after the up when no sync was seen to read it, and to the run's end without an up", () => {
    const marks = [
      { key: "a", value: "1", appliedSeconds: 60, upDoneSeconds: 80 },
      { key: "b", value: "2", appliedSeconds: 200 },
    ];
    expect(changeWindows(marks, 300, 15)).to.deep.equal([
      { fromSeconds: 60, toSeconds: 95 },
      { fromSeconds: 200, toSeconds: 300 },
    ]);
  });

  it("never starts a window before the change was applied, whatever the spec's clock says", () => {
    const marks = [{ key: "a", value: "1", appliedSeconds: 60, specSeconds: 60.5, takenSeconds: 59 }];
    expect(changeWindows(marks, 300, 15)).to.deep.equal([{ fromSeconds: 60, toSeconds: 60 }]);
  });
});
