/**
 * What every panel of the chart shares: one time axis, and the moments that
 * matter on it (load start and stop, scenario phases, config changes), so a
 * step in the replicas lines up with the CPU, demand and latency under it.
 */
import type { Field } from "vega-lite/build/src/channeldef";
import type { LayerSpec, UnitSpec } from "vega-lite/build/src/spec";
import type { ConfigChangeMark, PhaseMark, ScaleTestResult } from "../shared/results";

/** What the chart draws: the series and expectations at least; the rest when the run has them. */
export type ChartInput = Pick<ScaleTestResult, "series" | "expectations"> &
  Partial<Pick<ScaleTestResult, "verdict" | "load" | "demand" | "room" | "phases" | "configChanges">>;

/** One layer of a panel. */
export type Layer = LayerSpec<Field> | UnitSpec<Field>;

/** The span the chart shows, seconds since load start, and where the load stopped. */
export interface TimeSpan {
  from: number;
  to: number;
  loadStops?: number;
}

export const WIDTH = 760;
export const COLORS = {
  ready: "#1b7a3a",
  desired: "#d9590b",
  current: "#3b6fb6",
  outside: "#d0021b",
  deadline: "#1f2d5c",
  target: "#b5121b",
  limit: "#555555",
  room: "#7b3fa0",
  config: "#7b3fa0",
  load: "#333333",
  cpu: "#333333",
  phase: "#e8e8ee",
} as const;

/** The time encoding; only the bottom panel shows the axis title. */
export function timeX(span: TimeSpan, titled: boolean) {
  return {
    field: "t",
    type: "quantitative" as const,
    title: titled ? "seconds since load start" : null,
    scale: { domain: [span.from, span.to], nice: false, zero: false },
    axis: { tickMinStep: 5 },
  };
}

/** Shaded phases, labelled at the top of the panel when `labelled`. */
export function phaseLayers(phases: PhaseMark[] | undefined, span: TimeSpan, labelled: boolean): Layer[] {
  if (!phases || phases.length === 0) return [];
  const rows = phases.map((p, i) => ({
    t: Math.max(p.fromSeconds, span.from),
    t2: Math.min(p.toSeconds, span.to),
    name: p.name,
    opacity: i % 2 === 0 ? 0.75 : 0.4,
    mid: (Math.max(p.fromSeconds, span.from) + Math.min(p.toSeconds, span.to)) / 2,
  }));
  const x = timeX(span, false);
  return [
    {
      data: { values: rows },
      mark: { type: "rect", color: COLORS.phase },
      encoding: {
        x,
        x2: { field: "t2" },
        // Alternate shades, so two phases side by side stay apart; no scale, so no legend and no clash with the lines'.
        opacity: { field: "opacity", type: "quantitative", scale: null },
        tooltip: [
          { field: "name", title: "phase" },
          { field: "t", title: "from (s)" },
          { field: "t2", title: "to (s)" },
        ],
      },
    },
    ...(labelled
      ? [
          {
            data: { values: rows },
            mark: {
              type: "text" as const,
              baseline: "top" as const,
              dy: 4,
              fontSize: 11,
              fontStyle: "italic",
              color: "#555",
            },
            encoding: { x: { ...x, field: "mid" }, y: { value: 0 }, text: { field: "name" } },
          },
        ]
      : []),
  ];
}

/** A moment on the time axis; a quiet one has its label only as a tooltip. */
export interface Moment {
  t: number;
  label: string;
  color: string;
  dash?: number[];
  quiet?: boolean;
}

/** A moment label's line height, and the width of one of its characters at its 10 px font (an upper estimate), px. */
const LABEL_ROW_PX = 12;
const LABEL_CHAR_PX = 6;

/**
 * Rows for the moments' labels, 0 the lowest: in time order, each label takes the lowest row whose last label
 * ends before this one's rule, so no two labels overlap however close their moments are.
 */
export function labelRows(labelled: Moment[], span: TimeSpan): Map<Moment, number> {
  const secondsPerPx = (span.to - span.from) / WIDTH;
  const ends: number[] = [];
  const rows = new Map<Moment, number>();
  for (const m of [...labelled].sort((a, b) => a.t - b.t)) {
    const free = ends.findIndex((end) => end < m.t);
    const row = free < 0 ? ends.length : free;
    ends[row] = m.t + (3 + m.label.length * LABEL_CHAR_PX) * secondsPerPx;
    rows.set(m, row);
  }
  return rows;
}

/**
 * Vertical rules at fixed moments; with `labelsAbove` (the panel's height in
 * pixels), each has a short label near the panel's floor, where replica
 * counts rarely go (minReplicas is at least 1), in rows so that no two overlap (labelRows).
 */
export function momentLayers(moments: Moment[], span: TimeSpan, labelsAbove?: number): Layer[] {
  const shown = moments.filter((m) => m.t >= span.from && m.t <= span.to);
  const rows = labelRows(
    shown.filter((m) => !m.quiet),
    span,
  );
  const x = timeX(span, false);
  return shown.flatMap((m) => [
    {
      data: { values: [m] },
      mark: { type: "rule" as const, color: m.color, strokeDash: m.dash ?? [], strokeWidth: 1.5 },
      encoding: {
        x,
        tooltip: [
          { field: "label", title: "moment" },
          { field: "t", title: "t (s)" },
        ],
      },
    },
    ...(labelsAbove !== undefined && !m.quiet
      ? [
          {
            data: { values: [m] },
            mark: {
              type: "text" as const,
              align: "left" as const,
              baseline: "bottom" as const,
              dx: 3,
              dy: -3 - (rows.get(m) ?? 0) * LABEL_ROW_PX,
              fontSize: 10,
              color: m.color,
            },
            encoding: { x, y: { value: labelsAbove }, text: { field: "label" } },
          },
        ]
      : []),
  ]);
}

/** Load start and stop, and each config change as applied and as the cluster took it. */
export function moments(span: TimeSpan, changes: ConfigChangeMark[] = []): Moment[] {
  const short = (key: string) => key.replace(/^[^.]+\.autoscaling\./, "");
  return [
    { t: 0, label: "load starts", color: COLORS.load },
    ...(span.loadStops === undefined ? [] : [{ t: span.loadStops, label: "load stops", color: COLORS.load }]),
    // One label per change, at the rule of its application; the HPA's taking it is the dotted rule after it.
    ...changes.flatMap((c) => [
      {
        t: c.appliedSeconds,
        label:
          `${short(c.key)} = ${c.value}: applied at ${Math.round(c.appliedSeconds)} s, ` +
          (c.takenSeconds === undefined ? "never seen in the HPA" : `in the HPA at ${Math.round(c.takenSeconds)} s`),
        color: COLORS.config,
        dash: [5, 3],
      },
      ...(c.takenSeconds === undefined
        ? []
        : [
            { t: c.takenSeconds, label: `${short(c.key)} in the HPA`, color: COLORS.config, dash: [1, 2], quiet: true },
          ]),
    ]),
  ];
}
