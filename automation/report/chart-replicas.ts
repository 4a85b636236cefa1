/**
 * The chart's two replica panels, one per count the verdict judges: ready
 * pods (the Deployment) and desired replicas (the HPA, with current beside
 * it). Each shows the band the model allows for its count, the observed
 * line over it and a cross on every sample the verdict judged outside on
 * that count; the ready panel also shows the window for N, and both show
 * maxReplicas and the room the cluster has. One panel per count keeps a
 * desired line equal to the ready one from hiding under it, and each band
 * from covering the other's.
 */
import { bandRows, type Count, outsideRows, replicaRows } from "./chart-data";
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
import { plural } from "../shared/text";

const LINES = {
  ready: { stroke: COLORS.ready, dash: [1, 0], width: 3 },
  desired: { stroke: COLORS.desired, dash: [7, 4], width: 2.5 },
  current: { stroke: COLORS.current, dash: [2, 3], width: 1.8 },
} as const;

/**
 * Horizontal rules with a label at the right end: maxReplicas, the room. A level above the scale gets
 * no rule, only its label over the panel's top edge.
 */
function levelLayers(levels: Array<{ y: number; label: string; color: string; above?: boolean }>): Layer[] {
  const y = { field: "y", type: "quantitative" as const };
  return levels.flatMap((l): Layer[] => [
    ...(l.above
      ? []
      : [
          {
            data: { values: [l] },
            mark: { type: "rule", strokeDash: [6, 3], strokeWidth: 1.2, color: l.color },
            encoding: { y, tooltip: [{ field: "label" }] },
          } satisfies Layer,
        ]),
    {
      data: { values: [l] },
      mark: {
        type: "text",
        align: "right",
        // Above the scale: over the panel's top edge, clear of the phase names inside it.
        baseline: "bottom" as const,
        dy: l.above ? -3 : -2,
        fontSize: 10,
        color: l.color,
      },
      encoding: { y, x: { value: WIDTH - 4 }, text: { field: "label" } },
    },
  ]);
}

/** The window in which N ready must first be seen: a bar at N from the earliest to the deadline, and the deadline's rule. */
function windowLayers(input: ChartInput, span: TimeSpan, y: object): Layer[] {
  const e = input.expectations;
  const x = timeX(span, false);
  const from = e.scaleUpEarliestSeconds ?? Math.max(0, span.from);
  const label =
    e.scaleUpEarliestSeconds === undefined
      ? `${e.scaleUpReplicas} ready by ${e.scaleUpWithinSeconds} s`
      : `${e.scaleUpReplicas} ready within ${from}–${e.scaleUpWithinSeconds} s`;
  const row = { t: from, t2: e.scaleUpWithinSeconds, replicas: e.scaleUpReplicas, label };
  const tip = [{ field: "label", title: "expected" }];
  return [
    ...momentLayers([{ t: e.scaleUpWithinSeconds, label: "deadline", color: COLORS.deadline }], span),
    {
      data: { values: [row] },
      mark: { type: "rule", color: COLORS.deadline, strokeWidth: 5, strokeCap: "butt", opacity: 0.8 },
      encoding: { x, x2: { field: "t2" }, y, tooltip: tip },
    },
    {
      data: { values: [row] },
      mark: {
        type: "text",
        align: "right",
        baseline: "bottom",
        dx: -4,
        dy: -4,
        fontSize: 11,
        fontWeight: "bold",
        color: COLORS.deadline,
      },
      encoding: { x: { ...x, field: "t2" }, y, text: { field: "label" } },
    },
  ];
}

/** At most this many ticks on a replicas axis: 0–12 at every count, 0–200 every 20. */
const MAX_TICKS = 12;

/** The tick step for an axis up to `top`: the smallest of 1, 2, 5, 10, 20, 25, 50, … that keeps to MAX_TICKS. */
function tickStep(top: number): number {
  for (let scale = 1; ; scale *= 10) {
    const step = [1, 2, 2.5, 5].map((m) => m * scale).find((s) => Number.isInteger(s) && top / s <= MAX_TICKS);
    if (step !== undefined) return step;
  }
}

/** The replicas axis of a panel: whole replicas only, at most MAX_TICKS of them. */
function replicasY(count: Count, top: number) {
  const step = tickStep(top);
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  return {
    field: "replicas",
    type: "quantitative" as const,
    title: count === "ready" ? "ready replicas" : "desired replicas (HPA)",
    scale: { domain: [0, top], nice: false },
    // Vega thins explicit `values` down to `tickCount`, so both are set.
    axis: { format: "d", values: ticks, tickCount: ticks.length, labelOverlap: false },
  };
}

type Y = ReturnType<typeof replicasY>;

/** The band the model allows for `count`: a step area over each allowed count ± ½. */
function bandLayer(input: ChartInput, span: TimeSpan, count: Count, y: Y): Layer {
  const name = `${count} the model allows`;
  const band = bandRows(input.series, input.expectations, input.verdict).filter((b) => b.count === count);
  return {
    name: `${count}_band`,
    data: { values: band.map((b) => ({ ...b, band: name })) },
    mark: { type: "area", interpolate: "step-after", opacity: 0.3, clip: true },
    encoding: {
      x: timeX(span, false),
      y: { field: "y", type: "quantitative", scale: y.scale, axis: y.axis, title: y.title },
      y2: { field: "y2" },
      fill: {
        field: "band",
        type: "nominal",
        title: "band",
        scale: { domain: [name], range: [LINES[count].stroke] },
        legend: { symbolType: "square", symbolOpacity: 0.45, symbolSize: 160 },
      },
      tooltip: [
        { field: "allowed", title: `${count} allowed` },
        { field: "t", title: "from t (s)" },
      ],
    },
  };
}

