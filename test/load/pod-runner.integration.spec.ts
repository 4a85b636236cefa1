import { expect } from "chai";
import { runPod, type PodRunOptions } from "../../automation/load/pod-runner";
import { parseLine, type Control, type PodLine, type WindowLine } from "../../automation/load/pod-protocol";
import { decodeWindow } from "../../automation/load/window";
import { AppProcess, startApp } from "../support/local-app";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pod against `url` whose control is whatever `control` holds; its lines are collected. */
function pod(url: string, control: { value: Control | "gone" }, extra: Partial<PodRunOptions> = {}) {
  const lines: PodLine[] = [];
  const exit = runPod({
    url,
    allowedHosts: [],
    index: 1,
    pods: 2,
    connections: 2,
    maxSeconds: 30,
    readControl: async () => control.value,
    write: (text) => lines.push(parseLine(text)!),
    timing: { pollMs: 50, heartbeatTimeoutMs: 5000 },
    ...extra,
  });
  const first = <T extends PodLine["type"]>(type: T) =>
    lines.find((l) => l.type === type) as Extract<PodLine, { type: T }> | undefined;
  const until = async <T extends PodLine["type"]>(type: T) => {
    for (let i = 0; i < 200 && !first(type); i++) await sleep(25);
    return first(type);
  };
  return { lines, exit, first, until };
}

describe("load pod runner", () => {
  let app: AppProcess;
  let url: string;
  before(async () => {
    app = await startApp("backend");
    url = `http://127.0.0.1:${app.port}/api/menu/search?q=curry&rounds=1`;
  });
  after(() => app.stop());

  it("waits for the common start, loads at its share, follows a rate change and stops when told", async function () {
    this.timeout(15000);
    const control = { value: { rate: 40, stop: false, heartbeat: 0 } as Control | "gone" };
    const p = pod(url, control);
    const ready = await p.until("ready");
    expect(ready?.probeMs).to.be.greaterThan(0);
    await sleep(300);
    expect(p.first("started")).to.equal(undefined, "nobody loads before the start is set");
    const startAt = Date.now() + 300;
    control.value = { rate: 40, startAt, stop: false, heartbeat: 1 };
    const started = await p.until("started");
    expect(started?.at).to.be.at.least(startAt);
    expect(started?.share).to.equal(20, "pod 1 of 2 takes half of 40");
    await sleep(1200);
    control.value = { rate: 120, startAt, stop: false, heartbeat: 2 };
    await sleep(2200);
    control.value = { rate: 120, startAt, stop: true, heartbeat: 3 };
    expect(await p.exit).to.equal(0);
    const windows = p.lines.filter((l): l is WindowLine => l.type === "window");
    const shares = windows.map((w) => Math.round(w.share));
    expect(shares[0]).to.equal(20);
    expect(shares[shares.length - 2]).to.equal(60, "half of 120 once the change arrived");
    // Windows end on whole seconds of the pod's clock (all but the last, cut at the stop). Timers run on the
    // monotonic clock and Date.now() on the wall clock, so a cut may read a millisecond before the second.
    for (const w of windows.slice(0, -1)) {
      const off = w.window.endMs % 1000;
      expect(Math.min(off, 1000 - off)).to.be.below(100);
    }
    const responses = windows.reduce((sum, w) => sum + decodeWindow(w.window).responses, 0);
    expect(responses).to.be.within(0.8 * (1.2 * 20 + 2.2 * 60), 1.2 * (2 * 20 + 3 * 60));
    expect(p.lines[p.lines.length - 1]).to.deep.include({ type: "done", reason: "the scale test stopped the run" });
  });

  it("stops when its control ConfigMap is deleted", async function () {
    this.timeout(10000);
    const control = { value: { rate: 10, startAt: Date.now(), stop: false, heartbeat: 0 } as Control | "gone" };
    const p = pod(url, control);
    await p.until("started");
    control.value = "gone";
    expect(await p.exit).to.equal(0);
    expect(p.lines[p.lines.length - 1]).to.deep.include({ type: "done", reason: "its control ConfigMap was deleted" });
  });

  it("stops by itself when the scale test's heartbeat stalls", async function () {
    this.timeout(10000);
    const control = { value: { rate: 10, startAt: Date.now(), stop: false, heartbeat: 4 } as Control | "gone" };
    const p = pod(url, control, { timing: { pollMs: 50, heartbeatTimeoutMs: 600 } });
    expect(await p.exit).to.equal(0);
    expect(p.first("started")).to.not.equal(undefined);
    expect(p.lines[p.lines.length - 1]).to.deep.include({
      type: "done",
      reason: "no heartbeat from the scale test for 0.6 s",
    });
  });

  it("says it failed when the target never answers, and never loads", async function () {
    this.timeout(10000);
    const control = { value: { rate: 10, startAt: Date.now(), stop: false, heartbeat: 0 } as Control | "gone" };
    const p = pod("http://127.0.0.1:1/", control, {
      timing: { readyTimeoutMs: 100 },
      probe: () => Promise.reject(new Error("connect ECONNREFUSED")),
    });
    expect(await p.exit).to.equal(1);
    expect(p.lines.map((l) => l.type)).to.deep.equal(["failed"]);
    expect(p.first("failed")?.reason).to.match(/did not answer within 0.1 s: connect ECONNREFUSED/);
  });

  it("ends without loading when the run is stopped before its start", async function () {
    this.timeout(10000);
    const control = { value: { rate: 10, stop: false, heartbeat: 0 } as Control | "gone" };
    const p = pod(url, control);
    await p.until("ready");
    control.value = { rate: 10, stop: true, heartbeat: 0 };
    expect(await p.exit).to.equal(0);
    expect(p.lines.map((l) => l.type)).to.deep.equal(["ready", "done"]);
  });
});
