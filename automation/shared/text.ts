/** The words every report and verdict shares: counts with their noun, and durations. */

/** `1 replica`, `3 replicas`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Whole seconds, `35 s`. */
export function secs(t: number): string {
  return `${Math.round(t)} s`;
}
