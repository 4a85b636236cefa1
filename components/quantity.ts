/**
 * Parsing of Kubernetes resource quantities, enough to compare requests with
 * limits and to turn CPU into millicores for the HPA model.
 * Accepted forms follow the Kubernetes quantity grammar for the suffixes people
 * actually write: plain numbers, `m` (milli), decimal k/M/G/T/P/E and binary
 * Ki/Mi/Gi/Ti/Pi/Ei, plus `n` and `u` (nano, micro), which the metrics API
 * uses for CPU. Surrounding spaces are refused, as the API server refuses them.
 */

const SUFFIX_FACTORS: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^(\d+(?:\.\d+)?|\.\d+)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** The quantity's value in base units (cores, bytes), or undefined if unparsable. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * SUFFIX_FACTORS[match[2] ?? ""];
}

/** CPU quantity in millicores ("200m" → 200, "0.5" → 500, "1" → 1000). */
export function cpuMillicores(text: string): number | undefined {
  const cores = parseQuantity(text);
  if (cores === undefined) return undefined;
  return Math.round(cores * 1000);
}

/** Memory quantity in bytes ("256Mi" → 268435456). Fractions of a byte (n, u, m) are rejected. */
export function memoryBytes(text: string): number | undefined {
  if (/[num]$/.test(text)) return undefined;
  const bytes = parseQuantity(text);
  return bytes === undefined ? undefined : Math.round(bytes);
}
