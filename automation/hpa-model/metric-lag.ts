/**
 * Metric lags no sync can tell apart. The controller sees a sample only at a
 * sync, and then the latest one that has arrived: with a lag shorter than the
 * scrape period, the one scraped at the latest s with s + lag <= t. Two lags
 * read alike at every sync when no scrape falls between t - the longer lag
 * and t - the shorter one, for any sync t; then a run for one of them is a run
 * for both, sample for sample and decision for decision.
 */

/** Ticks every `period` seconds from `first` (0 <= first < period). */
interface Ticks {
  first: number;
  period: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Whether lags `a` < `b` make some sync read a different scrape. */
function told(a: number, b: number, scrapes: Ticks, syncs: Ticks): boolean {
  // Stryker disable next-line ArithmeticOperator: a multiple of the cycle holds the same syncs over again
  const cycle = (scrapes.period / gcd(scrapes.period, syncs.period)) * syncs.period;
  // Stryker disable next-line EqualityOperator: the sync at first + cycle reads as the one at first
  for (let t = syncs.first; t < syncs.first + cycle; t += syncs.period) {
    // The latest scrape at or before t - a, on the scrapes' lattice (times before 0 recur a cycle on).
    const latest = t - a - ((((t - a - scrapes.first) % scrapes.period) + scrapes.period) % scrapes.period);
    if (latest > t - b) return true;
  }
  return false;
}

/**
 * The lags in groups that read alike at these scrapes and syncs, in the
 * order given. A lag of a whole scrape period or more reads no sample at all
 * after the first (the next scrape replaces it before it arrives); such lags
 * stay alone.
 */
export function lagClasses(lags: readonly number[], scrapes: Ticks, syncs: Ticks): number[][] {
  const classes: number[][] = [];
  for (const lag of lags) {
    const alike = classes.find(
      (c) =>
        c[0] < scrapes.period &&
        lag < scrapes.period &&
        // Stryker disable next-line MethodExpression: told(x, x) is false, and the every() below asks c[0] again anyway
        !told(Math.min(c[0], lag), Math.max(c[0], lag), scrapes, syncs) &&
        // Stryker disable next-line MethodExpression: alike is transitive (no scrape between a and b nor b and c: none between a and c), so c[0] above decides
        c.every((other) => !told(Math.min(other, lag), Math.max(other, lag), scrapes, syncs)),
    );
    if (alike) alike.push(lag);
    else classes.push([lag]);
  }
  return classes;
}
