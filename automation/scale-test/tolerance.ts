/**
 * The figures --baseline compares, which way each gets worse, and the
 * relative tolerance it is judged by: the defaults and `--tolerance
 * FIGURE=+N%`. Pure; a bad value is a UsageError naming the flag and what is
 * allowed.
 */
import type { FigureName } from "../shared/results";
import { UsageError } from "../shared/errors";
import { toleranceText } from "../shared/text";

/** How a figure is judged: worse when higher, worse when lower, or only reported. */
export type Worse = "higher" | "lower" | "reported";

export interface FigureRule {
  worse: Worse;
  /** The default signed tolerance (+0.2: up to 20 % higher passes); null: reported, not judged, unless set. */
  tolerance: number | null;
  /** Why the default is what it is, for --help and the READMEs. */
  why: string;
}

/** Every figure in the order the comparison shows them. */
export const FIGURES: Record<FigureName, FigureRule> = {
  "time-to-n": {
    worse: "higher",
    tolerance: 0.2,
    why: "the HPA's way up, load start to N ready replicas",
  },
  "peak-replicas": {
    worse: "reported",
    tolerance: null,
    why: "reported only: more may be right for more demand",
  },
  "time-to-min": {
    worse: "higher",
    tolerance: 0.2,
    why: "the way down from load stop (a scenario: its last phase)",
  },
  p99: { worse: "higher", tolerance: 1, why: "runs of one config on a busy 2-core host differed 2×" },
  "failed-requests": { worse: "higher", tolerance: 0, why: "any more than before is worse" },
  demand: { worse: "lower", tolerance: -0.25, why: "produced: a lighter load is a weaker test" },
  cost: { worse: "higher", tolerance: null, why: "reported unless set: it differs between machines" },
};

export const FIGURE_NAMES = Object.keys(FIGURES) as FigureName[];

/** The figures a tolerance may be set for. */
const JUDGEABLE = FIGURE_NAMES.filter((f) => FIGURES[f].worse !== "reported");

/** The tolerance per figure: the defaults, overridden by --tolerance (null: off). */
export type Tolerances = Record<FigureName, number | null>;

/** The bounds of a tolerance, percent: a rise up to tenfold, a fall up to all of it. */
const MAX_RISE_PERCENT = 1000;
const MAX_FALL_PERCENT = 100;

const ALLOWED = `figures ${JUDGEABLE.join(", ")}`;

/** One `FIGURE=+N%` (or `FIGURE=off`): the figure and its signed tolerance. */
function parseOne(text: string): [FigureName, number | null] {
  const eq = text.indexOf("=");
  if (eq < 0) {
    throw new UsageError(
      `--tolerance takes FIGURE=+N%, such as time-to-n=+20%, for the ${ALLOWED} (got ${JSON.stringify(text.slice(0, 80))}).`,
    );
  }
  const name = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  // Own keys only: "toString" is no figure.
  if (!Object.hasOwn(FIGURES, name)) {
    throw new UsageError(`--tolerance names no figure ${JSON.stringify(name.slice(0, 40))}: the ${ALLOWED}.`);
  }
  const figure = name as FigureName;
  const rule = FIGURES[figure];
  if (rule.worse === "reported") {
    throw new UsageError(`--tolerance ${figure}: ${figure} is only reported (${rule.why}); the ${ALLOWED}.`);
  }
  if (value === "off") return [figure, null];
  const sign = rule.worse === "higher" ? "+" : "-";
  const max = rule.worse === "higher" ? MAX_RISE_PERCENT : MAX_FALL_PERCENT;
  const match = /^([+-]?)(\d{1,4}(?:\.\d{1,2})?) ?%$/.exec(value);
  const percent = match ? Number(match[2]) : NaN;
  if (!match || (match[1] !== "" && match[1] !== sign) || !(percent <= max)) {
    const example = `${sign}${rule.worse === "higher" ? 20 : 25}%`;
    throw new UsageError(
      `--tolerance ${figure} must be ${rule.worse === "higher" ? "a rise" : "a fall"} from 0% to ${sign}${max}%, such as ${figure}=${example} (${figure} is worse when ${rule.worse}), or off (got ${JSON.stringify(value.slice(0, 40))}).`,
    );
  }
  return [figure, (sign === "+" ? 1 : -1) * (percent / 100)];
}

/** The tolerances for a comparison: the defaults, with each --tolerance given in its place; a figure given twice is refused. */
export function parseTolerances(texts: string[]): Tolerances {
  const tolerances = Object.fromEntries(FIGURE_NAMES.map((f) => [f, FIGURES[f].tolerance])) as Tolerances;
  const given = new Set<FigureName>();
  for (const text of texts) {
    const [figure, tolerance] = parseOne(text);
    if (given.has(figure)) throw new UsageError(`--tolerance ${figure} is given twice; give each figure once.`);
    given.add(figure);
    tolerances[figure] = tolerance;
  }
  return tolerances;
}

/** The defaults in the help text's words, one line per figure. */
export function toleranceDefaults(indent: string): string {
  return FIGURE_NAMES.map((f) => {
    const rule = FIGURES[f];
    const value = rule.worse === "reported" ? "reported" : `${toleranceText(rule.tolerance)}`;
    return `${indent}${f.padEnd(16)}${value.padEnd(10)}${rule.why}`;
  }).join("\n");
}
