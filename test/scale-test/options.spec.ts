import { expect } from "chai";
import { join } from "node:path";
import { UsageError } from "../../automation/shared/errors";
import { REPO_ROOT } from "../../automation/shared/repo";
import { parseOptions, ScaleTestOptions } from "../../automation/scale-test/options";
import { parseTolerances } from "../../automation/scale-test/tolerance";

const parse = (...argv: string[]) => parseOptions(argv) as ScaleTestOptions;

describe("scale-test options", () => {
  it("defaults to the kind stack, the backend's CPU endpoint, up to 100 connections and the derived rate cap", () => {
    expect(parse()).to.deep.equal({
      stack: "kind",
      target: "backend",
      durationSeconds: undefined,
      connections: 100,
      rate: undefined,
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
      scenario: undefined,
      baseline: undefined,
      // The defaults, pinned in tolerance.spec.ts.
      tolerances: parseTolerances([]),
      debug: false,
      loadFrom: undefined,
      loadPods: 1,
      loadgenImage: "feastflow-loadgen:0.2.0",
    });
  });

  it("loads the server-rendered menu on the frontend by default", () => {
    expect(parse("--target", "frontend")).to.deep.include({ target: "frontend", path: "/menu" });
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
      rate: 0,
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
      scenario: undefined,
      baseline: undefined,
      // The defaults, pinned in tolerance.spec.ts.
      tolerances: parseTolerances([]),
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

  it("takes a scenario by name, and its target with it", () => {
    const o = parse("--scenario", "flash-sale");
    expect([o.scenario?.name, o.scenario?.phases.length, o.target]).to.deep.equal(["flash-sale", 3, "backend"]);
    expect(parse("--scenario", "seed", "--target", "backend").target).to.equal("backend");
  });

  for (const [argv, message] of [
    [
      ["--scenario", "seed", "--target", "frontend"],
      "--target frontend contradicts scenario seed, whose target is backend; drop --target.",
    ],
    [
      ["--scenario", "seed", "--demand", "900", "--verify-scale-down"],
      "--scenario seed sets the demand, the run's length and what is expected of every sample, so it does not go with --demand, --verify-scale-down.",
    ],
    [["--scenario", "rush"], /^--scenario "rush" is neither a built-in scenario \(day, flash-sale, /],
  ] as Array<[string[], string | RegExp]>) {
    it(`refuses ${argv.join(" ")}`, () => {
      expect(() => parseOptions(argv)).to.throw(UsageError, message);
    });
  }

  describe("--baseline and --tolerance", () => {
    const step = join(REPO_ROOT, "test/fixtures/baseline/step-run.json");

    it("reads the previous run and sets each --tolerance over the defaults", () => {
      const o = parse(
        "--baseline",
        step,
        "--tolerance",
        "time-to-n=+35%",
        "--tolerance",
        "demand=-10%",
        "--tolerance",
        "p99=off",
      );
      expect(o.baseline?.expectations.scaleUpReplicas).to.equal(4);
      expect(o.tolerances).to.deep.include({ "time-to-n": 0.35, demand: -0.1, p99: null, "failed-requests": 0 });
      expect(parse("--baseline", step, "--tolerance", "cost=12.5%").tolerances.cost).to.equal(0.125);
    });

    for (const [argv, message] of [
      [
        ["--tolerance", "time-to-n=+20%"],
        "--tolerance judges the figures against a previous run, so it needs --baseline PREVIOUS.json.",
      ],
      [["--baseline", "run-1.json"], "--baseline run-1.json does not exist: give a previous run's --json file."],
    ] as Array<[string[], string]>) {
      it(`refuses ${argv.join(" ")}`, () => {
        expect(() => parseOptions(argv)).to.throw(UsageError, message);
      });
    }
  });

  it("returns help for --help and -h", () => {
    expect(parseOptions(["--help"])).to.equal("help");
    expect(parseOptions(["-h"])).to.equal("help");
  });

  for (const [argv, message] of [
    [["--bogus"], "Unknown option --bogus."],
    [["--connection", "10"], "Unknown option --connection (did you mean --connections?)."],
    [
      ["-c", "backend.autoscaling.maxReplicas", "20"],
      '-c takes KEY=VALUE as one word, e.g. -c backend.autoscaling.maxReplicas=20 (got "backend.autoscaling.maxReplicas" and then "20").',
    ],
    [["--max-errors", "-1"], '--max-errors must be a whole number from 0 to 1000000000 (got "-1").'],
    [["--rate", "--connections", "3"], "--rate needs a value."],
    [["--skip-deploy=yes"], '--skip-deploy takes no value; drop what follows its "=".'],
    [["there"], 'Unexpected argument "there": each option takes at most one value, and there are no other arguments.'],
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
    [
      ["--report", "-"],
      '--report names its format by its extension: run.html (the whole report, one self-contained page) or run.svg (the chart) (got "-").',
    ],
    [
      ["--report", "run.png"],
      '--report names its format by its extension: run.html (the whole report, one self-contained page) or run.svg (the chart) (got "run.png").',
    ],
  ] as Array<[string[], string]>) {
    it(`rejects ${argv.join(" ")} with a usage error`, () => {
      expect(() => parseOptions(argv)).to.throw(UsageError, message);
    });
  }
});
