import { expect } from "chai";
import { reportChartSpec } from "../../automation/report/chart";
import { BAND_PAD, bandRows, outsideRows, replicaRows } from "../../automation/report/chart-data";
import { renderSvg } from "../../automation/report/render-svg";
import { labelRows, WIDTH, type Moment } from "../../automation/report/chart-time";
import type { SampleJudgement } from "../../automation/shared/results";
import { failingRun, passingRun } from "../support/report-runs";
import { expectations, series } from "../support/series";

type Node = { name?: string; data?: { values: Array<Record<string, unknown>> }; layer?: Node[]; vconcat?: Node[] };

/** Every layer of the spec, depth first, with its panel's index. */
function layers(spec: unknown): Array<Node & { panel: number }> {
  const top = spec as Node;
  const walk = (n: Node, panel: number): Array<Node & { panel: number }> => [
    { ...n, panel },
    ...(n.layer ?? []).flatMap((l) => walk(l, panel)),
  ];
  return (top.vconcat ?? []).flatMap((p, i) => walk(p, i));
}

const named = (spec: unknown, name: string) => layers(spec).find((l) => l.name === name)?.data?.values ?? [];
/** The texts the spec writes on the chart (labels of rules and levels). */
const texts = (spec: unknown): string[] =>
  layers(spec).flatMap((l) => (l.data?.values ?? []).map((v) => String(v.label ?? v.name ?? "")));

const band = (minReady: number, maxReady: number, minDesired: number, maxDesired: number) => ({
  minReady,
  maxReady,
  minDesired,
  maxDesired,
});

describe("chart data", () => {
  const seen = series([
    [0, 2, 2, 40],
    [5, 2, 4, 80],
    [10, 2, 4, 90],
  ]);

  it("draws a band of one value as a stripe one replica tall, centred on the value", () => {
    const rows = bandRows(seen, expectations(), { samples: [{ t: 0, band: band(4, 4, 4, 4) }] });
    const ready = rows.filter((r) => r.count === "ready");
    expect(BAND_PAD).to.equal(0.5);
    expect(ready[0]).to.include({ t: 0, low: 4, high: 4, y: 3.5, y2: 4.5, allowed: "4" });
  });

  it("takes the band from the verdict's judgement of each sample, held to the next sample and the last one an interval more", () => {
    // The envelope says 9–9 throughout; the verdict judged against 2–2, then 2–5, then 4–5: the chart shows the latter.
    const envelope = [0, 5, 10].map((t) => ({ t, minReady: 9, maxReady: 9, minDesired: 9, maxDesired: 9 }));
    const samples: SampleJudgement[] = [
      { t: 0, band: band(2, 2, 2, 2) },
      { t: 5, band: band(2, 5, 2, 5) },
      { t: 10, band: band(4, 5, 4, 5) },
    ];
    const rows = bandRows(seen, expectations({ envelope }), { samples });
    expect(rows.filter((r) => r.count === "ready").map((r) => [r.t, r.low, r.high])).to.deep.equal([
      [0, 2, 2],
      [5, 2, 5],
      [10, 4, 5],
      [15, 4, 5],
    ]);
    expect(rows.filter((r) => r.count === "desired").map((r) => [r.t, r.allowed])).to.deep.equal([
      [0, "2"],
      [5, "2–5"],
      [10, "4–5"],
      [15, "4–5"],
    ]);
  });

  it("leaves out samples the verdict judged with no band (before the envelope starts)", () => {
    const rows = bandRows(seen, expectations(), { samples: [{ t: 0 }, { t: 5, band: band(2, 3, 2, 3) }] });
    expect(rows.map((r) => r.t)).to.deep.equal([5, 5, 6, 6]);
  });

  it("falls back to the envelope from load start when the verdict kept no judgements", () => {
    const envelope = [-1, 0, 1].map((t) => ({ t, minReady: 2, maxReady: 3, minDesired: 2, maxDesired: 4 }));
    const rows = bandRows(seen, expectations({ envelope }), {});
    expect(rows.map((r) => [r.t, r.count, r.allowed])).to.deep.equal([
      [0, "ready", "2–3"],
      [0, "desired", "2–4"],
      [1, "ready", "2–3"],
      [1, "desired", "2–4"],
    ]);
  });

  it("lists desired, current and ready per sample, skipping unknown counts", () => {
    const rows = replicaRows([{ ...seen[0], desiredReplicas: null }, seen[1]]);
    expect(rows).to.deep.equal([
      { t: 0, series: "current", replicas: 2 },
      { t: 0, series: "ready", replicas: 2 },
      { t: 5, series: "desired", replicas: 4 },
      { t: 5, series: "current", replicas: 4 },
      { t: 5, series: "ready", replicas: 2 },
    ]);
  });

  it("marks the samples the verdict judged outside at the count that left, and no other", () => {
    const judged: SampleJudgement[] = [
      { t: 0, band: band(2, 2, 2, 2) },
      { t: 5, band: band(2, 2, 2, 3), outside: { count: "desired", side: "above" } },
      { t: 10, band: band(3, 5, 3, 5), outside: { count: "ready", side: "below" } },
    ];
    expect(outsideRows(seen, judged)).to.deep.equal([
      { t: 5, replicas: 4, count: "desired", side: "above", allowed: "2–3", label: "desired 4 above 2–3" },
      { t: 10, replicas: 2, count: "ready", side: "below", allowed: "3–5", label: "ready 2 below 3–5" },
    ]);
  });

  it("does not place a judgement on a sample of another moment", () => {
    expect(outsideRows(seen, [{ t: 3, outside: { count: "ready", side: "below" } }])).to.deep.equal([]);
  });
});

