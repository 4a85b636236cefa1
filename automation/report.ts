/**
 * Pure formatters for the scale test's results: each returns a string and
 * prints nothing, so the CLI decides where text goes (stdout) and tests can
 * assert on it.
 */
import Table from "cli-table3";
import type { Expectations, LoadSummary, Sample, Verdict } from "./types";

const dash = (value: number | null, digits = 0): string => (value === null ? "-" : value.toFixed(digits));

/** The observed series as a table: time, CPU %, desired, current, ready, req/s, p99 ms, errors. */
export function formatSeriesTable(series: Sample[]): string {
  const table = new Table({
    head: ["t (s)", "CPU %", "desired", "current", "ready", "req/s", "p99 ms", "errors", "pods"],
    colAligns: ["right", "right", "right", "right", "right", "right", "right", "right", "left"],
    style: { head: [], border: [] }, // no ANSI colours: the table may go to a file or a pipe
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" }, // no rule between rows: a long run stays readable
  });
  for (const s of series) {
    table.push([
      s.t.toFixed(0),
      dash(s.cpuUtilization),
      dash(s.desiredReplicas),
      dash(s.currentReplicas),
      String(s.readyReplicas),
      s.reqPerSec.toFixed(0),
      dash(s.p99Ms),
      String(s.errors),
      formatPhases(s.podPhases),
    ]);
  }
  return table.toString();
}

/** `Running 3, Pending 1`, phases in a stable order. */
export function formatPhases(phases: Record<string, number>): string {
  return Object.keys(phases)
    .sort()
    .map((phase) => `${phase} ${phases[phase]}`)
    .join(", ");
}

/** HPA events seen during the run (e.g. SuccessfulRescale), one line each with its time; empty when none. */
export function formatEvents(series: Sample[]): string {
  const lines = series.flatMap((s) => s.events.map((event) => `  t=${s.t.toFixed(0)} s  ${event}`));
  return lines.length > 0 ? ["HPA events:", ...lines].join("\n") : "";
}

/** One line of load figures. */
export function formatLoadSummary(load: LoadSummary): string {
  return (
    `Load: ${load.requests} requests in ${load.durationSeconds.toFixed(0)} s (${load.reqPerSec.toFixed(1)} req/s) ` +
    `over ${load.connections} connections to ${load.url}; latency p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms; ` +
    `${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx.`
  );
}

/** The expectations and how they were derived. */
export function formatExpectations(e: Expectations): string {
  return [`Expected for ${e.target}:`, ...e.derivation.map((line) => `  ${line}`)].join("\n");
}

/** PASS/FAIL per check, the likely causes of failures, and the overall result. */
export function formatVerdict(verdict: Verdict): string {
  const lines = verdict.checks.map((c) => `${c.passed ? "PASS" : "FAIL"} ${c.name}: ${c.message}`);
  if (verdict.explanations.length > 0) {
    lines.push("Why:", ...verdict.explanations.map((why) => `  - ${why}`));
  }
  lines.push(verdict.passed ? "Scale test passed." : "Scale test FAILED.");
  return lines.join("\n");
}

/** The live progress line (stderr, TTY only): the newest sample in one line. */
export function formatProgress(s: Sample): string {
  const cpu = s.cpuUtilization === null ? "cpu -" : `cpu ${s.cpuUtilization}%`;
  return (
    `t=${s.t.toFixed(0)}s ${cpu} desired ${dash(s.desiredReplicas)} current ${dash(s.currentReplicas)} ready ${s.readyReplicas}` +
    ` | ${s.reqPerSec.toFixed(0)} req/s p99 ${dash(s.p99Ms)} ms | ${s.errors} failed`
  );
}
