/**
 * --baseline PREVIOUS.json: this run's figures beside a previous run's. The
 * previous JSON is read and checked, and refused when it is a run of another
 * config or scenario (run-setup.ts), before anything is deployed; after the
 * run each figure is judged by its tolerance (baseline-figures.ts,
 * tolerance.ts), and a figure beyond it fails the verdict.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../shared/errors";
import type { BaselineComparison, RunSetup, ScaleTestResult } from "../shared/results";
import { compareFigures, worseSentence, type RecordedRun } from "./baseline-figures";
import { recordedFacets, setupDifferences, setupFacets, type RecordedSetup } from "./run-setup";
import type { Tolerances } from "./tolerance";

/** A previous run as its JSON holds it: what the figures and the setup comparison read. */
export type Baseline = RecordedRun & RecordedSetup & { file: string };

/** Far above any run's JSON (a day-long scenario is a few MB). */
const MAX_FILE_BYTES = 64 * 2 ** 20;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** The first field a scale-test JSON must have and this one lacks (or holds the wrong type), or undefined. */
function missingField(j: Record<string, unknown>): string | undefined {
  const e = j.expectations;
  const load = j.load;
  const checks: Array<[string, boolean]> = [
    ["verdict", isObject(j.verdict)],
    ["expectations", isObject(e)],
    ["expectations.target", isObject(e) && (e.target === "backend" || e.target === "frontend")],
    ["expectations.minReplicas", isObject(e) && isNumber(e.minReplicas)],
    ["expectations.maxReplicas", isObject(e) && isNumber(e.maxReplicas)],
    ["expectations.scaleUpReplicas", isObject(e) && isNumber(e.scaleUpReplicas)],
    ["load", isObject(load)],
    ["load.url", isObject(load) && typeof load.url === "string"],
    ["load.p99Ms", isObject(load) && (load.p99Ms === null || isNumber(load.p99Ms))],
    ["load.failed", isObject(load) && isNumber(load.failed)],
    ["load.durationSeconds", isObject(load) && isNumber(load.durationSeconds)],
    [
      "series",
      Array.isArray(j.series) && j.series.every((s) => isObject(s) && isNumber(s.t) && isNumber(s.readyReplicas)),
    ],
    ["demand", j.demand === undefined || j.demand === null || (isObject(j.demand) && isNumber(j.demand.costMs))],
    [
      "setup",
      j.setup === undefined ||
        j.setup === null ||
        (isObject(j.setup) && isObject(j.setup.autoscaling) && isObject(j.setup.resources)),
    ],
  ];
  return checks.find(([, ok]) => !ok)?.[0];
}

/**
 * Reads a previous run's --json file, resolved from where npm was run; a file
 * that is missing, unreadable or not a scale-test JSON is a UsageError naming it.
 */
export function readBaseline(file: string, cwd: string = process.env.INIT_CWD ?? process.cwd()): Baseline {
  const path = resolve(cwd, file);
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`--baseline ${file} is not a file: give a previous run's --json file.`);
    if (stat.size > MAX_FILE_BYTES)
      throw new UsageError(
        `--baseline ${file} is over ${MAX_FILE_BYTES / 2 ** 20} MiB, larger than any scale-test JSON.`,
      );
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT"
        ? `--baseline ${file} does not exist: give a previous run's --json file.`
        : `--baseline ${file} cannot be read (${code ?? (err as Error).message}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--baseline ${file} is not JSON, so it is no scale-test --json file.`);
  }
  const missing = isObject(json) ? missingField(json) : "an object at the top";
  if (missing !== undefined) {
    throw new UsageError(`--baseline ${file} is not a scale-test --json file: it has no valid ${missing}.`);
  }
  return { ...(json as unknown as RecordedRun & RecordedSetup), file };
}

/**
 * Refuses a previous run of another setup, naming what differs:
 * "--baseline run-1.json was a run of backend.autoscaling.maxReplicas 20, this one is 10: compare runs of one config."
 * Returns what was compared, for the report.
 */
export function checkBaseline(baseline: Baseline, setup: RunSetup): string[] {
  const previous = recordedFacets(baseline);
  const current = setupFacets(setup);
  const { compared, differ } = setupDifferences(previous, current);
  if (differ.length === 0) return compared;
  const bare = (k: string) => k === "scenario" || k === "scenario phases";
  const said = (facets: typeof current, k: string) => (bare(k) ? facets.get(k) : `${k} ${facets.get(k)}`);
  const before = differ.map((k) => said(previous, k)).join(" and ");
  const now =
    differ.length === 1 && !bare(differ[0])
      ? `is ${current.get(differ[0])}`
      : `of ${differ.map((k) => said(current, k)).join(" and ")}`;
  throw new UsageError(
    `--baseline ${baseline.file} was a run of ${before}, this one ${now}: compare runs of one config.`,
  );
}

/** This run's figures beside the baseline's, each judged; passed unless one is beyond its tolerance. */
export function compareWithBaseline(
  baseline: Baseline,
  result: RecordedRun,
  tolerances: Tolerances,
  compared: string[],
): BaselineComparison {
  const figures = compareFigures(baseline, result, tolerances);
  const worse = figures.filter((f) => f.outcome === "worse");
  const judged = figures.filter((f) => f.outcome !== "not judged").length;
  const more =
    worse.length > 1
      ? ` (and ${worse.length - 1} more: ${worse
          .slice(1)
          .map((f) => f.figure)
          .join(", ")})`
      : "";
  const message =
    worse.length > 0
      ? `${capitalize(worseSentence(worse[0], baseline.file))}${more}.`
      : `Against ${baseline.file}, none of the ${judged} judged figures is beyond its tolerance.`;
  return { file: baseline.file, compared, figures, passed: worse.length === 0, message };
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The result with the comparison in it, and in its verdict as the "baseline"
 * check: a figure beyond its tolerance fails a run that passed. An
 * inconclusive run stays inconclusive: too light a load is no regression.
 */
export function withBaseline(result: ScaleTestResult, comparison: BaselineComparison): ScaleTestResult {
  const check = { name: "baseline" as const, passed: comparison.passed, message: comparison.message };
  const v = result.verdict;
  const failed = !comparison.passed && v.outcome === "passed";
  const verdict = {
    ...v,
    checks: [...v.checks, check],
    ...(failed ? { passed: false, outcome: "failed" as const } : {}),
  };
  return { ...result, verdict, baseline: comparison };
}
