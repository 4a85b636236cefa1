import { expect } from "chai";
import { ConfigError, parseConfig } from "../../../components/config";
import { isLabelKey, isLabelValue } from "../../../components/config/scheduling";

function problemsOf(scheduling: unknown): string[] {
  try {
    parseConfig({ backend: { scheduling } });
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the config to be rejected");
}

const TAINT = { key: "kwok.x-k8s.io/node", operator: "Exists", effect: "NoSchedule" };

describe("config: scheduling (components/config/scheduling)", function () {
  it("defaults to no nodeSelector and no tolerations", function () {
    expect(parseConfig({}).backend.scheduling).to.deep.equal({ nodeSelector: {}, tolerations: [] });
  });

  it("takes a nodeSelector and tolerations as Kubernetes does", function () {
    const scheduling = {
      nodeSelector: { type: "kwok", "topology.kubernetes.io/zone": "eu-1a", empty: "" },
      tolerations: [
        TAINT,
        { key: "dedicated", value: "sale", effect: "NoExecute", tolerationSeconds: 30 },
        { operator: "Exists" },
      ],
    };
    expect(parseConfig({ backend: { scheduling } }).backend.scheduling).to.deep.equal(scheduling);
  });

  it("replaces the tolerations whole and merges the nodeSelector with the defaults", function () {
    const config = parseConfig({ backend: { scheduling: { tolerations: [TAINT] } } });
    expect(config.backend.scheduling).to.deep.equal({ nodeSelector: {}, tolerations: [TAINT] });
    expect(config.frontend.scheduling).to.deep.equal({ nodeSelector: {}, tolerations: [] });
  });

  it("reads null as the defaults", function () {
    expect(
      parseConfig({ backend: { scheduling: { nodeSelector: null, tolerations: null } } }).backend.scheduling,
    ).to.deep.equal({
      nodeSelector: {},
      tolerations: [],
    });
  });

  const cases: [string, unknown, string][] = [
    [
      "a nodeSelector that is a list",
      { nodeSelector: ["type=kwok"] },
      'backend.scheduling.nodeSelector (["type=kwok"]) must be an object',
    ],
    [
      "a label key with a space",
      { nodeSelector: { "my type": "kwok" } },
      'backend.scheduling.nodeSelector key "my type" must be a label key',
    ],
    [
      "a label key with an uppercase prefix",
      { nodeSelector: { "Example.com/x": "y" } },
      'key "Example.com/x" must be a label key',
    ],
    [
      "a label value of 64 characters",
      { nodeSelector: { type: "k".repeat(64) } },
      "backend.scheduling.nodeSelector.type",
    ],
    [
      "a label value that is a number",
      { nodeSelector: { type: 1 } },
      "backend.scheduling.nodeSelector.type (1) must be a label value",
    ],
    ["tolerations that are an object", { tolerations: TAINT }, "backend.scheduling.tolerations ({"],
    [
      "a toleration that is a string",
      { tolerations: ["kwok"] },
      'backend.scheduling.tolerations[0] ("kwok") must be an object',
    ],
    [
      "an unknown operator",
      { tolerations: [{ key: "a", operator: "In" }] },
      'tolerations[0].operator ("In") must be one of: Equal, Exists',
    ],
    [
      "an unknown effect",
      { tolerations: [{ key: "a", effect: "NoRun" }] },
      "must be one of: NoSchedule, PreferNoSchedule, NoExecute",
    ],
    [
      "an empty key without Exists",
      { tolerations: [{ value: "x" }] },
      'tolerations[0].key ("") may be empty only with operator "Exists"',
    ],
    [
      "a value with Exists",
      { tolerations: [{ key: "a", operator: "Exists", value: "x" }] },
      'tolerations[0].value ("x") must be empty with operator "Exists"',
    ],
    [
      "tolerationSeconds without NoExecute",
      { tolerations: [{ key: "a", effect: "NoSchedule", tolerationSeconds: 5 }] },
      'needs effect "NoExecute"',
    ],
    [
      "negative tolerationSeconds",
      { tolerations: [{ key: "a", effect: "NoExecute", tolerationSeconds: -1 }] },
      "tolerationSeconds (-1) must be an integer between 0",
    ],
    [
      "an unknown toleration field",
      { tolerations: [{ key: "a", operatr: "Exists" }] },
      "tolerations[0].operatr is not a known key (did you mean operator?)",
    ],
    [
      "an unknown scheduling key",
      { affinity: {} },
      "backend.scheduling.affinity is not a known key; allowed: nodeSelector, tolerations",
    ],
  ];
  for (const [what, scheduling, expected] of cases) {
    it(`rejects ${what}, naming the key`, function () {
      expect(problemsOf(scheduling).join("\n")).to.include(expected);
    });
  }

  it("says a runaway list is too long in one line", function () {
    const problems = problemsOf({ tolerations: Array.from({ length: 1000 }, () => ({ key: "bad key" })) });
    expect(problems).to.deep.equal(["backend.scheduling.tolerations (1000 tolerations) must hold at most 64"]);
  });

  it("knows the label grammar's edges", function () {
    expect(isLabelKey("a")).to.equal(true);
    expect(isLabelKey("a".repeat(63))).to.equal(true);
    expect(isLabelKey("a".repeat(64))).to.equal(false);
    expect(isLabelKey("-a")).to.equal(false);
    expect(isLabelKey("a/")).to.equal(false);
    expect(isLabelKey("/a")).to.equal(false);
    expect(isLabelKey(`${"a".repeat(253)}/b`)).to.equal(true);
    expect(isLabelKey(`${"a".repeat(254)}/b`)).to.equal(false);
    expect(isLabelKey("a/b/c")).to.equal(false);
    expect(isLabelValue("")).to.equal(true);
    expect(isLabelValue("a_b.c-d")).to.equal(true);
    expect(isLabelValue("a_")).to.equal(false);
  });
});
