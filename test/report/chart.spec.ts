import { expect } from "chai";
import { scaleChartSpec } from "../../automation/report/chart";
import { renderSvg } from "../../automation/report/render-svg";
import { expectations, series } from "../support/series";

describe("scale chart", () => {
  const seen = series([
    [0, 2, 2, 40],
    [30, 2, 4, null],
    [60, 4, 4, 90],
  ]);

  it("plots desired, current and ready replicas, CPU where known, the band and the scale-up deadline", () => {
    const envelope = [-1, 0, 30, 60].map((t) => ({
      t,
      minReady: 2,
      maxReady: t >= 30 ? 5 : 2,
      minDesired: 2,
      maxDesired: 5,
    }));
    const spec = scaleChartSpec(seen, expectations({ envelope })) as unknown as {
      layer: Array<{
        data?: { values: Array<Record<string, unknown>> };
        layer?: Array<{ data: { values: Array<Record<string, unknown>> } }>;
      }>;
    };
    const [replicaLayers, cpuLayer] = spec.layer;
    const [band, replicas, deadline] = (replicaLayers.layer ?? []).map((layer) => layer.data.values);
    // The band starts at load start: points before 0 s are not drawn.
    expect(band).to.deep.equal([
      { t: 0, low: 2, high: 2 },
      { t: 30, low: 2, high: 5 },
      { t: 60, low: 2, high: 5 },
    ]);
    expect(replicas.filter((row) => row.t === 30)).to.deep.equal([
      { t: 30, series: "desired", replicas: 4 },
      { t: 30, series: "current", replicas: 4 },
      { t: 30, series: "ready", replicas: 2 },
    ]);
    expect(cpuLayer.data?.values).to.deep.equal([
      { t: 0, cpu: 40 },
      { t: 60, cpu: 90 },
    ]);
    expect(deadline).to.deep.equal([{ t: 130, label: "deadline for 4 ready" }]);
  });

  it("renders to SVG in Node", async () => {
    const svg = await renderSvg(scaleChartSpec(seen, expectations()));
    expect(svg).to.match(/^<svg/);
    expect(svg).to.include("FeastFlow backend: replicas and CPU under load");
  });
});
