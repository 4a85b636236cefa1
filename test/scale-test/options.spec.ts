import { expect } from "chai";
import { UsageError } from "../../automation/shared/errors";
import { parseOptions, ScaleTestOptions } from "../../automation/scale-test/options";

const parse = (...argv: string[]) => parseOptions(argv) as ScaleTestOptions;

describe("scale-test options", () => {
  it("defaults to the kind stack, the backend's CPU endpoint and a 1000 req/s safety cap", () => {
    expect(parse()).to.deep.equal({
      stack: "kind",
      target: "backend",
      durationSeconds: undefined,
      connections: 20,
      rate: 1000,
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
      config: [],
      debug: false,
      loadFrom: undefined,
      loadPods: 1,
      loadgenImage: "feastflow-loadgen:0.2.0",
    });
  });

  it("loads / on the frontend by default", () => {
    expect(parse("--target", "frontend")).to.deep.include({ target: "frontend", path: "/", rate: 1000 });
  });

  it("reads every flag", () => {
    const o = parse(
      ...["--stack", "dev", "--duration", "4m", "--connections", "20", "--rate", "0", "--path", "/api/health"],
      ...["--url", "http://127.0.0.1:5000", "--expect-replicas", "5", "--within", "200s", "--max-errors", "3"],
      ...["--demand", "900m"],
      ...["--verify-scale-down", "--destroy", "--json", "out.json", "--report", "out.svg", "--debug"],
      ...["--config", "backend.autoscaling.maxReplicas=20", "-c", "feastflow:backend.replicas=3"],
    );
    expect(o).to.deep.equal({
      stack: "dev",
      target: "backend",
      durationSeconds: 240,
      connections: 20,
      rate: undefined,
      path: "/api/health",
      url: "http://127.0.0.1:5000",
      expectReplicas: 5,
      withinSeconds: 200,
      demandMillicores: 900,
      maxErrors: 3,
      verifyScaleDown: true,
      skipDeploy: false,
      destroy: true,
      jsonFile: "out.json",
      reportFile: "out.svg",
      config: [
        {
          key: "backend.autoscaling.maxReplicas",
          path: ["backend", "autoscaling", "maxReplicas"],
          text: "20",
          value: 20,
        },
        { key: "backend.replicas", path: ["backend", "replicas"], text: "3", value: 3 },
      ],
      debug: true,
      loadFrom: undefined,
      loadPods: 1,
      loadgenImage: "feastflow-loadgen:0.2.0",
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
    [["--target", "db"], '--target must be one of backend, frontend (got "db").'],
    [["--connections", "0"], '--connections must be a whole number from 1 to 1000 (got "0").'],
    [["--rate", "fast"], '--rate must be a whole number from 0 to 100000 (got "fast").'],
    [["--rate", "1e3"], '--rate must be a whole number from 0 to 100000 (got "1e3").'],
    [["--duration", "soon"], '--duration must be a duration from 1 s to 86400 s, such as 90, 90s or 2m (got "soon").'],
    [["--duration", ""], '--duration must be a duration from 1 s to 86400 s, such as 90, 90s or 2m (got "").'],
    [
      ["--path", "api"],
      '--path must be a request path starting with a single "/", without blanks, at most 2048 characters (got "api").',
    ],
    [["--path", "//evil.example/"], '--path must be a request path starting with a single "/"'],
    [["--demand", "1.5"], '--demand must be a CPU amount from 1m to 1000000m, such as 900 or 900m (got "1.5").'],
    [["--expect-replicas", "2147483648"], "--expect-replicas must be a whole number from 1 to 2147483647"],
    [["--url", "http://example.com:30500"], "--url: Refusing to send load to example.com:30500"],
    [["--url", "ftp://127.0.0.1/"], '--url: The load target "ftp://127.0.0.1/" must use http or https.'],
    [["--url", "http://127.0.0.1:30500/?q=1"], "--url must be a plain base URL"],
    [
      ["--config", "maxReplicas"],
      '--config takes KEY=VALUE, e.g. backend.autoscaling.maxReplicas=20 (got "maxReplicas").',
    ],
    [["--config", "__proto__.x=1"], "is not a config path"],
    [
      ["--duration", "60", "--within", "90"],
      "--within 90 s is beyond --duration 60 s: the load would stop before the deadline.",
    ],
    [
      ["--skip-deploy", "-c", "backend.autoscaling.maxReplicas=20"],
      "--config changes the stack's config, which only a deploy applies",
    ],
    [
      ["--json", "/nonexistent-dir/run.json"],
      "--json cannot be written: /nonexistent-dir does not exist or is not writable",
    ],
    [["--report", "-"], "--report needs a file path; the SVG does not go to stdout."],
  ] as Array<[string[], string]>) {
    it(`rejects ${argv.join(" ")} with a usage error`, () => {
      expect(() => parseOptions(argv)).to.throw(UsageError, message);
    });
  }
});
