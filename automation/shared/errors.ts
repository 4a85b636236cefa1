/**
 * Errors the scale test reports as one sentence and an exit code, instead of a
 * stack trace: the message says what is wrong and what to do about it.
 */

/** A problem with how the command was called; exit code 2 and a pointer to --help. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Something about the environment stops the test (cluster, Pulumi, metrics); exit code 1. */
export class PreflightError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = "PreflightError";
  }
}

/** The user interrupted the run (Ctrl-C); exit code 130 as shells expect. */
export class InterruptedError extends Error {
  readonly exitCode = 130;
  constructor(signal: string) {
    super(`Interrupted by ${signal}; stopped load and watches.`);
    this.name = "InterruptedError";
  }
}

/** Throws the InterruptedError for an aborted signal (Ctrl-C); returns when it has not aborted. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError(String(signal.reason ?? "SIGINT"));
}
