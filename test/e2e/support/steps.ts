/**
 * The end-to-end run as steps that each report their own result. A failed
 * step does not stop the run: a later step runs unless it needs a step that
 * failed or was skipped, and is then reported as skipped, with the reason.
 */
import type { Context } from "mocha";

export type StepResult = "passed" | "failed" | "skipped";

export class Steps {
  readonly results = new Map<string, { result: StepResult; note: string }>();

  /**
   * A mocha test body for step `name`, which runs only if every step in
   * `needs` passed.
   */
  run(name: string, needs: string[], body: (this: Context) => Promise<void>): (this: Context) => Promise<void> {
    const results = this.results;
    return async function (this: Context) {
      const missing = needs.filter((need) => results.get(need)?.result !== "passed");
      if (missing.length > 0) {
        results.set(name, { result: "skipped", note: `needs ${missing.join(", ")}` });
        this.skip();
      }
      try {
        await body.call(this);
        results.set(name, { result: "passed", note: "" });
      } catch (err) {
        results.set(name, { result: "failed", note: (err as Error).message.split("\n")[0] });
        throw err;
      }
    };
  }

  /** One line per step, in the order they ran. */
  summary(): string {
    return [...this.results]
      .map(([name, { result, note }]) => `  ${result.padEnd(7)} ${name}${note ? ` (${note})` : ""}`)
      .join("\n");
  }
}
