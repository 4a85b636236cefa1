import { expect } from "chai";
import { UsageError } from "../../automation/shared/errors";
import { parseOptions, reconnectRate, ScaleTestOptions } from "../../automation/scale-test/options";

const parse = (...argv: string[]) => parseOptions(argv) as ScaleTestOptions;

describe("scale-test options", () => {
  it("defaults to the kind stack, the backend's CPU endpoint and a rate cap", () => {
    expect(parse()).to.deep.equal({
      stack: "kind",
      target: "backend",
      durationSeconds: undefined,
      connections: 10,
      rate: 80,
      path: "/api/menu/search?q=chicken",
      url: undefined,
      expectReplicas: undefined,
      withinSeconds: undefined,
      demandMillicores: undefined,
      maxErrors: 0,
      verifyScaleDown: false,
      skipDeploy: false,
      destroy: false,
      jsonFile: undefined,
      reportFile: undefined,
      config: {},
    });
  });

  it("loads / on the frontend by default", () => {
    expect(parse("--target", "frontend")).to.deep.include({ target: "frontend", path: "/", rate: 400 });
  });

  it("reads every flag", () => {
    const o = parse(
      ...["--stack", "dev", "--duration", "3m", "--connections", "20", "--rate", "0", "--path", "/api/health"],
      ...["--url", "http://127.0.0.1:5000", "--expect-replicas", "5", "--within", "200s", "--max-errors", "3"],
      ...["--demand", "900m"],
      ...["--verify-scale-down", "--skip-deploy", "--destroy", "--json", "out.json", "--report", "out.svg"],
      ...["--config", "backend.autoscaling.maxReplicas=20", "--config", "feastflow:backend.replicas=3"],
    );
    expect(o).to.deep.equal({
      stack: "dev",
      target: "backend",
      durationSeconds: 180,
      connections: 20,
      rate: undefined,
      path: "/api/health",
      url: "http://127.0.0.1:5000",
      expectReplicas: 5,
      withinSeconds: 200,
      demandMillicores: 900,
      maxErrors: 3,
      verifyScaleDown: true,
      skipDeploy: true,
      destroy: true,
      jsonFile: "out.json",
      reportFile: "out.svg",
      config: { "backend.autoscaling.maxReplicas": "20", "backend.replicas": "3" },
    });
  });

  it("reads --demand in millicores with or without the m suffix", () => {
    expect(parse("--demand", "1200").demandMillicores).to.equal(1200);
    expect(parse("--demand", "450m").demandMillicores).to.equal(450);
  });

  it("returns help for --help and -h", () => {
    expect(parseOptions(["--help"])).to.equal("help");
    expect(parseOptions(["-h"])).to.equal("help");
  });

  for (const [argv, message] of [
    [["--bogus"], "Unknown option '--bogus'"],
    [["--target", "db"], '--target must be backend or frontend (got "db").'],
    [["--connections", "0"], '--connections must be a whole number >= 1 (got "0").'],
    [["--rate", "fast"], '--rate must be a whole number >= 0 (got "fast").'],
    [["--duration", "soon"], '--duration must be a positive duration such as 90, 90s or 2m (got "soon").'],
    [["--path", "api"], '--path must start with "/" (got "api").'],
    [["--demand", "1.5"], '--demand must be a positive CPU amount in millicores such as 900 or 900m (got "1.5").'],
    [
      ["--config", "maxReplicas"],
      '--config takes KEY=VALUE, e.g. backend.autoscaling.maxReplicas=20 (got "maxReplicas").',
    ],
  ] as Array<[string[], string]>) {
    it(`rejects ${argv.join(" ")} with a usage error`, () => {
      expect(() => parseOptions(argv)).to.throw(UsageError, message);
    });
  }

  it("reconnects each connection about every 2 s at the capped rate", () => {
    expect(reconnectRate(80, 10)).to.equal(16);
    expect(reconnectRate(10, 10)).to.equal(5);
    expect(reconnectRate(undefined, 10)).to.equal(100);
  });
});
