/**
 * The load pods of one run as the scale test sees them: it lists them,
 * follows each one's log as soon as its container starts, reads the protocol
 * lines (pod-protocol.ts) once each even when a log stream has to be
 * reopened, and notices a pod that ended without saying so. What the lines
 * say is kept here; windows go straight to the caller.
 */
import type { LoadCluster, LoadPod } from "./cluster-api";
import { parseLine, type WindowLine } from "./pod-protocol";

export interface PodEvents {
  started(index: number, share: number): void;
  window(index: number, line: WindowLine): void;
  /** The pod stopped loading: it said so (lost false) or its log ended without a word (lost true). */
  ended(index: number, lost: boolean): void;
}

type Follow = "new" | "following" | "idle" | "final";
const TERMINAL = new Set(["Succeeded", "Failed"]);

export class RunPods {
  readonly ready = new Map<number, { probeMs: number; at: number; receivedMs: number }>();
  /** When each pod started loading, its clock. */
  readonly startedAt = new Map<number, number>();
  readonly done = new Set<number>();
  readonly failed = new Map<number, string>();
  readonly lost = new Set<number>();
  readonly names = new Map<number, string>();
  readonly nodes = new Map<number, string>();
  /** Pods that are not running as they should, one sentence each. */
  problems: string[] = [];
  /** A problem waiting will not fix. */
  fatal: string | undefined;
  /** Set when a pod speaks another protocol version. */
  protocolError: Error | undefined;
  private readonly follow = new Map<string, { state: Follow; terminalWhenFollowed: boolean; stop?: () => void }>();
  private readonly lastSeq = new Map<number, number>();
  /** The last lines a pod printed outside the protocol (an error, a stack trace). */
  private readonly chatter = new Map<number, string[]>();

  constructor(
    private readonly cluster: LoadCluster,
    private readonly runId: string,
    private readonly events: PodEvents,
  ) {}

  /** Lists the pods, follows the ones that started, and marks the ones that ended without a word as lost. */
  async refresh(): Promise<void> {
    const pods = await this.cluster.pods(this.runId);
    this.problems = pods.filter((p) => p.problem).map((p) => `${p.name}: ${p.problem}`);
    const fatal = pods.find((p) => p.fatal);
    this.fatal = fatal && `${fatal.name}: ${fatal.problem}`;
    for (const pod of pods) {
      this.names.set(pod.index, pod.name);
      if (pod.node) this.nodes.set(pod.index, pod.node);
      const f = this.follow.get(pod.name) ?? { state: "new" as Follow, terminalWhenFollowed: false };
      this.follow.set(pod.name, f);
      if (pod.started && (f.state === "new" || f.state === "idle")) await this.startFollowing(pod, f);
    }
  }

  private async startFollowing(pod: LoadPod, f: { state: Follow; terminalWhenFollowed: boolean; stop?: () => void }) {
    f.state = "following";
    f.terminalWhenFollowed = TERMINAL.has(pod.phase);
    try {
      f.stop = await this.cluster.follow(
        pod.name,
        (text) => this.line(pod.index, text),
        () => {
          // A stream read after the pod ended holds its whole log; one cut short while it ran is reopened.
          f.state = f.terminalWhenFollowed ? "final" : "idle";
          if (f.state === "final" && !this.done.has(pod.index) && !this.failed.has(pod.index)) {
            this.lost.add(pod.index);
            this.events.ended(pod.index, true);
          }
        },
      );
    } catch {
      f.state = "idle";
    }
  }

  private line(podIndex: number, text: string): void {
    let line;
    try {
      line = parseLine(text);
    } catch (err) {
      this.protocolError ??= err as Error;
      return;
    }
    if (!line) {
      const kept = [...(this.chatter.get(podIndex) ?? []), text.slice(0, 300)].slice(-5);
      this.chatter.set(podIndex, kept);
      return;
    }
    const i = line.index;
    if (line.seq <= (this.lastSeq.get(i) ?? -1)) return;
    this.lastSeq.set(i, line.seq);
    switch (line.type) {
      case "ready":
        this.ready.set(i, { probeMs: line.probeMs, at: line.at, receivedMs: Date.now() });
        break;
      case "started":
        this.startedAt.set(i, line.at);
        this.events.started(i, line.share);
        break;
      case "window":
        this.events.window(i, line);
        break;
      case "done":
        this.done.add(i);
        this.events.ended(i, false);
        break;
      case "failed":
        this.failed.set(i, line.reason);
        break;
    }
  }

  /** What a pod printed besides the protocol, for an error message. */
  chatterOf(index: number): string {
    return (this.chatter.get(index) ?? []).join(" | ");
  }

  /** Stops following every log. */
  close(): void {
    for (const f of this.follow.values()) f.stop?.();
  }
}
