/**
 * The top-level handler every CLI runs under: whatever goes wrong ends in one
 * sentence on stderr and the right exit code, never a stack trace; with
 * `--debug` the trace follows the sentence.
 */

/** Options of every CLI, handled here rather than by each parser. */
const DEBUG_FLAG = "--debug";

/** An error that knows its exit code (UsageError 2, PreflightError 1, ...). */
interface Coded {
  exitCode: number;
  message: string;
}

const isCoded = (err: unknown): err is Coded =>
  err instanceof Error && typeof (err as Partial<Coded>).exitCode === "number";

/** The sentence for an error and its exit code; anything unexpected is exit 1. */
export function describeFailure(name: string, err: unknown): { message: string; code: number } {
  if (isCoded(err)) {
    const hint = err.exitCode === 2 ? ` Run npm run ${name} -- --help for the options.` : "";
    return { message: `${name}: ${err.message}${hint}`, code: err.exitCode };
  }
  const text = err instanceof Error ? err.message : String(err);
  const first = text.split("\n")[0] || "unknown error";
  return { message: `${name}: unexpected error: ${first} (run with ${DEBUG_FLAG} for the trace).`, code: 1 };
}

/**
 * Runs `main` and exits with its code. Errors thrown or rejected anywhere,
 * including later in the event loop, end the process with their sentence.
 * `--debug` stays in argv: each CLI's parser accepts it, for errors it
 * reports itself.
 */
export function runCli(name: string, main: (argv: string[]) => Promise<number>, argv = process.argv.slice(2)): void {
  const debug = argv.includes(DEBUG_FLAG);
  const fail = (err: unknown) => {
    const { message, code } = describeFailure(name, err);
    process.stderr.write(`${message}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    exitAfterOutput(code);
  };
  process.on("uncaughtException", fail).on("unhandledRejection", fail);
  main(argv).then(exitAfterOutput, fail);
}

/**
 * Exits once stdout and stderr have passed on what was written to them: a pipe
 * may take writes asynchronously, and a plain process.exit cut `plan --json -`
 * into a slow reader at 64 KiB.
 */
function exitAfterOutput(code: number): void {
  let open = 2;
  const flushed = () => {
    open -= 1;
    if (open === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
}
