import { expect } from "chai";
import { verdictSentence, wrap } from "../../automation/report/verdict-line";
import type { Check, Verdict } from "../../automation/shared/results";

const check = (name: Check["name"], passed: boolean, message: string): Check => ({ name, passed, message });
const verdict = (outcome: Verdict["outcome"], checks: Check[], inconclusive: string[] = []): Verdict => ({
  passed: outcome === "passed",
  outcome,
  inconclusive,
  checks,
  explanations: [],
});

describe("the verdict in one sentence", () => {
  it("says a pass with the scale-up it saw", () => {
    const v = verdict("passed", [
      check("scale-up", true, "Reached 4 ready replicas 60 s after load started (expected within 130 s)."),
      check("failed-requests", true, "0 failed requests (budget 0)."),
    ]);
    expect(verdictSentence(v)).to.equal(
      "PASSED: Reached 4 ready replicas 60 s after load started (expected within 130 s); all 2 checks passed.",
    );
  });

  it("says a failure with the first failed check, and names the others that failed", () => {
    const v = verdict("failed", [
      check("envelope", false, "At 90 s 2 replicas were ready, below the envelope (5)."),
      check("scale-up", false, "Never reached 4 ready replicas."),
      check("failed-requests", true, "0 failed requests (budget 0)."),
    ]);
    expect(verdictSentence(v)).to.equal(
      "FAILED: At 90 s 2 replicas were ready, below the envelope (5) (2 of 3 checks failed: envelope, scale-up).",
    );
    expect(verdictSentence(verdict("failed", [check("scale-up", false, "Never reached 4.")]))).to.equal(
      "FAILED: Never reached 4.",
    );
  });

  it("says why a run too light could not judge the HPA", () => {
    const v = verdict(
      "inconclusive",
      [check("demand", false, "The load produced 100m.")],
      ["Aim higher: --demand 700m."],
    );
    expect(verdictSentence(v)).to.equal("INCONCLUSIVE: Aim higher: --demand 700m.");
  });

  it("wraps a long sentence at spaces for an SVG title", () => {
    expect(wrap("one two three four", 9)).to.deep.equal(["one two", "three", "four"]);
    expect(wrap("unbreakable-word", 4)).to.deep.equal(["unbreakable-word"]);
  });
});
