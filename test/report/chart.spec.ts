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

  it("plots desired, current and ready replicas, CPU where known, and the scale-up deadline", () => {
    const spec = scaleChartSpec(seen, expectations()) as unknown as {
      layer: Array<{ data: { values: Array<Record<string, unknown>> } }>;
    };
    const [replicas, cpu, deadline] = spec.layer.map((layer) => layer.data.values);
    expect(replicas.filter((row) => row.t === 30)).to.deep.equal([
      { t: 30, series: "desired", replicas: 4 },
      { t: 30, series: "current", replicas: 4 },
      { t: 30, series: "ready", replicas: 2 },
    ]);
    expect(cpu).to.deep.equal([
      { t: 0, cpu: 40 },
      { t: 60, cpu: 90 },
    ]);
    expect(deadline).to.deep.equal([{ t: 130, label: "deadline for 4 ready" }]);
  });

  it("adds the model's desired replicas as a dashed line when given a comparison", () => {
    const comparison = {
      demandMillicores: 1040,
      samples: [
        { t: 0, observedDesired: 2, predictedDesired: 2, diff: 0 },
        { t: 30, observedDesired: 4, predictedDesired: 6, diff: -2 },
      ],
      maxAbsDiff: 2,
      withinOne: 0.5,
      firstScaleUp: { observedSeconds: 30, predictedSeconds: 15, diffSeconds: 15 },
    };
    const spec = scaleChartSpec(seen, expectations(), comparison) as unknown as {
      layer: Array<{
        data: { values: Array<Record<string, unknown>> };
        encoding: { strokeDash?: { scale: { domain: string[]; range: number[][] } } };
      }>;
    };
    const [replicas] = spec.layer;
    expect(replicas.data.values.filter((row) => row.series === "predicted desired")).to.deep.equal([
      { t: 0, series: "predicted desired", replicas: 2 },
      { t: 30, series: "predicted desired", replicas: 6 },
    ]);
    expect(replicas.encoding.strokeDash?.scale).to.deep.equal({
      domain: ["desired", "current", "ready", "predicted desired"],
      range: [
        [1, 0],
        [1, 0],
        [1, 0],
        [6, 3],
      ],
    });
  });

  it("renders to SVG in Node", async () => {
    const svg = await renderSvg(scaleChartSpec(seen, expectations()));
    expect(svg).to.match(/^<svg/);
    expect(svg).to.include("FeastFlow backend: replicas and CPU under load");
  });
});
