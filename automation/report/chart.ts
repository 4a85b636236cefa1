/**
 * Builds the scale test's chart as one Vega-Lite spec: the replicas panel
 * (band, observed counts, out-of-band crosses, deadline, limits) over CPU,
 * demand, rate and latency panels on a shared time axis, titled with the
 * verdict. Pure: it returns the spec; render-svg.ts turns it into SVG, and
 * the HTML report has Vega draw the same spec in the page.
 */
import type { TopLevelSpec } from "vega-lite";
import { cpuPanel, demandPanel, latencyPanel, ratePanel } from "./chart-panels";
import { replicaPanels } from "./chart-replicas";
import type { ChartInput, TimeSpan } from "./chart-time";
import { verdictSentence, wrap } from "./verdict-line";

export type { ChartInput };

export interface ChartOptions {
  /** Put the verdict sentence in the chart's title (the SVG); the HTML page shows it above the chart instead. */
  verdictTitle?: boolean;
}

/** From the first sample (or load start) to the last sample, the envelope's end or the load's stop. */
function timeSpan(input: ChartInput): TimeSpan {
  const ts = input.series.map((s) => s.t);
  const loadStops = input.load?.durationSeconds;
  const from = Math.min(0, ...ts);
  const to = Math.max(from + 1, ...ts, loadStops ?? 0, input.expectations.scaleUpWithinSeconds);
  return { from, to, loadStops };
}

/** The chart spec for a run. */
export function reportChartSpec(input: ChartInput, options: ChartOptions = {}): TopLevelSpec {
  const span = timeSpan(input);
  const heading = `FeastFlow ${input.expectations.target}: replicas against the model's band, and the load under them`;
  const title =
    options.verdictTitle && input.verdict
      ? { text: wrap(verdictSentence(input.verdict), 110), subtitle: heading, anchor: "start" as const, fontSize: 14 }
      : { text: heading, anchor: "start" as const, fontSize: 13 };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    vconcat: [
      ...replicaPanels(input, span),
      cpuPanel(input, span),
      demandPanel(input, span),
      ratePanel(input, span),
      latencyPanel(input, span),
    ],
    spacing: 14,
    resolve: {
      scale: {
        x: "shared",
        color: "independent",
        fill: "independent",
        shape: "independent",
        stroke: "independent",
        strokeDash: "independent",
      },
    },
    config: {
      font: "DejaVu Sans, Helvetica, Arial, sans-serif",
      legend: { titleLimit: 0, labelLimit: 0, orient: "right" },
      axis: { titleFontSize: 11, labelFontSize: 10 },
      view: { stroke: "#ccc" },
    },
  };
}
