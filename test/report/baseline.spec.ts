import { expect } from "chai";
import { formatBaseline } from "../../automation/report";
import { baselineTable } from "../../automation/report/baseline";
import { reportPage } from "../../automation/report/html";
import type { BaselineComparison } from "../../automation/shared/results";
import { passingRun } from "../support/report-runs";

/** A comparison as the scale test writes it: time to N 60 % slower, p99 missing in this run, the cost off. */
const COMPARISON: BaselineComparison = {
  file: "run-1.json",
  compared: ["--target", "backend.autoscaling.maxReplicas"],
  passed: false,
  message: "Time to 4 ready replicas was 48 s against 30 s in run-1.json (+60 %), beyond the +20 % tolerance.",
  figures: [
    {
      figure: "time-to-n",
      label: "time to 4 ready replicas",
      unit: "s",
      previous: 30,
      current: 48,
      change: 0.6,
      tolerance: 0.2,
      outcome: "worse",
    },
    {
      figure: "p99",
      label: "p99 latency",
      unit: "ms",
      previous: 209.66,
      current: null,
      change: null,
      tolerance: 1,
      outcome: "not judged",
      note: "this run did not show it",
    },
    {
      figure: "demand",
      label: "produced demand",
      unit: "m",
      previous: 725,
      current: 700,
      change: 700 / 725 - 1,
      tolerance: -0.25,
      outcome: "within",
    },
    {
      figure: "cost",
      label: "a request's CPU cost",
      unit: "ms",
      previous: 14.35,
      current: 16.84,
      change: 16.84 / 14.35 - 1,
      tolerance: null,
      outcome: "not judged",
      note: "tolerance off",
    },
  ],
};

describe("report: the comparison with a previous run", () => {
  // The page inlines Vega's build (a 1 MB read): rendered once, before the specs.
  let page: string;
  before(() => {
    page = reportPage({ ...passingRun(), baseline: COMPARISON }, {});
  });

  it("sets each figure beside the previous one with the change, the tolerance and the judgement, then the sentence", () => {
    const text = formatBaseline(COMPARISON);
    const lines = text.split("\n");
    expect(lines[0]).to.equal("Compared with run-1.json (2 properties of the setup compared, all the same):");
    const row = (label: string) =>
      lines
        .find((l) => l.includes(label))
        ?.split("│")
        .map((c) => c.trim())
        .filter(Boolean);
    expect(row("time to 4")).to.deep.equal(["time to 4 ready replicas", "30 s", "48 s", "+60 %", "+20 %", "WORSE"]);
    // 700 / 725 = 0.9655: -3 %; 16.84 / 14.35 = 1.1735: +17 %.
    expect(row("produced demand")).to.deep.equal(["produced demand", "725m", "700m", "-3 %", "-25 %", "within"]);
    expect(row("p99")).to.deep.equal([
      "p99 latency",
      "209.7 ms",
      "—",
      "—",
      "+100 %",
      "not judged (this run did not show it)",
    ]);
    expect(row("CPU cost")).to.deep.equal([
      "a request's CPU cost",
      "14.4 ms",
      "16.8 ms",
      "+17 %",
      "—",
      "not judged (tolerance off)",
    ]);
    expect(lines.at(-1)).to.equal(COMPARISON.message);
  });

  it("marks the worse figure in the HTML table and puts the comparison under the verdict's checks", () => {
    expect(baselineTable(COMPARISON)).to.include('<td class="fail">WORSE</td>');
    const at = page.indexOf("<h2>Compared with run-1.json</h2>");
    expect(at).to.be.greaterThan(page.indexOf('class="checks"'));
    expect(at).to.be.lessThan(page.indexOf('<div id="chart"'));
    expect(page).to.include("beyond the +20 % tolerance.</p>");
  });
});
