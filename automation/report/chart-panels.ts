/**
 * The panels under the replicas, on the same time axis: CPU against the
 * HPA's target, the pods' CPU against the demand the load aimed at and
 * produced, the rate asked and completed, and the p99 latency.
 */
import type { Sample } from "../shared/results";
import {
  type ChartInput,
  COLORS,
  Layer,
  momentLayers,
  moments,
  phaseLayers,
  TimeSpan,
  timeX,
  WIDTH,
} from "./chart-time";

const HEIGHT = 90;

/** A horizontal level, over [from, to] when given, with its label at the right end. */
interface Level {
  v: number;
  label: string;
  color: string;
  dash?: number[];
  from?: number;
  to?: number;
  /** Put the label under the rule, where one over it would sit on another level's. */
  below?: boolean;
}

/** A level's rule over its span, and its label at the span's right end. */
function levelLayers(l: Level, span: TimeSpan, y: { field: string; type: "quantitative" }): Layer[] {
  const x = timeX(span, false);
  return [
    {
      data: { values: [{ ...l, t: l.from ?? span.from, t2: l.to ?? span.to }] },
      mark: { type: "rule", color: l.color, strokeDash: l.dash ?? [6, 3], strokeWidth: 1.5 },
      encoding: { x, x2: { field: "t2" }, y, tooltip: [{ field: "label" }] },
    },
    {
      data: { values: [{ ...l, t: l.to ?? span.to }] },
      mark: {
        type: "text",
        align: "right",
        baseline: l.below ? "top" : "bottom",
        dy: l.below ? 3 : -2,
        fontSize: 10,
        color: l.color,
      },
      encoding: { x, y, text: { field: "label" } },
    },
  ];
}

/** A panel of one or two lines per sample, with levels, over the phases and moments. */
function panel(
  input: ChartInput,
  span: TimeSpan,
  opts: {
    title: string;
    lines: Array<{ name: string; color: string; dash?: number[]; value: (s: Sample) => number | null }>;
    levels?: Level[];
    bottom?: boolean;
  },
) {
  const x = timeX(span, opts.bottom ?? false);
  const rows = input.series.flatMap((s) =>
    opts.lines.flatMap((l) => {
      const v = l.value(s);
      return v === null || s.t < span.from || s.t > span.to ? [] : [{ t: s.t, v, line: l.name }];
    }),
  );
  const levels = opts.levels ?? [];
  const top = Math.max(1, ...rows.map((r) => r.v), ...levels.map((l) => l.v)) * 1.12;
  const y = { field: "v", type: "quantitative" as const, title: opts.title, scale: { domain: [0, top], nice: false } };
  const layers: Layer[] = [
    ...phaseLayers(input.phases, span, false),
    ...momentLayers(moments(span, input.configChanges), span),
    ...levels.flatMap((l) => levelLayers(l, span, y)),
    {
      data: { values: rows },
      mark: { type: "line", strokeWidth: 1.8 },
      encoding: {
        x,
        y,
        color: {
          field: "line",
          type: "nominal",
          title: null,
          scale: { domain: opts.lines.map((l) => l.name), range: opts.lines.map((l) => l.color) },
          legend: opts.lines.length > 1 ? { symbolType: "stroke" } : null,
        },
        strokeDash: {
          field: "line",
          type: "nominal",
          title: null,
          scale: { domain: opts.lines.map((l) => l.name), range: opts.lines.map((l) => l.dash ?? [1, 0]) },
          legend: opts.lines.length > 1 ? { symbolType: "stroke" } : null,
        },
        tooltip: [{ field: "line" }, { field: "v", title: "value" }, { field: "t", title: "t (s)" }],
      },
    },
  ];
  return { height: HEIGHT, width: WIDTH, layer: layers };
}

/** CPU % of the request against the HPA's target. */
export function cpuPanel(input: ChartInput, span: TimeSpan) {
  const target = input.expectations.cpuTargetUtilization;
  return panel(input, span, {
    title: "CPU % of request",
    lines: [{ name: "CPU % (HPA)", color: COLORS.cpu, value: (s) => s.cpuUtilization }],
    levels: target === undefined ? [] : [{ v: target, label: `HPA target ${target} %`, color: COLORS.target }],
  });
}

/**
 * The target pods' CPU against the demand aimed at, produced (median over the plateau) and needed for N;
 * for a scenario, what each phase produced (its name heads the replicas panel).
 */
export function demandPanel(input: ChartInput, span: TimeSpan) {
  const d = input.demand;
  const levels: Level[] = d?.phases
    ? // A scenario has no one demand and no N: what each phase produced, over that phase.
      d.phases.flatMap((p) =>
        p.producedMillicores === null
          ? []
          : [
              {
                v: p.producedMillicores,
                label: `${p.producedMillicores}m`,
                color: COLORS.ready,
                dash: [1, 0],
                from: p.fromSeconds,
                to: p.toSeconds,
                below: true,
              },
            ],
      )
    : d
      ? [
          { v: d.targetMillicores, label: `aimed at ${d.targetMillicores}m`, color: COLORS.current },
          ...(d.producedMillicores === null
            ? []
            : [
                {
                  v: d.producedMillicores,
                  label: `produced ${d.producedMillicores}m (median from ${Math.round(d.plateauFromSeconds)} s)`,
                  color: COLORS.ready,
                  dash: [1, 0],
                  from: d.plateauFromSeconds,
                  to: span.loadStops ?? span.to,
                  below: true,
                },
              ]),
          { v: d.neededMillicores, label: `needed for N: ${d.neededMillicores}m`, color: COLORS.target, dash: [2, 3] },
        ]
      : [];
  return panel(input, span, {
    title: "pods' CPU (m)",
    lines: [{ name: "pods' CPU", color: COLORS.cpu, value: (s) => s.podCpuMillicores }],
    levels,
  });
}

/** Requests per second asked of the generator and completed. */
export function ratePanel(input: ChartInput, span: TimeSpan) {
  return panel(input, span, {
    title: "req/s",
    lines: [
      { name: "completed", color: COLORS.cpu, value: (s) => s.reqPerSec },
      { name: "asked", color: COLORS.current, dash: [5, 3], value: (s) => s.targetRate },
    ],
  });
}

/** The p99 latency per sample interval. */
export function latencyPanel(input: ChartInput, span: TimeSpan) {
  return panel(input, span, {
    title: "p99 (ms)",
    lines: [{ name: "p99", color: COLORS.cpu, value: (s) => s.p99Ms }],
    bottom: true,
  });
}
