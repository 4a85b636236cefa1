import { expect } from "chai";
import { controlData, lineWriter, parseControl, parseLine, PROTOCOL } from "../../automation/load/pod-protocol";

describe("load pod protocol", () => {
  it("numbers a pod's lines from 0 and stamps them with the protocol and the pod's clock", () => {
    const out: string[] = [];
    let clock = 1000;
    const emit = lineWriter(
      (text) => out.push(text),
      () => clock++,
    );
    emit({ type: "ready", index: 1, probeMs: 4.5 });
    emit({ type: "done", index: 1, reason: "stopped" });
    expect(out.map((text) => JSON.parse(text))).to.deep.equal([
      { p: PROTOCOL, seq: 0, at: 1000, type: "ready", index: 1, probeMs: 4.5 },
      { p: PROTOCOL, seq: 1, at: 1001, type: "done", index: 1, reason: "stopped" },
    ]);
    expect(parseLine(out[0])).to.deep.include({ type: "ready", index: 1, probeMs: 4.5 });
  });

  it("ignores what a pod prints besides the protocol", () => {
    expect(parseLine("(node:1) Warning: something")).to.equal(undefined);
    expect(parseLine('{"level":"info"}')).to.equal(undefined);
    expect(parseLine('{"p":"feastflow-loadgen/1","type":"rea')).to.equal(undefined, "a cut line");
    expect(parseLine(`{"p":"${PROTOCOL}","type":"shout","index":0,"seq":0,"at":1}`)).to.equal(undefined);
    expect(parseLine(`{"p":"${PROTOCOL}","type":"ready","index":"0","seq":0,"at":1}`)).to.equal(undefined);
  });

  it("refuses a pod of another protocol version with what to do", () => {
    // A 0.1.0 image speaks /1: whole rates, windows without due/queued/dropped.
    expect(PROTOCOL).to.equal("feastflow-loadgen/2");
    expect(() => parseLine('{"p":"feastflow-loadgen/1","type":"ready","index":0,"seq":0,"at":1}')).to.throw(
      "the load pod speaks feastflow-loadgen/1 and this scale test feastflow-loadgen/2: rebuild the image",
    );
  });

  it("round-trips the control through a ConfigMap's string data", () => {
    const data = controlData({ rate: 120.4, startAt: 1_700_000_000_123, stop: false, heartbeat: 7 });
    expect(data).to.deep.equal({ rate: "120.4", startAt: "1700000000123", stop: "false", heartbeat: "7" });
    expect(parseControl(data)).to.deep.equal({ rate: 120.4, startAt: 1_700_000_000_123, stop: false, heartbeat: 7 });
    expect(parseControl(controlData({ rate: 5, stop: true, heartbeat: 0 }))).to.deep.equal({
      rate: 5,
      startAt: undefined,
      stop: true,
      heartbeat: 0,
    });
  });

  it("carries a decimal rate, below one request per second too, to a millionth of a request per second", () => {
    const rate = (r: number) => parseControl(controlData({ rate: r, stop: false, heartbeat: 0 })).rate;
    expect(controlData({ rate: 0.2, stop: false, heartbeat: 0 }).rate).to.equal("0.2");
    expect(rate(0.2)).to.equal(0.2);
    expect(rate(0)).to.equal(0);
    expect(rate(1 / 3)).to.equal(0.333333);
    // 1e-7 would print as an exponent; rounded to six decimals it is 0.
    expect(controlData({ rate: 1e-7, stop: false, heartbeat: 0 }).rate).to.equal("0");
    expect(controlData({ rate: 2.5e-6, stop: false, heartbeat: 0 }).rate).to.equal("0.000003");
    expect(() => controlData({ rate: -1, stop: false, heartbeat: 0 })).to.throw(RangeError);
  });

  it("carries a closed loop's clients beside the rate, and no clients when there is none", () => {
    const data = controlData({ rate: 3, concurrency: 10, stop: false, heartbeat: 1 });
    expect(data.concurrency).to.equal("10");
    expect(parseControl(data).concurrency).to.equal(10);
    expect(parseControl(controlData({ rate: 3, stop: false, heartbeat: 1 })).concurrency).to.equal(undefined);
    for (const bad of ["0", "2.5", "-3", "many"]) {
      expect(() => parseControl({ rate: "3", concurrency: bad, stop: "false", heartbeat: "0" }), bad).to.throw(
        "concurrency",
      );
    }
  });

  it("rejects a control it cannot read rather than guess a rate", () => {
    expect(() => parseControl({ rate: "1e-7", stop: "false", heartbeat: "0" })).to.throw('rate is "1e-7"');
    expect(() => parseControl({ rate: "0.1234567", stop: "false", heartbeat: "0" })).to.throw("rate");
    expect(() => parseControl({ rate: "5", stop: "false", heartbeat: "0.5" })).to.throw("heartbeat");
    expect(() => parseControl({ rate: "-5", stop: "false", heartbeat: "0" })).to.throw(
      'the control ConfigMap\'s rate is "-5"',
    );
    expect(() => parseControl(undefined)).to.throw("rate is undefined");
    expect(() => parseControl({ rate: "5", stop: "false", heartbeat: "0", startAt: "soon" })).to.throw("startAt");
  });
});
