import { expect } from "chai";
import { parseScenario } from "../../automation/scenario";
import { UsageError } from "../../automation/shared/errors";

/** A scenario file with one phase whose fields are `phase`, YAML-serialized by hand. */
const one = (phase: string, head = "name: t") => `${head}\nphases:\n  - ${phase}\n`;

/** The message of parsing `text`, which must fail with a UsageError. */
function problem(text: string): string {
  try {
    parseScenario(text, "bad.yaml");
  } catch (err) {
    expect(err).to.be.instanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`parsed: ${text}`);
}

describe("scenario files", () => {
  it("reads a flash sale with each kind of amount, a ramp, a config change and the defaults", () => {
    const s = parseScenario(
      [
        "name: flash-sale",
        "phases:",
        "  - { name: before, seconds: 60, demand: 2 pods }",
        "  - name: sale",
        "    seconds: 7m",
        "    config: { backend.autoscaling.maxReplicas: 20, 'feastflow:backend.autoscaling.scaleUp.selectPolicy': Max }",
        "    demand: { from: 700m, to: 1.5 }",
        "  - { name: quiet, seconds: 90s }",
        "  - { name: clients, seconds: 30, concurrency: 10 }",
        "  - { name: trickle, seconds: 30, rate: 0.5 }",
      ].join("\n"),
      "flash.yaml",
    );
    expect(s).to.deep.equal({
      name: "flash-sale",
      description: "",
      target: "backend",
      source: "flash.yaml",
      phases: [
        { name: "before", seconds: 60, config: [], load: { kind: "demand", from: { pods: 2 }, to: { pods: 2 } } },
        {
          name: "sale",
          seconds: 420,
          config: [
            { key: "backend.autoscaling.maxReplicas", value: 20 },
            { key: "backend.autoscaling.scaleUp.selectPolicy", value: "Max" },
          ],
          load: { kind: "demand", from: { millicores: 700 }, to: { millicores: 1500 } },
        },
        {
          name: "quiet",
          seconds: 90,
          config: [],
          load: { kind: "demand", from: { millicores: 0 }, to: { millicores: 0 } },
        },
        { name: "clients", seconds: 30, config: [], load: { kind: "concurrency", clients: 10 } },
        { name: "trickle", seconds: 30, config: [], load: { kind: "rate", perSecond: 0.5 } },
      ],
    });
  });

  it("takes JSON as well", () => {
    const s = parseScenario(
      '{"name": "j", "target": "frontend", "phases": [{"name": "a", "seconds": 5, "demand": "1 pod"}]}',
      "j.json",
    );
    expect([s.target, s.phases[0].load]).to.deep.equal([
      "frontend",
      { kind: "demand", from: { pods: 1 }, to: { pods: 1 } },
    ]);
  });

  // Twenty malformed files, each refused in one sentence that names the key, the value and what is allowed.
  const cases: Array<[string, string, RegExp]> = [
    [
      "an unknown top-level key",
      "name: t\nphase: []\nphases:\n  - { name: a, seconds: 5 }",
      /phase is not a known key; allowed: name, description, target, phases/,
    ],
    [
      "an unknown phase key (a typo)",
      one("{ name: a, second: 5, seconds: 5 }"),
      /phases\[0\]\.second is not a known key; allowed: name, seconds, demand, concurrency, rate, config/,
    ],
    [
      "negative seconds",
      one("{ name: a, seconds: -5 }"),
      /phases\[0\]\.seconds \(-5\) must be whole seconds from 1 to 604800, such as 90, "90s" or "3m"/,
    ],
    ["fractional seconds", one("{ name: a, seconds: 1.5 }"), /phases\[0\]\.seconds \(1.5\) must be whole seconds/],
    ["seconds in days", one("{ name: a, seconds: 2d }"), /phases\[0\]\.seconds \("2d"\) must be whole seconds/],
    ["missing seconds", one("{ name: a }"), /phases\[0\]\.seconds \(undefined\) must be whole seconds/],
    [
      "a demand unit that does not exist",
      one("{ name: a, seconds: 5, demand: 7 gpus }"),
      /phases\[0\]\.demand \("7 gpus"\) must be millicores \("700m"\), cores \(1.5\) or pods' worth at the CPU target \("6 pods"\), at least 0/,
    ],
    ["a negative demand", one("{ name: a, seconds: 5, demand: -2 }"), /phases\[0\]\.demand \(-2\) must be millicores/],
    [
      "fractional millicores",
      one("{ name: a, seconds: 5, demand: 0.5m }"),
      /phases\[0\]\.demand \("0.5m"\) must be millicores/,
    ],
    [
      "a ramp with one end",
      one("{ name: a, seconds: 5, demand: { from: 2 pods } }"),
      /phases\[0\]\.demand is a ramp and needs both ends, from and to \(missing to\)/,
    ],
    [
      "a ramp with a bad end",
      one("{ name: a, seconds: 5, demand: { from: 2 pods, to: lots } }"),
      /phases\[0\]\.demand\.to \("lots"\) must be millicores/,
    ],
    [
      "two loads in one phase",
      one("{ name: a, seconds: 5, demand: 1 pod, rate: 3 }"),
      /phases\[0\] gives demand and rate; a phase takes one of demand, concurrency or rate/,
    ],
    [
      "a fractional concurrency",
      one("{ name: a, seconds: 5, concurrency: 2.5 }"),
      /phases\[0\]\.concurrency \(2.5\) must be a whole number of clients from 1 to 1000/,
    ],
    [
      "a negative rate",
      one("{ name: a, seconds: 5, rate: -1 }"),
      /phases\[0\]\.rate \(-1\) must be requests per second from 0 to 100000/,
    ],
    [
      "a config key outside the target's HPA",
      one("{ name: a, seconds: 5, config: { backend.resources.requests.cpu: 100m } }"),
      /phases\[0\]\.config\.backend\.resources\.requests\.cpu is not the target's HPA: a scenario changes backend\.autoscaling\.\* only/,
    ],
    [
      "a config value that is not plain",
      one("{ name: a, seconds: 5, config: { backend.autoscaling.maxReplicas: [20] } }"),
      /phases\[0\]\.config\.backend\.autoscaling\.maxReplicas \(\[20\]\) must be a plain value/,
    ],
    [
      "a config key that is no path",
      one("{ name: a, seconds: 5, config: { 'backend.autoscaling.max Replicas': 3 } }"),
      /is not a config path such as backend\.autoscaling\.maxReplicas/,
    ],
    [
      "a duplicate phase name",
      "name: t\nphases:\n  - { name: a, seconds: 5 }\n  - { name: a, seconds: 5 }",
      /phases\[1\]\.name \("a"\) names an earlier phase too; phase names are unique/,
    ],
    ["no phases", "name: t\nphases: []", /phases must be a list of 1 to 50 phases/],
    [
      "an unknown target",
      one("{ name: a, seconds: 5 }", "name: t\ntarget: db"),
      /target \("db"\) must be backend or frontend/,
    ],
    [
      "a name that is no DNS label",
      one("{ name: a, seconds: 5 }", "name: Flash Sale"),
      /name \("Flash Sale"\) must be a lowercase DNS label such as flash-sale/,
    ],
    ["a file that is not YAML", "name: [t\nphases", /^Scenario bad\.yaml is not valid YAML: /],
    ["a list instead of a map", "- name: a", /^Scenario bad\.yaml must be a map with name, phases/],
  ];
  for (const [what, text, expected] of cases) {
    it(`refuses ${what} in one sentence`, () => {
      const message = problem(text);
      expect(message).to.match(expected);
      expect(message).to.match(/^Scenario bad\.yaml (is not valid|must be)/);
      expect(message.endsWith(".")).to.equal(true);
      expect(message.split("\n")).to.have.length(1);
    });
  }

  it("names every problem at once", () => {
    const message = problem(
      "name: t\nphases:\n  - { name: a, seconds: 0, demand: x }\n  - { name: b, seconds: 5, rate: -1 }",
    );
    expect(message).to.equal(
      'Scenario bad.yaml is not valid: phases[0].seconds (0) must be whole seconds from 1 to 604800, such as 90, "90s" or "3m"; ' +
        'phases[0].demand ("x") must be millicores ("700m"), cores (1.5) or pods\' worth at the CPU target ("6 pods"), at least 0; ' +
        "phases[1].rate (-1) must be requests per second from 0 to 100000.",
    );
  });
});