/** The observed line(s) of a panel: ready alone; desired, then current over it (thin and dotted, so where they agree both show). */
function lineLayers(input: ChartInput, span: TimeSpan, count: Count, y: Y): Layer[] {
  const lines = count === "ready" ? (["ready"] as const) : (["desired", "current"] as const);
  const observed = replicaRows(input.series);
  return lines.map((name): Layer => ({
    name: `${name}_line`,
    data: { values: observed.filter((r) => r.series === name) },
    mark: { type: "line", interpolate: "step-after", strokeWidth: LINES[name].width },
    encoding: {
      x: timeX(span, false),
      y,
      stroke: {
        field: "series",
        type: "nominal",
        title: "observed",
        scale: { domain: [...lines], range: lines.map((l) => LINES[l].stroke) },
        legend: { symbolType: "stroke", symbolStrokeWidth: 2.5 },
      },
      strokeDash: {
        field: "series",
        type: "nominal",
        title: "observed",
        scale: { domain: [...lines], range: lines.map((l) => [...LINES[l].dash]) },
      },
      tooltip: [{ field: "series" }, { field: "replicas" }, { field: "t", title: "t (s)" }],
    },
  }));
}

/** A cross on every sample the verdict judged outside on `count`; the legend says how many, or that none was. */
function crossLayer(input: ChartInput, span: TimeSpan, count: Count, y: Y): Layer {
  const outside = outsideRows(input.series, input.verdict?.samples).filter((o) => o.count === count);
  const name =
    outside.length === 0
      ? `no ${count} sample outside the band`
      : `✗ ${count} outside the band: ${plural(outside.length, "sample")}`;
  const color = outside.length === 0 ? COLORS.limit : COLORS.outside;
  return {
    name: `${count}_outside`,
    data: { values: outside.map((o) => ({ ...o, mark: name })) },
    mark: { type: "point", shape: "cross", size: 200, filled: true, color, opacity: 1 },
    encoding: {
      x: timeX(span, false),
      y,
      shape: {
        field: "mark",
        type: "nominal",
        title: "verdict",
        scale: { domain: [name], range: ["cross"] },
        legend: {
          symbolFillColor: color,
          symbolStrokeColor: color,
          symbolSize: 150,
          symbolOpacity: outside.length === 0 ? 0.4 : 1,
        },
      },
      tooltip: [
        { field: "label", title: "outside" },
        { field: "t", title: "t (s)" },
      ],
    },
  };
}

/** One replica panel: `count`'s band, its observed line(s), its out-of-band crosses, the levels and moments. */
function countPanel(input: ChartInput, span: TimeSpan, count: Count, top: number) {
  const e = input.expectations;
  const y = replicasY(count, top);
  const height = count === "ready" ? 240 : 180;
  const room = input.room?.pods;
  // Levels far above every count would squash them into the axis' foot: they are said at the top instead.
  const roomAbove = room !== undefined && room >= top;
  const limitAbove = e.maxReplicas >= top;
  const levels = [
    {
      y: limitAbove ? top : e.maxReplicas,
      label: `maxReplicas ${e.maxReplicas}${limitAbove ? " (above the scale)" : ""}${roomAbove ? `; room: ${room} pods fit` : ""}`,
      color: COLORS.limit,
      above: limitAbove,
    },
    ...(room === undefined || roomAbove ? [] : [{ y: room, label: `room: ${room} pods fit`, color: COLORS.room }]),
  ];
  const layers: Layer[] = [
    ...phaseLayers(input.phases, span, count === "ready"),
    bandLayer(input, span, count, y),
    ...momentLayers(moments(span, input.configChanges), span, count === "ready" ? height : undefined),
    ...levelLayers(levels),
    // A scenario has no single N to reach: its envelope is the timeline.
    ...(count === "ready" && !input.expectations.scenario ? windowLayers(input, span, y) : []),
    ...lineLayers(input, span, count, y),
    crossLayer(input, span, count, y),
  ];
  return { height, width: WIDTH, layer: layers };
}

/** The ready panel over the desired panel, on one replica scale with whole-number ticks. */
export function replicaPanels(input: ChartInput, span: TimeSpan) {
  const observed = replicaRows(input.series).map((r) => r.replicas);
  const bands = bandRows(input.series, input.expectations, input.verdict).map((b) => b.high);
  const counts = Math.max(2, ...observed, ...bands);
  // maxReplicas and the room are drawn on the scale when near the counts (where they bind); far above them
  // (a run that peaks at 12 under a ceiling of 200), they are only said.
  const max = input.expectations.maxReplicas;
  const limited = max <= Math.max(2 * counts, counts + 10) ? Math.max(counts, max) : counts;
  const room = input.room?.pods ?? 0;
  const top = (room <= limited * 1.5 ? Math.max(limited, room) : limited) + 1;
  return [countPanel(input, span, "ready", top), countPanel(input, span, "desired", top)];
}
