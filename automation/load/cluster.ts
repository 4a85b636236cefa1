/**
 * Load from inside the cluster, behind the same LoadGenerator/LoadRun as
 * local load. probe() removes load Jobs a killed run left behind, creates
 * this run's Indexed Job (cluster-job.ts) and waits until every pod has
 * reached the Service and said so. start() sets one start time on the pods'
 * clocks, a few seconds ahead, in the control ConfigMap the pods poll, so
 * nobody loads until everyone is ready and all start together. While the
 * load runs, rate changes go through the same ConfigMap (with a heartbeat:
 * pods of a scale test that died stop by themselves), and the pods' windows
 * come back through their logs and merge exactly (cluster-merge.ts).
 * stop() and close() remove the Job with its pods, on pass, fail, error and
 * Ctrl-C alike.
 */
import { InterruptedError, PreflightError } from "../shared/errors";
import { sleep } from "../shared/sleep";
import { median } from "../shared/stats";
import type { LoadCluster } from "./cluster-api";
import { controlName, jobName, LOADGEN_SELECTOR, loadObjects, newRunId, RUN_LABEL } from "./cluster-job";
import { PodWindows } from "./cluster-merge";
import { RunPods } from "./cluster-pods";
import type { LoadGenerator, LoadOrigin, LoadRun } from "./load-run";
import { type Control, controlData, controlRate } from "./pod-protocol";
import { assertServiceTarget } from "./target-guard";
import { decodeWindow } from "./window";

export interface JobTiming {
  /** How long the pods may take to be scheduled, start and reach the Service. */
  readyTimeoutMs: number;
  /** How often the pods are listed while the run waits on them, and while it loads. */
  pollMs: number;
  /** How far ahead of now the common start is set: the pods poll the control every second. */
  leadMs: number;
  /** How often the heartbeat is bumped; the pods stop after 45 s without one (pod-runner.ts). */
  heartbeatMs: number;
  /** How long stop() waits for the pods' last windows before removing them. */
  stopTimeoutMs: number;
}

const JOB_TIMING: JobTiming = {
  readyTimeoutMs: 180_000,
  pollMs: 1000,
  leadMs: 3000,
  heartbeatMs: 10_000,
  stopTimeoutMs: 15_000,
};

export interface ClusterLoadOptions {
  cluster: LoadCluster;
  namespace: string;
  /** The stack's Service, from its outputs. */
  service: { name: string; port: number };
  /** http://<service>.<namespace>.svc:<port><path> */
  url: string;
  pods: number;
  /** The most connections over all pods, split in whole numbers, at least one per pod. */
  connections: number;
  image: string;
  /** The pods stop by themselves after this long. */
  maxSeconds: number;
  signal: AbortSignal;
  /** Progress for people (stderr). */
  note: (text: string) => void;
  timing?: Partial<JobTiming>;
  runId?: string;
}

