import { expect } from "chai";
import { progress } from "../../automation/scale-test/progress";

/** A stand-in for stderr that records what was written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const fake = { isTTY, columns: 40, written: "", write: (text: string) => ((fake.written += text), true) };
  return fake as unknown as NodeJS.WriteStream & { written: string };
}

describe("progress on stderr", () => {
  it("shows only warnings and engine output when stderr is not a TTY", () => {
    const err = stream(false);
    const p = progress(err);
    p.note("Deploying stack kind...");
    p.live("t=5s cpu 80%");
    p.warn("The cluster at https://127.0.0.1:1 is unreachable.");
    p.engine("Updating (kind):\n");
    expect(err.written).to.equal("The cluster at https://127.0.0.1:1 is unreachable.\nUpdating (kind):\n");
  });

  it("rewrites the live line in place on a TTY and clears it before the next line", () => {
    const err = stream(true);
    const p = progress(err);
    p.live("t=5s cpu 80%");
    p.live("t=10s cpu 140% and a tail longer than the terminal is wide");
    p.note("Load done.");
    expect(err.written).to.equal(
      "\r\x1b[2Kt=5s cpu 80%" + "\r\x1b[2Kt=10s cpu 140% and a tail longer than t" + "\r\x1b[2K" + "Load done.\n",
    );
  });
});
