/**
 * The figures a run is compared by (--baseline), read off what its JSON
 * records, and each judged against the previous run's by its tolerance and
 * the way it gets worse. A figure a run did not show is "—" and not judged.
 * Pure.
 */
import { median } from "../shared/stats";
import type { DemandSummary, Expectations, FigureComparison, FigureName, LoadSummary, Sample } from "../shared/results";
import { changeText, figureText, plural, toleranceText } from "../shared/text";
import { replicasOf } from "./explanations";
import { FIGURE_NAMES, FIGURES, type Tolerances } from "./tolerance";

/** What the figures are read from: a result, or a previous run's JSON. */
export interface RecordedRun {
  expectations: Expectations;
  series: Sample[];
  load: Pick<LoadSummary, "url" | "p99Ms" | "failed" | "durationSeconds" | "origin">;
  demand?: Pick<DemandSummary, "targetMillicores" | "producedMillicores" | "costMs" | "calibration"> | null;
}

interface Figure {
  label: string;
  unit: FigureComparison["unit"];
  value: number | null;
}

/** The floor a scale-down comes back to: a scenario's last phase may set its own. */
const floorOf = (e: Expectations): number => e.scenario?.endsAtMinReplicas ?? e.minReplicas;

/** Seconds from load stop (a scenario: from its last phase's start) to the first sample back at the floor. */
function timeToMin(run: RecordedRun): Figure {
  const e = run.expectations;
  const last = e.phases?.[e.phases.length - 1];
  const from = e.scenario && last ? last.fromSeconds : run.load.durationSeconds;
  const floor = floorOf(e);
  const label = `time back at ${plural(floor, "replica")} ${e.scenario && last ? `from phase ${last.name}` : "after load stopped"}`;
  const above = run.series.some((s) => s.t >= 0 && replicasOf(s) > floor);
  const back = run.series.find((s) => s.t >= from && (s.currentReplicas ?? s.readyReplicas) <= floor);
  return { label, unit: "s", value: above && back ? back.t - from : null };
}

/** Every figure of a run; a scenario has no single N, so no time to N. */
export function figuresOf(run: RecordedRun): Record<FigureName, Figure> {
  const e = run.expectations;
  const during = run.series.filter((s) => s.t >= 0);
  const reached = e.scenario ? undefined : during.find((s) => s.readyReplicas >= e.scaleUpReplicas);
  const d = run.demand ?? undefined;
  return {
    "time-to-n": {
      label: `time to ${plural(e.scaleUpReplicas, "ready replica")}`,
      unit: "s",
      value: reached?.t ?? null,
    },
    "peak-replicas": {
      label: "peak replicas",
      unit: "",
      value: during.length ? Math.max(...during.map(replicasOf)) : null,
    },
    "time-to-min": timeToMin(run),
    p99: { label: "p99 latency", unit: "ms", value: run.load.p99Ms },
    "failed-requests": {
      label: "failed requests",
      unit: "",
      value: run.load.failed + (d?.calibration?.failed ?? 0),
    },
    demand: { label: "produced demand", unit: "m", value: d?.producedMillicores ?? null },
    cost: { label: "a request's CPU cost", unit: "ms", value: d?.costMs ?? null },
  };
}

/** The run's sample interval: the median gap between its samples, 0 with fewer than two. */
export function sampleInterval(series: Sample[]): number {
  const gaps = series.slice(1).map((s, i) => s.t - series[i].t);
  return median(gaps) ?? 0;
}

/** What the judgement needs beside the two values. */
interface Context {
  tolerance: number | null;
  /** A time figure is read off samples: a change within one interval is not measurable. */
  resolutionSeconds: number;
  /** Why the figure does not compare between these two runs, when it does not. */
  incomparable?: string;
}

/** One figure beside the previous run's, judged. */
function compareFigure(figure: FigureName, previous: Figure, current: Figure, ctx: Context): FigureComparison {
  const p = previous.value;
  const c = current.value;
  // From 0, a rise has no relative size; 0 to 0 is no change.
  const change = p === null || c === null ? null : p === 0 ? (c === 0 ? 0 : null) : c / p - 1;
  const base = {
    figure,
    label: current.label,
    unit: current.unit,
    previous: p,
    current: c,
    change,
    tolerance: ctx.tolerance,
  };
  if (p === null || c === null) {
    const note =
      p === null && c === null
        ? "neither run showed it"
        : `${p === null ? "the previous" : "this"} run did not show it`;
    return { ...base, outcome: "not judged", note };
  }
  if (ctx.tolerance === null) {
    const note = FIGURES[figure].worse === "reported" ? "reported only" : "tolerance off";
    return { ...base, outcome: "not judged", note };
  }
  if (ctx.incomparable) return { ...base, outcome: "not judged", note: ctx.incomparable };
  const limit = p * (1 + ctx.tolerance);
  const beyond = FIGURES[figure].worse === "higher" ? c > limit + 1e-9 : c < limit - 1e-9;
  if (beyond && current.unit === "s" && c - p <= ctx.resolutionSeconds) {
    return {
      ...base,
      outcome: "within",
      note: `within one sample interval (${figureText(ctx.resolutionSeconds, "s")})`,
    };
  }
  return { ...base, outcome: beyond ? "worse" : "within" };
}

/** Every figure of this run beside the previous run's, each judged by its tolerance. */
export function compareFigures(
  previous: RecordedRun,
  current: RecordedRun,
  tolerances: Tolerances,
): FigureComparison[] {
  const before = figuresOf(previous);
  const now = figuresOf(current);
  const resolutionSeconds = Math.max(sampleInterval(previous.series), sampleInterval(current.series));
  const from = (r: RecordedRun) => r.load.origin?.from ?? "local";
  const origins =
    from(previous) === from(current)
      ? undefined
      : `loaded from ${from(previous) === "cluster" ? "the cluster" : "this machine"} before and from ${from(current) === "cluster" ? "the cluster" : "this machine"} now`;
  return FIGURE_NAMES.map((f) =>
    compareFigure(f, before[f], now[f], {
      tolerance: tolerances[f],
      resolutionSeconds,
      incomparable: f === "p99" ? origins : undefined,
    }),
  );
}

/** The sentence for a figure beyond its tolerance: both values, the change and the tolerance. */
export function worseSentence(c: FigureComparison, file: string): string {
  const change = c.change === null ? "" : ` (${changeText(c.change)})`;
  const lighter = c.figure === "demand" ? ": a lighter load is a weaker test" : "";
  return `${c.label} was ${figureText(c.current, c.unit)} against ${figureText(c.previous, c.unit)} in ${file}${change}, beyond the ${toleranceText(c.tolerance)} tolerance${lighter}`;
}
