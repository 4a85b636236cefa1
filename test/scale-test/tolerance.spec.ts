import { expect } from "chai";
import { parseTolerances } from "../../automation/scale-test/tolerance";
import { UsageError } from "../../automation/shared/errors";

const ALLOWED = "figures time-to-n, time-to-min, p99, failed-requests, demand, cost";
const RISE = (f: string, got: string) =>
  `--tolerance ${f} must be a rise from 0% to +1000%, such as ${f}=+20% (${f} is worse when higher), or off (got "${got}").`;

describe("--tolerance", () => {
  it("defaults to +20 % for the times, +100 % for p99, +0 % for failed requests, -25 % for demand; cost off", () => {
    expect(parseTolerances([])).to.deep.equal({
      "time-to-n": 0.2,
      "peak-replicas": null,
      "time-to-min": 0.2,
      p99: 1,
      "failed-requests": 0,
      demand: -0.25,
      cost: null,
    });
  });

  it("takes the sign as optional, decimals, and off", () => {
    expect(parseTolerances(["time-to-n=35%", "demand=-10.5%", "cost=+12.5 %", "p99=off"])).to.deep.include({
      "time-to-n": 0.35,
      demand: -0.105,
      cost: 0.125,
      p99: null,
    });
  });

  for (const [given, message] of [
    [["time-to-n"], `--tolerance takes FIGURE=+N%, such as time-to-n=+20%, for the ${ALLOWED} (got "time-to-n").`],
    [["latency=+20%"], `--tolerance names no figure "latency": the ${ALLOWED}.`],
    [["toString=+20%"], `--tolerance names no figure "toString": the ${ALLOWED}.`],
    [
      ["peak-replicas=+20%"],
      `--tolerance peak-replicas: peak-replicas is only reported (reported only: more may be right for more demand); the ${ALLOWED}.`,
    ],
    [["time-to-n=20"], RISE("time-to-n", "20")],
    [["time-to-n=-20%"], RISE("time-to-n", "-20%")],
    [["p99=+1e3%"], RISE("p99", "+1e3%")],
    [["p99=+1001%"], RISE("p99", "+1001%")],
    [
      ["demand=+25%"],
      '--tolerance demand must be a fall from 0% to -100%, such as demand=-25% (demand is worse when lower), or off (got "+25%").',
    ],
    [["p99=+50%", "p99=off"], "--tolerance p99 is given twice; give each figure once."],
  ] as Array<[string[], string]>) {
    it(`refuses ${given.join(" ")}, naming the flag and what is allowed`, () => {
      expect(() => parseTolerances(given)).to.throw(UsageError, message);
    });
  }
});
