/**
 * Where a run's result goes: for people, the expectations, the table with
 * the band each sample was judged against, the HPA's events, the load, the
 * demand, the comparison with a previous run and the verdict on stdout (stderr when the JSON takes stdout); for
 * machines, --json; and the --report file, HTML or SVG by its name.
 * Formatting is the report's (../report); this only routes.
 */
import { writeFileSync } from "node:fs";
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
    phases: r.phases ?? null,
    configChanges: r.configChanges ?? null,
    syncs: r.syncs ?? null,
    load: r.load,
    series: r.series,
    setup: r.setup ?? null,
    baseline: r.baseline ?? null,
  };
}

/** Results for people on stdout (stderr when the JSON goes to stdout), and the requested files. */
export async function publish(result: ScaleTestResult, options: ScaleTestOptions, io: CliIo): Promise<void> {
  const report = await import("../report");
  const people = options.jsonFile === "-" ? io.progress.warn : io.out;
  people(report.formatExpectations(result.expectations));
  people(report.formatSeriesTable(result.series, result.verdict.samples));
  const events = report.formatEvents(result.series);
  if (events) people(events);
  const syncs = report.formatSyncs(result.syncs);
  if (syncs) people(syncs);
  people(report.formatLoadSummary(result.load));
  if (result.demand) people(report.formatDemand(result.demand));
  if (result.baseline) people(report.formatBaseline(result.baseline));
  people(report.formatVerdict(result.verdict));
  if (options.jsonFile) {
    const json = JSON.stringify(resultJson(result), null, 2);
    if (options.jsonFile === "-") io.out(json);
    else {
      writeFileSync(options.jsonFile, `${json}\n`);
      io.progress.note(`Wrote ${options.jsonFile}.`);
    }
  }
  if (options.reportFile) {
    // options.ts accepts only names whose format the report knows.
    const format = report.reportFormatOf(options.reportFile) ?? "svg";
    writeFileSync(options.reportFile, await report.renderReport(result, format));
    io.progress.note(`Wrote ${options.reportFile} (${format.toUpperCase()}).`);
  }
}