/** Load from a Job of load pods; see the file comment. */
export function clusterLoadGenerator(options: ClusterLoadOptions): LoadGenerator {
  const o = options;
  const t = { ...JOB_TIMING, ...o.timing };
  const runId = o.runId ?? newRunId();
  const job = jobName(runId);
  const connections = Math.max(o.connections, o.pods);
  assertServiceTarget(o.url, { name: o.service.name, namespace: o.namespace, port: o.service.port });

  const windows = new PodWindows((index) => pods.names.get(index) ?? `${job}-${index}`);
  const pods = new RunPods(o.cluster, runId, {
    started: (index, share) => windows.started(index, share),
    window: (index, line) =>
      windows.add(index, {
        window: decodeWindow(line.window),
        share: line.share,
        cpuPercent: line.health.cpuPercent,
        eventLoopP99Ms: line.health.eventLoopP99Ms,
      }),
    ended: (index, lost) => windows.ended(index, lost),
  });
  const control: Control = { rate: 0, stop: false, heartbeat: 0 };
  let writes: Promise<void> = Promise.resolve();
  const writeControl = () => {
    const data = controlData(control);
    writes = writes
      .then(() => o.cluster.writeControl(controlName(runId), data))
      .catch((err: Error) => o.note(`Could not update the load pods' control: ${err.message.split("\n")[0]}`));
    return writes;
  };
  let heartbeat: NodeJS.Timeout | undefined;
  let monitor: Promise<void> | undefined;
  const halt = new AbortController();
  let removed: Promise<void> | undefined;

  /** Stops watching and removes the run's objects, once. */
  const remove = (): Promise<void> =>
    (removed ??= (async () => {
      clearInterval(heartbeat);
      halt.abort();
      await monitor;
      pods.close();
      await writes;
      await o.cluster.remove(`${RUN_LABEL}=${runId}`);
    })());

  /** Lists the pods every pollMs while the run lives; a failed read is retried on the next round. */
  const watchPods = async () => {
    while (!halt.signal.aborted) {
      await pods.refresh().catch(() => undefined);
      await sleep(t.pollMs, halt.signal);
    }
  };

  /** Waits until `done()` holds; throws on a fatal problem, the timeout or Ctrl-C (after removing the run). */
  const waitFor = async (what: string, done: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const problem = trouble();
      if (problem) throw problem;
      if (o.signal.aborted) throw new InterruptedError(String(o.signal.reason ?? "SIGINT"));
      if (Date.now() > deadline) {
        const why = pods.problems.length > 0 ? pods.problems : await o.cluster.jobProblems(job).catch(() => []);
        throw new PreflightError(
          `The ${o.pods} load pods of Job ${job} were not ${what} within ${Math.round(timeoutMs / 1000)} s` +
            `${why.length > 0 ? `: ${why.slice(0, 3).join("; ")}` : ""}.`,
        );
      }
      await sleep(200, o.signal);
    }
  };

  /** What makes waiting pointless: a pod that gave up, one that cannot run, another protocol. */
  const trouble = (): Error | undefined => {
    if (pods.protocolError) return new PreflightError(`Load pod: ${pods.protocolError.message}.`);
    const [index, reason] = [...pods.failed][0] ?? [];
    if (reason !== undefined) return new Error(`load pod ${index}: ${reason}`);
    if (pods.fatal) return new PreflightError(`A load pod of Job ${job} cannot run: ${pods.fatal}.`);
    const lost = [...pods.lost][0];
    if (lost !== undefined) {
      const said = pods.chatterOf(lost);
      return new PreflightError(`Load pod ${lost} of Job ${job} ended early${said ? `: ${said}` : ""}.`);
    }
    return undefined;
  };

  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      await remove();
      throw err;
    }
  };

  return {
    probe: () =>
      guarded(async () => {
        const leftovers = await o.cluster.remove(LOADGEN_SELECTOR);
        if (leftovers.length > 0) {
          o.note(`Removed load Job(s) left by an earlier run: ${leftovers.map(jobName).join(", ")}.`);
        }
        const clusterIP = await o.cluster.serviceIP(o.service.name, o.service.port);
        await o.cluster.create(
          loadObjects({
            runId,
            namespace: o.namespace,
            service: { ...o.service, clusterIP },
            url: o.url,
            pods: o.pods,
            connections,
            image: o.image,
            maxSeconds: o.maxSeconds,
            readySeconds: Math.ceil(t.readyTimeoutMs / 1000),
            control,
          }),
        );
        heartbeat = setInterval(() => {
          control.heartbeat++;
          void writeControl();
        }, t.heartbeatMs);
        heartbeat.unref();
        monitor = watchPods();
        o.note(
          `Load Job ${job}: ${o.pods} pod(s) of ${o.image} in ${o.namespace}, waiting until each reaches ${o.url}...`,
        );
        await waitFor("ready", () => pods.ready.size >= o.pods, t.readyTimeoutMs);
        return median([...pods.ready.values()].map((r) => r.probeMs)) ?? 0;
      }),

    start: (rate) =>
      guarded(async () => {
        // The start on the pods' clocks: the newest clock a ready line showed, aged by the time since it arrived.
        const podNow = Math.max(...[...pods.ready.values()].map((r) => r.at + (Date.now() - r.receivedMs)));
        control.rate = controlRate(rate);
        control.startAt = podNow + t.leadMs;
        await writeControl();
        await waitFor("loading", () => pods.startedAt.size >= o.pods, t.leadMs + 15_000);
        const spread = startSpread();
        o.note(`Load pods: ${o.pods} started within ${spread} ms of each other (barrier at +${t.leadMs / 1000} s).`);
        return run();
      }),

    close: remove,
  };

  function startSpread(): number | null {
    if (pods.startedAt.size < o.pods) return null;
    const starts = [...pods.startedAt.values()];
    return Math.max(...starts) - Math.min(...starts);
  }

  function run(): LoadRun {
    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        control.stop = true;
        await writeControl();
        const over = () => [...pods.startedAt.keys()].every((i) => pods.done.has(i) || pods.lost.has(i));
        const deadline = Date.now() + t.stopTimeoutMs;
        while (!over() && Date.now() < deadline) await sleep(200, halt.signal);
        await remove();
      })());
    const done = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        const over = [...pods.startedAt.keys()].every((i) => pods.done.has(i) || pods.lost.has(i));
        if (over || removed) {
          clearInterval(check);
          resolve();
        }
      }, 500);
      check.unref();
    });
    return {
      done,
      setRate: (next) => {
        // What the pods read: the rate as the ConfigMap holds it, each taking rate ÷ pods.
        const rate = controlRate(next);
        if (rate === control.rate && control.concurrency === undefined) return;
        control.rate = rate;
        control.concurrency = undefined;
        void writeControl();
      },
      rate: () => (control.concurrency === undefined ? control.rate : 0),
      setConcurrency: (clients) => {
        if (!(Number.isInteger(clients) && clients >= 1)) {
          throw new RangeError(`a concurrency must be a whole number of clients >= 1, got ${clients}`);
        }
        if (clients === control.concurrency) return;
        control.concurrency = clients;
        void writeControl();
      },
      concurrency: () => control.concurrency,
      takeWindow: () => windows.take(),
      responsesBetween: (from, to) => windows.responsesBetween(from, to),
      origin: (): LoadOrigin => ({
        from: "cluster",
        job,
        run: runId,
        pods: windows.totals().map((p) => ({
          name: pods.names.get(p.index) ?? `${job}-${p.index}`,
          index: p.index,
          node: pods.nodes.get(p.index) ?? "",
          startedAtMs: pods.startedAt.get(p.index) ?? null,
          shareReqPerSec: p.shareReqPerSec,
          reachedReqPerSec: p.reachedReqPerSec,
          lost: p.lost,
        })),
        startSpreadMs: startSpread(),
      }),
      stop,
    };
  }
}
