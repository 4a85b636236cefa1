/**
 * The verdict in one sentence, for the top of the report and the chart's
 * title: the outcome in a word, then what decided it.
 */
import type { Verdict } from "../shared/results";

/** The outcome's word, as the text report prints it. */
export const OUTCOME_WORDS = { passed: "PASSED", failed: "FAILED", inconclusive: "INCONCLUSIVE" } as const;

/**
 * `FAILED: <the first failed check's sentence> (2 of 5 checks failed: envelope, scale-up).`
 * A pass names the scale-up it saw; an inconclusive run says why it could not judge.
 */
export function verdictSentence(v: Verdict): string {
  const word = OUTCOME_WORDS[v.outcome];
  const failed = v.checks.filter((c) => !c.passed);
  if (v.outcome === "inconclusive") {
    const why = v.inconclusive[0] ?? failed[0]?.message ?? "the load was too light to judge the HPA.";
    return `${word}: ${why}`;
  }
  if (v.outcome === "passed") {
    const up = v.checks.find((c) => c.name === "scale-up");
    const all = `all ${v.checks.length} checks passed`;
    return up ? `${word}: ${trimStop(up.message)}; ${all}.` : `${word}: ${all}.`;
  }
  const first = failed[0];
  if (!first) return `${word}.`;
  const more =
    failed.length > 1
      ? ` (${failed.length} of ${v.checks.length} checks failed: ${failed.map((c) => c.name).join(", ")})`
      : "";
  return `${word}: ${trimStop(first.message)}${more}.`;
}

const trimStop = (s: string): string => s.replace(/\.\s*$/, "");

/** Splits a sentence into lines of at most `width` characters at spaces, for an SVG title (SVG text does not wrap). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
