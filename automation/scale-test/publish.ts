/**
 * Where a run's result goes: for people, the expectations, the table with
 * the model's band, the HPA's events, the load, the demand and the verdict on
 * stdout (stderr when the JSON takes stdout); for machines, --json; and the
 * --report chart. Formatting is the report's (../report); this only routes.
 */
import { writeFileSync } from "node:fs";
import { scaleChartSpec } from "../report/chart";
import type { ScaleTestResult } from "../shared/results";
import type { ScaleTestOptions } from "./options";
import type { Progress } from "./progress";

/** Where the CLI writes: stdout for results, and the progress channel (stderr). */
export interface CliIo {
  out: (text: string) => void;
  progress: Progress;
}

/** The --json document: every part of the result, absent parts as null. */
function resultJson(r: ScaleTestResult): Record<string, unknown> {
  return {
    verdict: r.verdict,
    expectations: r.expectations,
    demand: r.demand ?? null,
    measured: r.measured ?? null,
    room: r.room ?? null,
    load: r.load,
    series: r.series,
  };
}

/** Results for people on stdout (stderr when the JSON goes to stdout), and the requested files. */
export async function publish(result: ScaleTestResult, options: ScaleTestOptions, io: CliIo): Promise<void> {
  const { formatDemand, formatEvents, formatExpectations, formatLoadSummary, formatSeriesTable, formatVerdict } =
    await import("../report/format");
  const people = options.jsonFile === "-" ? io.progress.warn : io.out;
  people(formatExpectations(result.expectations));
  people(formatSeriesTable(result.series, result.expectations));
  const events = formatEvents(result.series);
  if (events) people(events);
  people(formatLoadSummary(result.load));
  if (result.demand) people(formatDemand(result.demand));
  people(formatVerdict(result.verdict));
  if (options.jsonFile) {
    const json = JSON.stringify(resultJson(result), null, 2);
    if (options.jsonFile === "-") io.out(json);
    else {
      writeFileSync(options.jsonFile, `${json}\n`);
      io.progress.note(`Wrote ${options.jsonFile}.`);
    }
  }
  if (options.reportFile) {
    const { renderSvg } = await import("../report/render-svg");
    writeFileSync(options.reportFile, await renderSvg(scaleChartSpec(result.series, result.expectations)));
    io.progress.note(`Wrote ${options.reportFile}.`);
  }
}
