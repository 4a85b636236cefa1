/** The words every report and verdict shares: counts with their noun, and durations. */

/** `1 replica`, `3 replicas`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Whole seconds, `35 s`. */
export function secs(t: number): string {
  return `${Math.round(t)} s`;
}

/** A compared figure's value with its unit: `25.1 s`, `209.7 ms`, `725m`, `3`; `—` when the run did not show it. */
export function figureText(value: number | null, unit: "s" | "ms" | "m" | ""): string {
  if (value === null) return "—";
  if (unit === "m") return `${Math.round(value)}m`;
  if (unit === "") return String(Math.round(value));
  return `${Math.round(value * 10) / 10} ${unit}`;
}

/** A relative change in whole percents, `+60 %`, `-5 %`, `±0 %`; `—` when it has no base. */
export function changeText(change: number | null): string {
  if (change === null) return "—";
  const percent = Math.round(change * 100);
  return percent === 0 ? "±0 %" : `${percent > 0 ? "+" : ""}${percent} %`;
}

/** A tolerance as --tolerance takes it, `+20 %`, `-25 %`; `off` when the figure is only reported. */
export function toleranceText(tolerance: number | null): string {
  if (tolerance === null) return "off";
  const percent = Math.round(tolerance * 1000) / 10;
  return `${tolerance < 0 ? "-" : "+"}${Math.abs(percent)} %`;
}
