/**
 * The end-to-end run's figures: every step's duration and measurements, kept
 * in one JSON file in the artifacts folder and printed at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type Figures = Record<string, unknown>;

export class FigureLog {
  readonly figures: Figures = {};
  readonly file: string;

  constructor(
    readonly dir: string,
    name = "e2e.json",
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, name);
  }

  /** Records figures under a step name and rewrites the JSON file, so a failed run still leaves what it measured. */
  record(step: string, values: Figures): void {
    this.figures[step] = { ...(this.figures[step] as Figures | undefined), ...values };
    fs.writeFileSync(this.file, `${JSON.stringify(this.figures, null, 2)}\n`);
  }

  /** Times an async step and records its duration in seconds. */
  async timed<T>(step: string, work: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      return await work();
    } finally {
      this.record(step, { seconds: Math.round((Date.now() - start) / 100) / 10 });
    }
  }

  /** One line per step, for the end of the run. */
  summary(): string {
    return Object.entries(this.figures)
      .map(([step, values]) => `  ${step}: ${JSON.stringify(values)}`)
      .join("\n");
  }
}
