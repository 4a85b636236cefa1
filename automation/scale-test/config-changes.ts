/**
 * A scenario's stack config changes, applied as an operator would: `pulumi
 * config set --path` and `pulumi up`, through the Automation API, while the
 * load runs; and taken back at the end, pass or fail, with the values the
 * stack had and a plain `pulumi up`. Each change is marked with when it was
 * applied, when the up finished, and when the cluster's HPA had it (its spec
 * changed, and the controller first synced with the new one), read off the
 * HPA watch's log.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { PreflightError } from "../shared/errors";
import type { ConfigChangeMark } from "../shared/results";
import type { TimingLog } from "./cluster-timing";
import type { StackApi } from "./prepare";
import type { Progress } from "./progress";
import type { ProgramChange } from "./program";
import type { SavedConfig } from "./stack";

/** One change as it happened, epoch ms. */
interface Applied {
  change: ProgramChange;
  startedMs: number;
  doneMs?: number;
  error?: string;
}

export class ConfigChanges {
  private readonly applied: Applied[] = [];
  private saved: SavedConfig = [];
  /** The ups run one after another, as an operator's would. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly stack: Stack,
    private readonly api: Pick<StackApi, "setConfig" | "restoreConfig" | "deploy">,
    private readonly io: Progress,
  ) {}

  /** Starts applying a change now; the load goes on meanwhile. */
  apply(change: ProgramChange): void {
    const entry: Applied = { change, startedMs: Date.now() };
    this.applied.push(entry);
    const what = change.config.map((c) => `${c.key}=${String(c.value)}`).join(", ");
    this.io.note(`Phase ${change.phase}: pulumi config set --path ${what}, then pulumi up...`);
    this.queue = this.queue.then(async () => {
      try {
        this.saved.push(...(await this.api.setConfig(this.stack, change.config)));
        await this.api.deploy(this.stack, { onOutput: () => undefined });
        entry.doneMs = Date.now();
        this.io.note(
          `Phase ${change.phase}: the stack has ${what} (pulumi up took ${Math.round((entry.doneMs - entry.startedMs) / 1000)} s).`,
        );
      } catch (err) {
        entry.error = (err as Error).message.split("\n")[0];
        this.io.warn(`Phase ${change.phase}: applying ${what} failed: ${entry.error}`);
      }
    });
  }

  /** Waits for the changes under way; throws when one failed, since the run then did not drive its scenario. */
  async settled(): Promise<void> {
    await this.queue;
    const failed = this.applied.find((a) => a.error);
    if (failed) {
      throw new PreflightError(
        `The scenario's config change at phase ${failed.change.phase} could not be applied (${failed.error}), so the run did not drive the scenario it was asked to.`,
      );
    }
  }

  /** Puts back every value a change set, and runs pulumi up; says so when it cannot. */
  async restore(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.saved.length === 0) return;
    const keys = [...new Set(this.saved.map((s) => s.key))].join(", ");
    this.io.note(`Restoring the stack's config (${keys}) and running pulumi up...`);
    // The first value saved for a key is the stack's own; restoring newest first ends on it.
    await this.api.restoreConfig(this.stack, this.saved);
    this.saved = [];
    await this.api.deploy(this.stack, { onOutput: () => undefined });
  }

  /** Each change with its times as seconds since `t0Ms`, matched in order to the HPA's spec changes. */
  marks(log: TimingLog, t0Ms: number): ConfigChangeMark[] {
    const seconds = (ms: number | undefined) => (ms === undefined ? undefined : (ms - t0Ms) / 1000);
    const specs = [...log.specChanges];
    return this.applied.flatMap((a) => {
      const spec = specs.find((s) => s.atMs >= a.startedMs);
      if (spec) specs.splice(specs.indexOf(spec), 1);
      return a.change.config.map((c) => ({
        key: c.key,
        value: String(c.value),
        appliedSeconds: (a.startedMs - t0Ms) / 1000,
        upDoneSeconds: seconds(a.doneMs),
        specSeconds: seconds(spec?.atMs),
        takenSeconds: seconds(spec?.observedAtMs),
      }));
    });
  }
}
