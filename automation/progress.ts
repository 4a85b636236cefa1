/**
 * Human progress on stderr: phase notes always (one line each, useful in CI
 * logs), the live status line only on a TTY (rewritten in place), engine
 * output as it streams. Results never go here; they go to stdout.
 */
export interface Progress {
  /** A phase or a warning: one line on stderr. */
  note(text: string): void;
  /** The live status line, shown only on a TTY. */
  live(text: string): void;
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
  return {
    note: (text) => {
      clear();
      stream.write(`${text}\n`);
    },
    live: (text) => {
      if (!stream.isTTY) return;
      stream.write(`\r\x1b[2K${text.slice(0, (stream.columns || 120) - 1)}`);
      liveShown = true;
    },
    engine: (text) => {
      clear();
      stream.write(text);
    },
    done: clear,
  };
}
