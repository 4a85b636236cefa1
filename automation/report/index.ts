/**
 * The report's one door: what a run's results look like to people. Text
 * formatters for the terminal (each returns a string), the verdict in one
 * sentence, and renderReport for the `--report` file, HTML or SVG. Takes plain
 * results (shared/results.ts) only; never imports the tool that produced them.
 *
 * - format.ts: the text formatters, format-syncs.ts the HPA syncs beside the model's band and replay;
 * - verdict-line.ts: the verdict in one sentence;
 * - chart.ts with chart-replicas.ts, chart-panels.ts, chart-time.ts and chart-data.ts: the Vega-Lite chart;
 * - render-svg.ts: Vega-Lite to Vega to SVG; html.ts with html-tables.ts: the page;
 * - baseline.ts: the comparison with a previous run (--baseline);
 * - render.ts: the report file for a run.
 */
export {
  formatDemand,
  formatEvents,
  formatExpectations,
  formatLoadSummary,
  formatPhases,
  formatProgress,
  formatSeriesTable,
  formatVerdict,
} from "./format";
export { formatBaseline } from "./baseline";
export { formatSyncs } from "./format-syncs";
export { reportChartSpec } from "./chart";
export type { ChartInput, ChartOptions } from "./chart";
export { renderReport, reportFormatOf } from "./render";
export type { ReportFormat } from "./render";
export { verdictSentence } from "./verdict-line";
