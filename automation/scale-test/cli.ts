/**
 * `npm run scale-test`: the thin CLI over run.ts. Parses options and judges
 * them against the stack's file (offline-checks.ts), wires Ctrl-C to an
 * AbortSignal, hands the result to publish.ts (stdout, --json, --report),
 * runs --destroy, and sets the exit code: 0 only when the verdict passes
 * (with --baseline, also no figure worse than its tolerance, baseline.ts). Heavy modules (Pulumi
 * SDK, Kubernetes client, autocannon, Vega) load only once they are needed, so
 * usage errors and a missing cluster are reported quickly.
 */
import { describeFailure, runCli } from "../shared/cli";
import { InterruptedError, UsageError } from "../shared/errors";
import type { RunSetup } from "../shared/results";
import { checkBaseline, compareWithBaseline, withBaseline } from "./baseline";
import { checkAgainstStack } from "./offline-checks";
import { parseOptions, ScaleTestOptions } from "./options";
import { USAGE } from "./usage";
import { progress } from "./progress";
import { publish, type CliIo } from "./publish";
import { runSetup } from "./run-setup";
import type { Opened, RunContext } from "./run";

export type { CliIo };

/** Exit status per outcome; 3 tells a run too light to judge apart from an HPA that failed. */
const EXIT_CODES = { passed: 0, failed: 1, inconclusive: 3 } as const;

const defaultIo = (): CliIo => ({ out: (text) => process.stdout.write(`${text}\n`), progress: progress() });

/** Tears the stack down after the run (--destroy); a failure here is reported, not hidden. */
async function tearDown(opened: Opened, io: CliIo, stackApi: RunContext["stackApi"]): Promise<boolean> {
  if (!opened.stack) return true;
  io.progress.note(`Destroying stack ${opened.stack.name} (pulumi destroy)...`);
  try {
    const { destroy } = await (stackApi ?? (() => import("./stack")))();
    await destroy(opened.stack, { onOutput: io.progress.engine });
    return true;
  } catch (err) {
    io.progress.warn((err as Error).message);
    return false;
  }
}

/** Runs the CLI and returns its exit code. */
export async function main(
  argv: string[],
  io: CliIo = defaultIo(),
  signal?: AbortSignal,
  seams: Partial<RunContext> & { projectDir?: string } = {},
): Promise<number> {
  let options: ScaleTestOptions;
  let setup: RunSetup;
  let compared: string[] = [];
  try {
    const parsed = parseOptions(argv);
    if (parsed === "help") {
      io.out(USAGE);
      return 0;
    }
    options = parsed;
    setup = runSetup(options, checkAgainstStack(options, seams.projectDir));
    if (options.baseline) {
      compared = checkBaseline(options.baseline, setup);
      if (!options.baseline.setup)
        io.progress.note(
          `${options.baseline.file} records no setup (an older run): compared only ${compared.join(", ")}.`,
        );
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.progress.warn(describeFailure("scale-test", err).message);
    return err.exitCode;
  }
  const abort = signal ?? new AbortController().signal;
  const opened: Opened = {};
  let code: number;
  try {
    const { runScaleTest } = await import("./run");
    const run = await runScaleTest(options, { ...seams, io: io.progress, signal: abort, opened });
    const { baseline, tolerances } = options;
    const result = baseline
      ? withBaseline({ ...run, setup }, compareWithBaseline(baseline, run, tolerances, compared))
      : { ...run, setup };
    await publish(result, options, io);
    code = EXIT_CODES[result.verdict.outcome];
  } catch (err) {
    io.progress.done();
    const failure = describeFailure("scale-test", err);
    io.progress.warn(failure.message);
    if (options.debug && err instanceof Error && err.stack) io.progress.warn(err.stack);
    code = failure.code;
  }
  if (options.destroy) {
    if (code === 130)
      io.progress.warn(`Interrupted: skipped --destroy; run \`pulumi destroy --stack ${options.stack}\` to clean up.`);
    else if (!(await tearDown(opened, io, seams.stackApi)) && code === 0) code = 1;
  }
  return code;
}

/** Ctrl-C / SIGTERM abort the run (load and watches stop, then exit 130); a second one exits at once. */
function interruptible(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${new InterruptedError(signal).message.replace("stopped", "stopping")}\n`);
    controller.abort(signal);
  };
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  return controller.signal;
}

if (require.main === module) {
  runCli("scale-test", (argv) => main(argv, defaultIo(), interruptible()));
}