describe("scale chart", () => {
  it("crosses, in the ready and desired panels, exactly the samples the verdict judged outside", () => {
    const spec = reportChartSpec(failingRun());
    const times = (name: string) => named(spec, name).map((r) => r.t);
    // By hand from the fixture: 2 ready under a band of 5 from 105 to 135 s; desired 2 under 5 at 90–100 s, 8 over 5 at 195–205 s.
    expect(times("ready_outside")).to.deep.equal([105, 110, 115, 120, 125, 130, 135]);
    expect(times("desired_outside")).to.deep.equal([90, 95, 100, 195, 200, 205]);
    expect(named(spec, "desired_outside").map((r) => r.replicas)).to.deep.equal([2, 2, 2, 8, 8, 8]);
    expect(named(reportChartSpec(passingRun()), "ready_outside")).to.deep.equal([]);
  });

  it("draws each band, and the ready, desired and current lines, in their own named layers", () => {
    const spec = reportChartSpec(passingRun());
    for (const name of ["ready_band", "desired_band", "ready_line", "desired_line", "current_line"]) {
      expect(named(spec, name), name).to.have.length.above(0);
    }
    const ready = layers(spec).find((l) => l.name === "ready_line");
    const desired = layers(spec).find((l) => l.name === "desired_line");
    expect([ready?.panel, desired?.panel]).to.deep.equal([0, 1]); // desired cannot hide under ready
  });

  it("labels the window for N, maxReplicas, the room, the phases, the config change, load start and stop", () => {
    const labels = texts(reportChartSpec(failingRun()));
    for (const label of [
      "4 ready within 85–100 s",
      "maxReplicas 10",
      "room: 8 pods fit",
      "warm-up",
      "rush",
      "scaleDown.stabilizationWindowSeconds = 60: applied at 150 s, in the HPA at 156 s",
      "load starts",
      "load stops",
      "HPA target 70 %",
      "aimed at 710m",
      "produced 700m (median from 65 s)",
      "needed for N: 468m",
    ]) {
      expect(labels, label).to.include(label);
    }
  });

  it("puts a moment's label on the lowest row free of the labels before it", () => {
    const span = { from: 0, to: WIDTH }; // 1 s a pixel
    const at = (t: number, label: string): Moment => ({ t, label, color: "#000" });
    // "load starts" reaches 3 + 11 × 6 = 69 px; a config change at 20 s needs a row of its own; the next
    // moment past both labels' ends takes the lowest row again.
    const start = at(0, "load starts");
    const change = at(20, "maxReplicas = 20: applied at 20 s");
    const after = at(40, "x");
    const stop = at(250, "load stops");
    const rows = labelRows([stop, change, start, after], span);
    expect([start, change, after, stop].map((m) => rows.get(m))).to.deep.equal([0, 1, 2, 0]);
    // Far apart, all share the lowest row.
    const spread = labelRows([at(0, "a"), at(100, "b"), at(200, "c")], span);
    expect([...spread.values()]).to.deep.equal([0, 0, 0]);
  });

  it("ticks the replicas axis at whole numbers only", () => {
    const spec = JSON.stringify(reportChartSpec(failingRun()));
    const values = [...spec.matchAll(/"title":"(ready|desired) replicas[^"]*".*?"values":\[([\d,.]+)\]/g)].map(
      (m) => m[2],
    );
    expect(values).to.have.length.above(0);
    for (const v of values)
      expect(
        v.split(",").every((n) => Number.isInteger(Number(n))),
        v,
      ).to.equal(true);
  });

  it("keeps a scale of hundreds readable: a dozen ticks at most, and room far above said beside maxReplicas", () => {
    const run = failingRun();
    run.expectations.maxReplicas = 200;
    run.series = run.series.map((s, i) => ({ ...s, readyReplicas: Math.min(200, 2 + i * 10) }));
    const spec = reportChartSpec({ ...run, room: { ...run.room!, pods: 1000 } } as never);
    const text = JSON.stringify(spec);
    const values = [...text.matchAll(/"title":"ready replicas".*?"values":\[([\d,.]+)\]/g)].map((m) =>
      m[1].split(",").map(Number),
    );
    expect(values).to.have.length.above(0);
    for (const v of values) {
      expect(v.length, v.join(",")).to.be.at.most(13);
      expect(v.every((n) => Number.isInteger(n))).to.equal(true);
      expect(Math.max(...v), "the scale stops near the counts, not at the room").to.be.below(300);
    }
    expect(texts(spec)).to.include("maxReplicas 200; room: 1000 pods fit");
  });

  it("keeps the scale near the counts when maxReplicas is far above them, and says the ceiling at the top", () => {
    const run = failingRun();
    run.expectations.maxReplicas = 200;
    const spec = reportChartSpec(run);
    const text = JSON.stringify(spec);
    const tops = [...text.matchAll(/"title":"(?:ready|desired) replicas[^"]*","scale":\{"domain":\[0,(\d+)\]/g)];
    expect(tops, "replica scales").to.have.length.above(0);
    for (const m of tops) expect(Number(m[1]), "the scale's top").to.be.below(30);
    expect(texts(spec)).to.include("maxReplicas 200 (above the scale)");
    // Over the panel's top edge, not inside it where the phase names are.
    const label = layers(spec).find((l) => (l.data?.values ?? []).some((v) => String(v.label).includes("above the")));
    expect((label as { mark?: { baseline?: string; dy?: number } }).mark).to.include({ baseline: "bottom", dy: -3 });
    const rules = layers(spec).filter((l) => (l as { mark?: { type?: string } }).mark?.type === "rule");
    expect(
      rules.flatMap((l) => l.data?.values ?? []).some((v) => v.y === 200),
      "a rule at 200",
    ).to.equal(false);
  });

  it("titles the SVG with the verdict in one sentence", async () => {
    const svg = await renderSvg(reportChartSpec(failingRun(), { verdictTitle: true }));
    expect(svg).to.match(/^<svg/);
    expect(svg).to.include("FAILED: At 90 s the HPA asked for 2 replicas");
    expect(svg).to.include("ready_outside_marks");
  });
});
