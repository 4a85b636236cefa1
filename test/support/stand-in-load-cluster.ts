/**
 * A LoadCluster (automation/load/cluster-api.ts) that runs the load pods'
 * own program in this process: each pod is runPod against a target on
 * loopback (the Service's cluster name mapped to it, as hostAliases map it
 * on a cluster), reading the control the adapter writes and writing its
 * lines to a log the adapter follows. Pods can be slowed, made to fail or
 * killed, and every call is recorded.
 */
import type { LoadCluster, LoadPod } from "../../automation/load/cluster-api";
import { LOADGEN_SELECTOR, RUN_LABEL, type LoadObjects } from "../../automation/load/cluster-job";
import { parseControl } from "../../automation/load/pod-protocol";
import { connectionsOf, runPod, type PodTiming } from "../../automation/load/pod-runner";
import { probeLatencyMs } from "../../automation/load/probe";

export interface StandInOptions {
  /** Where the pods' requests really go, e.g. http://127.0.0.1:40123. */
  target: string;
  /** Run ids of Jobs an earlier run left in the namespace. */
  leftovers?: string[];
  /** How long pod `index` takes to reach its target before it says it is ready. */
  readyDelayMs?: (index: number) => number;
  /** A problem every pod has, which waiting will not fix; its pods never start. */
  fatal?: string;
  podTiming?: Partial<PodTiming>;
  probe?: (url: string) => Promise<number>;
}

interface Listener {
  onLine: (text: string) => void;
  onEnd: () => void;
}

interface StandInPod {
  name: string;
  index: number;
  lines: string[];
  listeners: Set<Listener>;
  ended: boolean;
  killed: boolean;
  abort: AbortController;
  exit: Promise<unknown>;
}

/** Waits `ms`; a pod's abort (its deletion) cuts the wait short with an error. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(new Error("pod deleted"))), { once: true });
  });

export class StandInLoadCluster implements LoadCluster {
  readonly calls: string[] = [];
  readonly controls = new Map<string, Record<string, string>>();
  created: LoadObjects | undefined;
  private runId = "";
  private started: StandInPod[] = [];
  /** Every line any pod wrote, kept after the pods are removed. */
  private readonly log: string[] = [];

  constructor(private readonly options: StandInOptions) {}

  async serviceIP(name: string, port: number): Promise<string> {
    this.calls.push(`serviceIP ${name}:${port}`);
    return "10.96.0.15";
  }

  async remove(selector: string): Promise<string[]> {
    this.calls.push(`remove ${selector}`);
    const all = selector === LOADGEN_SELECTOR;
    const found = all ? [...(this.options.leftovers ?? []), ...(this.runId ? [this.runId] : [])] : [];
    if (all) this.options.leftovers = [];
    if (all || selector === `${RUN_LABEL}=${this.runId}`) {
      for (const pod of this.started) pod.abort.abort();
      await Promise.all(this.started.map((pod) => pod.exit));
      this.started = [];
      this.controls.clear();
    }
    return found;
  }

  async create(objects: LoadObjects): Promise<void> {
    this.calls.push(`create ${objects.job.metadata?.name}`);
    this.created = objects;
    this.runId = objects.job.metadata?.labels?.[RUN_LABEL] ?? "";
    this.controls.set(objects.configMap.metadata?.name ?? "", { ...objects.configMap.data });
    if (this.options.fatal) return;
    const env = Object.fromEntries(
      (objects.job.spec?.template.spec?.containers[0].env ?? []).map((e) => [e.name, e.value ?? ""]),
    );
    const pods = Number(env.LOAD_PODS);
    const service = new URL(env.TARGET_URL);
    const url = `${this.options.target}${service.pathname}${service.search}`;
    for (let index = 0; index < pods; index++) this.started.push(this.startPod(env, url, index, pods));
  }

  private startPod(env: Record<string, string>, url: string, index: number, pods: number): StandInPod {
    const pod: StandInPod = {
      name: `${env.CONTROL_CONFIGMAP.replace(/-control$/, "")}-${index}-abcde`,
      index,
      lines: [],
      listeners: new Set(),
      ended: false,
      killed: false,
      abort: new AbortController(),
      exit: Promise.resolve(),
    };
    const probe = this.options.probe ?? probeLatencyMs;
    pod.exit = runPod({
      url,
      allowedHosts: [],
      index,
      pods,
      connections: connectionsOf(Number(env.CONNECTIONS), index, pods),
      maxSeconds: Number(env.MAX_SECONDS),
      readControl: async () => {
        const data = this.controls.get(env.CONTROL_CONFIGMAP);
        return data ? parseControl(data) : "gone";
      },
      write: (text) => {
        if (pod.killed) return;
        pod.lines.push(text);
        this.log.push(text);
        for (const l of pod.listeners) l.onLine(text);
      },
      signal: pod.abort.signal,
      timing: { pollMs: 50, ...this.options.podTiming },
      probe: async (target) => {
        await sleep(this.options.readyDelayMs?.(index) ?? 0, pod.abort.signal);
        return probe(target);
      },
    }).finally(() => this.end(pod));
    return pod;
  }

  private end(pod: StandInPod): void {
    if (pod.ended) return;
    pod.ended = true;
    for (const l of pod.listeners) l.onEnd();
  }

  /** The pod's process dies: no further lines, its log ends. */
  kill(index: number): void {
    const pod = this.started.find((p) => p.index === index);
    if (!pod) return;
    pod.killed = true;
    this.end(pod);
    pod.abort.abort();
  }

  /** Every line the pods wrote so far. */
  lines(): string[] {
    return [...this.log];
  }

  /** Pods still running their program. */
  running(): number {
    return this.started.filter((p) => !p.ended).length;
  }

  async writeControl(name: string, data: Record<string, string>): Promise<void> {
    if (!this.controls.has(name)) throw new Error(`configmaps "${name}" not found`);
    this.controls.set(name, { ...this.controls.get(name), ...data });
  }

  async pods(runId: string): Promise<LoadPod[]> {
    if (runId !== this.runId) return [];
    if (this.options.fatal) {
      const count = this.created?.job.spec?.parallelism ?? 0;
      return Array.from({ length: count }, (_, index) => ({
        name: `pod-${index}`,
        index,
        node: "",
        phase: "Pending",
        started: false,
        problem: this.options.fatal,
        fatal: true,
      }));
    }
    return this.started.map((p) => ({
      name: p.name,
      index: p.index,
      node: `node-${p.index % 2 ? "b" : "a"}`,
      phase: p.ended ? (p.killed ? "Failed" : "Succeeded") : "Running",
      started: true,
    }));
  }

  async jobProblems(): Promise<string[]> {
    return [];
  }

  async follow(name: string, onLine: (text: string) => void, onEnd: () => void): Promise<() => void> {
    const pod = this.started.find((p) => p.name === name);
    if (!pod) throw new Error(`pods "${name}" not found`);
    const listener = { onLine, onEnd };
    for (const text of pod.lines) onLine(text);
    if (pod.ended) setImmediate(onEnd);
    else pod.listeners.add(listener);
    return () => pod.listeners.delete(listener);
  }
}
