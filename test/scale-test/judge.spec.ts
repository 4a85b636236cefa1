import { expect } from "chai";
import { cpuReading, modelOf, readyLag, type JudgeInput } from "../../automation/scale-test/judge";
import { parseConfig } from "../../components/config";
import { readStackConfig } from "../../automation/shared/stack-file";

describe("the Ready lag a run's resizes measured", () => {
  it("takes the longest resize to the whole second above and says so", () => {
    expect(readyLag({ resizeSeconds: { count: 3, max: 8.2 } })).to.deep.equal({
      seconds: 9,
      line: "  resizes: the ReplicaSet created or deleted a resize's pods, and said so, up to 8.2 s after the HPA's rescale (3 resizes seen done); the model does it at once, so a sample's Ready count is judged against the band up to 9 s before it.",
    });
    expect(readyLag({ resizeSeconds: { count: 1, max: 1 } }).line).to.contain("(1 resize seen done)");
  });

  it("gives no lag without a resize seen done, or for one seen done at once", () => {
    expect(readyLag({})).to.deep.equal({
      line: "  resizes: none seen done, so a sample's Ready count is judged at its own time.",
    });
    expect(readyLag({ resizeSeconds: { count: 2, max: 0 } }).seconds).to.equal(undefined);
  });
});

describe("how the model reads a pod's CPU metric", () => {
  it("at the scrape for simulated pods, and says so", () => {
    const r = cpuReading({ from: "simulated", costMs: 10, limitMillicores: 500 }, 15);
    expect(r.atScrape).to.equal(true);
    expect(r.line).to.equal(
      "  CPU metric: the pods are simulated (kwok), whose counter grows at each scrape by the usage then, so a pod's rate is its share of the demand at the scrape; the model reads it so, not as the average over the 15 s window.",
    );
  });

  it("as the window's average for real pods, whatever sends the load", () => {
    expect(cpuReading(undefined, 15)).to.deep.equal({
      atScrape: false,
      line: "  CPU metric: a pod's rate is its average over the 15 s between two scrapes, as a kubelet's counter gives it.",
    });
    expect(cpuReading({ from: "local" }, 30).atScrape).to.equal(false);
  });
});

describe("what the model takes from a run", () => {
  const config = parseConfig(readStackConfig("sim")).backend;
  const input = (origin: { from: "simulated"; costMs: number; limitMillicores: number } | { from: "local" }) =>
    ({
      prepared: { config, metricResolutionSeconds: 15 },
      room: { pods: 1000 },
      driven: { series: [], load: { origin } },
    }) as unknown as JudgeInput;

  it("reads CPU at the scrape only for simulated pods, beside the resolution and the room", () => {
    expect(modelOf(input({ from: "simulated", costMs: 10, limitMillicores: 500 }))).to.deep.equal({
      metricResolutionSeconds: 15,
      schedulablePods: 1000,
      cpuAtScrape: true,
    });
    expect(modelOf(input({ from: "local" })).cpuAtScrape).to.equal(false);
  });
});
