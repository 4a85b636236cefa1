/**
 * Builds the scale test's chart as a Vega-Lite spec: replicas (desired,
 * current, ready, and the HPA model's desired when a comparison is given) on
 * the left axis and CPU utilization on the right, over seconds since load
 * start, with the scale-up deadline marked. Pure: it returns the spec;
 * render-svg.ts turns it into SVG.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Comparison, Expectations, Sample } from "../scale-test/types";

/** The model's line is dashed so it reads as a prediction beside the observed lines. */
const PREDICTED = "predicted desired";
const SERIES = ["desired", "current", "ready", PREDICTED];
const DASHES = [
  [1, 0],
  [1, 0],
  [1, 0],
  [6, 3],
];

/** Rows in long form, one per series point, as Vega-Lite likes them. */
function replicaRows(series: Sample[]): Array<{ t: number; series: string; replicas: number }> {
  return series.flatMap((s) => [
    ...(s.desiredReplicas === null ? [] : [{ t: s.t, series: "desired", replicas: s.desiredReplicas }]),
    ...(s.currentReplicas === null ? [] : [{ t: s.t, series: "current", replicas: s.currentReplicas }]),
    { t: s.t, series: "ready", replicas: s.readyReplicas },
  ]);
}

/** The model's desired replicas at each observed sample's time. */
function predictedRows(comparison?: Comparison): Array<{ t: number; series: string; replicas: number }> {
  return (comparison?.samples ?? []).map((c) => ({ t: c.t, series: PREDICTED, replicas: c.predictedDesired }));
}

/** The chart spec for a run; with a comparison it adds the model's desired replicas as a dashed line. */
export function scaleChartSpec(series: Sample[], e: Expectations, comparison?: Comparison): TopLevelSpec {
  const x = { field: "t", type: "quantitative", title: "seconds since load start" } as const;
  const domain = comparison ? SERIES : SERIES.slice(0, 3);
  const cpu = series.filter((s) => s.cpuUtilization !== null).map((s) => ({ t: s.t, cpu: s.cpuUtilization }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `FeastFlow ${e.target}: replicas and CPU under load`,
    width: 720,
    height: 320,
    layer: [
      {
        data: { values: [...replicaRows(series), ...predictedRows(comparison)] },
        mark: { type: "line", interpolate: "step-after", point: true },
        encoding: {
          x,
          y: { field: "replicas", type: "quantitative", title: "replicas", scale: { domainMin: 0 } },
          color: { field: "series", type: "nominal", title: "replicas", scale: { domain } },
          strokeDash: {
            field: "series",
            type: "nominal",
            title: "replicas",
            scale: { domain, range: DASHES.slice(0, domain.length) },
          },
        },
      },
      {
        data: { values: cpu },
        mark: { type: "line", strokeDash: [4, 3], color: "gray" },
        encoding: { x, y: { field: "cpu", type: "quantitative", title: "CPU % of request", scale: { domainMin: 0 } } },
      },
      {
        data: { values: [{ t: e.scaleUpWithinSeconds, label: `deadline for ${e.scaleUpReplicas} ready` }] },
        mark: { type: "rule", color: "firebrick", strokeDash: [2, 2] },
        encoding: { x },
      },
    ],
    resolve: { scale: { y: "independent" } },
  };
}
