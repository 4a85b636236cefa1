/**
 * Human progress on stderr, shown only on a TTY: phase notes and the live
 * status line (rewritten in place). Warnings and errors, and Pulumi's engine
 * output as it streams, go to stderr always. Results never go here; they go
 * to stdout.
 */
export interface Progress {
  /** A phase ("Deploying stack kind..."): one line, TTY only. */
  note(text: string): void;
  /** An error or warning the user must see: one line, always. */
  warn(text: string): void;
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
  const line = (text: string) => {
    clear();
    stream.write(`${text}\n`);
  };
  return {
    note: (text) => {
      if (stream.isTTY) line(text);
    },
    warn: line,
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
