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

/** argv through node:util parseArgs, strictly (no unknown flags, no positionals); its complaints as UsageErrors. */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
