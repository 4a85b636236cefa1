/**
 * Human progress on stderr: phase notes, one line per sample, warnings, and
 * Pulumi's engine output as it streams. On a terminal the sample line is live
 * (rewritten in place, as autocannon's progress bar) along with transient
 * status such as the wait for metrics; elsewhere (CI, a pipe, a file) each
 * sample is one plain line and transient status is left out, so a log shows
 * the run without carriage returns. Results never go here; they go to stdout.
 */
import { formatProgress } from "../report";
import type { Sample } from "../shared/results";

export interface Progress {
  /** A phase ("Deploying stack kind..."): one line. */
  note(text: string): void;
  /** An error or warning the user must see: one line. */
  warn(text: string): void;
  /** Transient status ("calibrating: 12 s at 40 req/s"): the live line on a terminal, nothing elsewhere. */
  live(text: string): void;
  /** A sample of the series: the live line on a terminal, one plain line elsewhere. */
  sample(sample: Sample): void;
  /** Raw engine output (Pulumi), passed through. */
  engine(text: string): void;
  /** Ends the live line so the next output starts on a fresh line. */
  done(): void;
}

/** Progress on the given stream (stderr by default). */
export function progress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let liveShown = false;
  const clear = () => {
    if (liveShown) stream.write("\r\x1b[2K");
    liveShown = false;
  };
  const line = (text: string) => {
    clear();
    stream.write(`${text}\n`);
  };
  const live = (text: string) => {
    if (!stream.isTTY) return;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns || 120) - 1)}`);
    liveShown = true;
  };
  return {
    note: line,
    warn: line,
    live,
    sample: (s) => (stream.isTTY ? live(formatProgress(s)) : line(formatProgress(s))),
    engine: (text) => {
      clear();
      stream.write(text);
    },
    done: clear,
  };
}
