import { expect } from "chai";
import { progress } from "../../automation/scale-test/progress";
import type { Sample } from "../../automation/shared/results";

/** A sample with the given figures and 42 req/s, p99 12 ms, no failures. */
function sample(
  s: Pick<Sample, "t" | "cpuUtilization" | "desiredReplicas" | "currentReplicas" | "readyReplicas">,
): Sample {
  return {
    ...s,
    memoryUtilization: null,
    podPhases: {},
    pendingReasons: [],
    events: [],
    reqPerSec: 42,
    p99Ms: 12,
    errors: 0,
    targetRate: 42,
    podCpuMillicores: null,
  };
}

/** A stand-in for stderr that records what was written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const fake = { isTTY, columns: 40, written: "", write: (text: string) => ((fake.written += text), true) };
  return fake as unknown as NodeJS.WriteStream & { written: string };
}

describe("progress on stderr", () => {
  it("prints notes, one plain line per sample, warnings and engine output when stderr is not a TTY", () => {
    const err = stream(false);
    const p = progress(err);
    p.note("Deploying stack kind...");
    p.live("calibrating: 5 s at 40 req/s");
    p.sample(sample({ t: 5, cpuUtilization: 80, desiredReplicas: 3, currentReplicas: 2, readyReplicas: 2 }));
    p.warn("The cluster at https://127.0.0.1:1 is unreachable.");
    p.engine("Updating (kind):\n");
    expect(err.written).to.equal(
      "Deploying stack kind...\n" +
        "t=5s cpu 80% desired 3 current 2 ready 2 | 42 req/s p99 12 ms | 0 failed\n" +
        "The cluster at https://127.0.0.1:1 is unreachable.\nUpdating (kind):\n",
    );
  });

  it("rewrites the live line in place on a TTY and clears it before the next line", () => {
    const err = stream(true);
    const p = progress(err);
    p.live("t=5s cpu 80%");
    p.sample(sample({ t: 10, cpuUtilization: 140, desiredReplicas: 4, currentReplicas: 4, readyReplicas: 3 }));
    p.note("Load done.");
    expect(err.written).to.equal(
      "\r\x1b[2Kt=5s cpu 80%" + "\r\x1b[2Kt=10s cpu 140% desired 4 current 4 read" + "\r\x1b[2K" + "Load done.\n",
    );
  });
});
