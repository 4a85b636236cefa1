import { expect } from "chai";
import { parseScenario, resolveScenario } from "../../automation/scenario";
import { scenarioCapacity } from "../../automation/scale-test/preflight";
import type { Prepared } from "../../automation/scale-test/prepare";
import type { Room } from "../../automation/shared/results";
import { readStackConfig } from "../../automation/shared/stack-file";
import { parseConfig } from "../../components/config";

const raw = readStackConfig("kind");
const prepared = { config: parseConfig(raw).backend, metricResolutionSeconds: 15 } as Prepared;
const allocatable = { cpuMillicores: 2000, memoryBytes: 8 * 2 ** 30, pods: 110 };
const room = (pods: number): Room => ({
  pods,
  scheduled: 2,
  nodes: [
    { name: "n", freeCpuMillicores: 1200, freeMemoryBytes: 6 * 2 ** 30, freePods: 100, allocatable, fits: pods - 2 },
  ],
  skipped: [],
});

describe("the scale test's capacity answer before a scenario", function () {
  // A sale past 10 pods, short enough for its band to be computed in a unit test's time.
  const flash = resolveScenario(
    parseScenario(
      "name: short-sale\nphases:\n  - name: sale\n    seconds: 90\n    config: { backend.autoscaling.maxReplicas: 20 }\n    demand: { from: 2 pods, to: 14 pods }\n",
      "short-sale",
    ),
    raw,
  );

  it("says the band's peak against the measured room, and the nodes like the cluster's that would hold it", () => {
    const said = scenarioCapacity(flash, prepared, room(8));
    const peak = Number(/peaks at up to (\d+) backend pods/.exec(said)?.[1]);
    expect(peak).to.be.above(8);
    // Each 2-CPU node holds 10 pods of 200m.
    const more = Math.ceil((peak - 8) / 10);
    expect(said).to.match(
      new RegExp(
        `^Capacity: The short-sale scenario peaks at up to ${peak} backend pods × 200m = ${peak * 200}m CPU \\([\\d.]+Gi memory\\); ` +
          `the cluster has room for 8 \\(measured\\); ${more} more nodes? of 2 CPU, 8Gi \\(10 pods each\\) would hold it\\.$`,
      ),
    );
    expect(scenarioCapacity(flash, prepared, room(100))).to.match(/so it holds the peak with room for \d+ more\.$/);
  });

  it("leaves a rate scenario's peak to the run, which measures a request's cost", () => {
    const trickle = parseScenario("name: trickle\nphases:\n  - { name: slow, seconds: 60, rate: 20 }\n", "trickle");
    expect(scenarioCapacity(resolveScenario(trickle, raw), prepared, room(8))).to.equal(
      "Capacity: scenario trickle gives a rate, so its peak is known only from the request's cost this run measures.",
    );
  });
});
