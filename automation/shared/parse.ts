/**
 * The option parsers both CLIs use for the same things. Each takes the flag's
 * name and the text as typed and returns a value in range, or throws a
 * UsageError that names the flag, what is allowed and what was given.
 * Numbers are plain decimal digits: no signs, exponents, hex or blanks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { WorkloadName } from "../../components/config";
import { UsageError } from "./errors";

const got = (text: string) => `(got ${JSON.stringify(text)})`;

/** A whole number within [min, max]. */
export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} ${got(text)}.`);
  }
  return value;
}

/** Seconds from `90`, `90s` or `2m`, within [min, max] seconds. */
export function seconds(flag: string, text: string, min: number, max: number): number {
  const match = /^(\d{1,7})(s|m)?$/.exec(text);
  const value = match ? Number(match[1]) * (match[2] === "m" ? 60 : 1) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${flag} must be a duration from ${min} s to ${max} s, such as 90, 90s or 2m ${got(text)}.`);
  }
  return value;
}

/** CPU in millicores from `900` or `900m`, within [min, max]. */
export function millicores(flag: string, text: string, min: number, max: number): number {
  const match = /^(\d{1,9})m?$/.exec(text);
  const value = match ? Number(match[1]) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${flag} must be a CPU amount from ${min}m to ${max}m, such as 900 or 900m ${got(text)}.`);
  }
  return value;
}

/** A node's CPUs as Kubernetes writes them (`4`, `2.5`, `1500m`), in millicores, within [min, max]. */
export function nodeCpu(flag: string, text: string, min: number, max: number): number {
  const m = /^(?:(\d{1,4}(?:\.\d{1,3})?)|(\d{1,7})m)$/.exec(text);
  const value = m ? (m[1] !== undefined ? Math.round(Number(m[1]) * 1000) : Number(m[2])) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${flag} must be CPUs from ${min}m to ${max / 1000}, such as 4, 2.5 or 1500m ${got(text)}.`);
  }
  return value;
}

/** A size in bytes with a binary suffix (`16Gi`, `512Mi`), within [min, max] bytes. */
export function binarySize(flag: string, text: string, min: number, max: number): number {
  const m = /^(\d{1,7})(Ki|Mi|Gi|Ti)$/.exec(text);
  const value = m ? Number(m[1]) * 1024 ** (["Ki", "Mi", "Gi", "Ti"].indexOf(m[2]) + 1) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(
      `${flag} must be a size from ${min / 2 ** 20}Mi to ${max / 2 ** 40}Ti, such as 16Gi or 512Mi ${got(text)}.`,
    );
  }
  return value;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")} ${got(text)}.`);
  }
  return text as T;
}

/** The workload a command acts on. */
export function workload(flag: string, text: string): WorkloadName {
  return oneOf(flag, text, ["backend", "frontend"] as const);
}

/**
 * A file the command will write at the end: `-` (stdout) or a path whose
 * directory exists and is writable and which is not itself a directory.
 * Checked first, so a long run cannot end in an unwritable path.
 */
export function outputFile(flag: string, file: string): string {
  if (file === "-") return file;
  if (file === "" || /[\0\n]/.test(file)) throw new UsageError(`${flag} needs a file path ${got(file)}.`);
  const resolved = path.resolve(file);
  if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) {
    throw new UsageError(`${flag} names a directory, not a file ${got(file)}.`);
  }
  try {
    fs.accessSync(fs.existsSync(resolved) ? resolved : path.dirname(resolved), fs.constants.W_OK);
  } catch {
    throw new UsageError(
      `${flag} cannot be written: ${path.dirname(resolved)} does not exist or is not writable ${got(file)}.`,
    );
  }
  return file;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Edit distance between two words (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/** The known flag closest to a mistyped one, when one is close (a typo, a missing or extra letter). */
function closest(flag: string, options: Options): string | undefined {
  const typed = flag.replace(/^-+/, "").split("=")[0];
  const known = Object.keys(options);
  const prefixed = known.filter((name) => name.startsWith(typed) || typed.startsWith(name));
  const near = known
    .map((name) => ({ name, d: distance(typed, name) }))
    .filter(({ d }) => d <= Math.max(1, Math.floor(typed.length / 4)))
    .sort((x, y) => x.d - y.d);
  const best = near[0]?.name ?? (prefixed.length === 1 ? prefixed[0] : undefined);
  return best === undefined ? undefined : `--${best}`;
}

/**
 * A string flag followed by a value that starts with "-" (`--max-errors -1`)
 * takes it as its value, so the flag's own parser says what it allows;
 * parseArgs would call it ambiguous in three lines. A known flag in that
 * place is left alone: it is the next flag, and the first misses its value.
 */
function attachDashValues(argv: string[], options: Options): string[] {
  const byName = new Map<string, Options[string]>();
  for (const [name, o] of Object.entries(options)) {
    byName.set(`--${name}`, o);
    if (o.short) byName.set(`-${o.short}`, o);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    const takesValue = byName.get(argv[i])?.type === "string";
    if (takesValue && next !== undefined && next.startsWith("-") && next !== "--" && !byName.has(next.split("=")[0])) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

/** parseArgs' complaint as one sentence that names the flag and, where it can, what was meant. */
function reworded(error: Error & { code?: string }, argv: string[], options: Options): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const meant = closest(quoted, options);
    return `Unknown option ${quoted}${meant ? ` (did you mean ${meant}?)` : ""}.`;
  }
  if (error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const at = argv.indexOf(quoted);
    const before = argv[at - 1];
    if (at >= 2 && ["-c", "--config"].includes(argv[at - 2]) && before !== undefined && !before.includes("=")) {
      return `${argv[at - 2]} takes KEY=VALUE as one word, e.g. ${argv[at - 2]} ${before}=${quoted} (got "${before}" and then "${quoted}").`;
    }
    return `Unexpected argument ${JSON.stringify(quoted)}: each option takes at most one value, and there are no other arguments.`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = quoted.split(" ")[0];
    if (/does not take/.test(error.message)) return `${flag} takes no value; drop what follows its "=".`;
    // Missing, or "ambiguous": the next word is another flag, so this one has no value.
    return `${flag} needs a value.`;
  }
  return error.message.split("\n")[0];
}

/** argv through node:util parseArgs, strictly (no unknown flags, no positionals); its complaints as UsageErrors. */
export function parseFlags<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: attachDashValues(argv, options), options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(reworded(error as Error & { code?: string }, argv, options));
  }
}
