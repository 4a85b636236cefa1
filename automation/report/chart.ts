/**
 * Builds the scale test's chart as a Vega-Lite spec: the HPA model's envelope
 * of ready replicas as a shaded band, the observed replicas (desired, current,
 * ready) as lines over it, CPU utilization on the right axis, and the deadline
 * for N. Pure: it returns the spec; render-svg.ts turns it into SVG.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Expectations, Sample } from "../shared/results";

const SERIES = ["desired", "current", "ready"];

/** Rows in long form, one per series point, as Vega-Lite likes them. */
function replicaRows(series: Sample[]): Array<{ t: number; series: string; replicas: number }> {
  return series.flatMap((s) => [
    ...(s.desiredReplicas === null ? [] : [{ t: s.t, series: "desired", replicas: s.desiredReplicas }]),
    ...(s.currentReplicas === null ? [] : [{ t: s.t, series: "current", replicas: s.currentReplicas }]),
    { t: s.t, series: "ready", replicas: s.readyReplicas },
  ]);
}

/** The chart spec for a run; with an envelope it shades the band the ready count must stay in. */
export function scaleChartSpec(series: Sample[], e: Expectations): TopLevelSpec {
  const x = { field: "t", type: "quantitative", title: "seconds since load start" } as const;
  const cpu = series.filter((s) => s.cpuUtilization !== null).map((s) => ({ t: s.t, cpu: s.cpuUtilization }));
  const band = (e.envelope ?? []).filter((p) => p.t >= 0);
  const y = { field: "replicas", type: "quantitative", title: "replicas", scale: { domainMin: 0 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `FeastFlow ${e.target}: replicas and CPU under load`,
    width: 720,
    height: 320,
    layer: [
      {
        layer: [
          {
            data: { values: band.map((p) => ({ t: p.t, low: p.minReady, high: p.maxReady })) },
            mark: { type: "area", interpolate: "step-after", opacity: 0.25, color: "seagreen" },
            encoding: {
              x,
              y: { field: "low", type: "quantitative", title: "replicas", scale: { domainMin: 0 } },
              y2: { field: "high" },
            },
          },
          {
            data: { values: replicaRows(series) },
            mark: { type: "line", interpolate: "step-after", point: true },
            encoding: {
              x,
              y,
              color: {
                field: "series",
                type: "nominal",
                title: "replicas (band: the model's envelope of ready)",
                scale: { domain: SERIES },
              },
            },
          },
          {
            data: { values: [{ t: e.scaleUpWithinSeconds, label: `deadline for ${e.scaleUpReplicas} ready` }] },
            mark: { type: "rule", color: "firebrick", strokeDash: [2, 2] },
            encoding: { x },
          },
        ],
      },
      {
        data: { values: cpu },
        mark: { type: "line", strokeDash: [4, 3], color: "gray" },
        encoding: { x, y: { field: "cpu", type: "quantitative", title: "CPU % of request", scale: { domainMin: 0 } } },
      },
    ],
    resolve: { scale: { y: "independent" } },
  };
}
