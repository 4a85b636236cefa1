/** A run's report as a file's contents: the chart as SVG, or the whole run as one self-contained HTML page. */
import type { ScaleTestResult } from "../shared/results";
import { reportChartSpec } from "./chart";
import { reportPage } from "./html";

export type ReportFormat = "html" | "svg";

/**
 * The report for `result`: "svg" is the chart titled with the verdict; "html"
 * is the page with the verdict on top, the same chart (drawn by Vega in the
 * page) and the run's tables, needing no network to open.
 */
export async function renderReport(result: ScaleTestResult, format: ReportFormat): Promise<string> {
  // Vega loads only when a report is drawn, so the text formatters stay quick to import.
  const { compileVega, renderSvg } = await import("./render-svg");
  if (format === "svg") return renderSvg(reportChartSpec(result, { verdictTitle: true }));
  return reportPage(result, compileVega(reportChartSpec(result)));
}

/** The format a report file's name asks for (`run.html`, `run.svg`), case-insensitive; undefined for any other. */
export function reportFormatOf(file: string): ReportFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  return ext === "html" || ext === "htm" ? "html" : ext === "svg" ? "svg" : undefined;
}
