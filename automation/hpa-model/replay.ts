/**
 * The declared HPA replayed on what a cluster's controller reported, sync by
 * sync: one `HpaController` fed each sync's currentReplicas, the utilizations
 * of status.currentMetrics and the pods a sample showed then, so the model's
 * own answer to the same reading stands beside the cluster's. Its
 * recommendation history is its own (a healthy controller proposes the same
 * from the same reading); its scale-event history is the cluster's rescales,
 * since each next sync starts from the count the cluster chose. Histories from
 * before the first sync seen are unknown: the first sync starts them, as a
 * controller restart does. Pure.
 */
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from "./options";
import { HpaController, type ControllerOptions } from "./controller";
import type { PodMetric, PodView } from "./replica-calculator";
import { boundOf } from "./replay-words";
import { specSchedule, type HpaChange, type HpaSpec, type ModelWorkload } from "./spec";

/** What the cluster's controller reported at one sync, and the pods a sample showed at that second. */
export interface SyncReading {
  /** Seconds since load start. */
  t: number;
  /** status.currentReplicas; null when the status had none. */
  currentReplicas: number | null;
  /** status.desiredReplicas: the cluster's rescale goes into the scale-event history. */
  clusterDesired: number | null;
  /** The cluster's ScalingLimited condition was True: by its own account a policy or a bound cut its answer. */
  clusterLimited?: boolean;
  /** status.currentMetrics' averageUtilization per resource; a resource it did not report is absent. */
  utilization: Partial<Record<"cpu" | "memory", number>>;
  /** The pods at that second by readiness; undefined when no sample showed them. */
  pods?: {
    ready: number;
    pending: number;
    unready: number;
    /**
     * How long each Ready pod that turned Ready during the run had been Ready (at most `ready` of
     * them); the others have been Ready for longer than the CPU initialization period.
     */
    readyForSeconds?: number[];
  };
}

/** The model's decision for one sync. */
export interface ReplayedSync {
  /** The count the declared HPA asks for; null when the reading cannot be replayed. */
  desired: number | null;
  /** The largest metric proposal, and the recommendation after the stabilization windows. */
  proposed: number | null;
  stabilized: number | null;
  /** The rules that shaped the answer, in words ("Pods 4 per 30 s allowed +4, up to 6"); empty when none. */
  bound: string;
  /** Where the replay is not exact, and why. */
  caveats: string[];
  /** The cluster's other count is what the declared config asks from a reading the caveats name. */
  explained?: true;
}

/** What the replay takes: the declared workload, its changes over the run, and the controller's flags. */
export interface ReplayInput {
  workload: ModelWorkload;
  changes?: readonly HpaChange[];
  readings: readonly SyncReading[];
  options?: ControllerOptions & Pick<ModelOptions, "metricResolutionSeconds">;
  /** metrics-server's window: a pod Ready for less has no CPU sample that counts (groupPods). */
  metricWindowSeconds?: number;
}

/**
 * A ready pod's sample that reads back as the reported utilization. The status
 * truncates to whole percents, so the true figure lies in [u, u + 1): the
 * middle keeps the rounding off the second pass over left-out pods.
 */
function sampleFor(spec: HpaSpec, r: SyncReading, now: number, windowSeconds: number): PodMetric {
  const usage = (resource: "cpu" | "memory") => {
    const request = spec.metrics.find((m) => m.resource === resource)?.requestPerPod ?? 0;
    return (((r.utilization[resource] ?? 0) + 0.5) / 100) * request;
  };
  return { cpuMillicores: usage("cpu"), memoryBytes: usage("memory"), timestamp: now, windowSeconds };
}

/**
 * The pods as the controller's lister would show them. Ready pods from before
 * the run are long past their CPU initialization period; one Ready for less
 * than a metrics window has no CPU sample that counts yet (the newest sample
 * is taken as of the sync: the earliest it could be). Not-ready pods just
 * started, so their CPU is left out and counts at 0 % on a scale-up while
 * their memory sample counts (groupPods distrusts only CPU); Pending pods have
 * no sample.
 */
function podsFor(
  spec: HpaSpec,
  r: SyncReading,
  current: number,
  o: ControllerOptions,
  window: number,
  noMetricSeconds = 0,
): PodView[] {
  const now = r.t;
  const metric = sampleFor(spec, r, now, window);
  const long = now - o.cpuInitializationPeriodSeconds - 1;
  const pods = r.pods ?? { ready: current, pending: 0, unready: 0 };
  // How long each Ready pod has been Ready, where the reading says; the others since before the run.
  // Stryker disable next-line ArrayDeclaration: an age that is not a number fails `age <` as Infinity does, so the pod counts as Ready since before the run
  const readyFor = pods.readyForSeconds ?? [];
  const ages = Array.from({ length: pods.ready }, (_, i) => readyFor[i] ?? Infinity);
  // A pod Ready past its CPU initialization period sits at its end, where the controller trusts its sample.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: a pod Ready for the CPU initialization period less a second or longer starts that period or more before the sync either way, so the controller trusts its sample
  const readyAtOf = (age: number) => (age < o.cpuInitializationPeriodSeconds - 1 ? now - age : long);
  const pod = (age: number, ready: boolean, phase: "Running" | "Pending" = "Running"): PodView => {
    const readyAt = ready ? readyAtOf(age) : now;
    return {
      // Stryker disable next-line MethodExpression,ConditionalExpression: a pod Ready during the run is in its CPU initialization period whether it started a second before the sync or before it turned Ready, and one Ready since `long` is past it from either start
      startTime: ready && readyAt === long ? long : Math.min(readyAt, now) - 1,
      phase,
      ready,
      readyTransitionTime: readyAt,
      ...(phase === "Running" && !(ready && age < noMetricSeconds) ? { metric } : {}),
    };
  };
  return [
    ...ages.map((age) => pod(age, true)),
    ...Array.from({ length: pods.unready }, () => pod(0, false)),
    // Stryker disable next-line BooleanLiteral: the controller and the words leave a Pending pod out by its phase, whatever its readiness
    ...Array.from({ length: pods.pending }, () => pod(0, false, "Pending")),
  ];
}

/**
 * Where the replay asks for another count than the cluster: whether the
 * cluster's count is what the declared config asks if the pods Ready for less
 * than two metrics windows had no sample yet (metrics-server serves a pod's
 * first one up to a resolution after its window, and a missing pod counts at
 * 0 % on a scale-up). Not where the cluster says a limit cut its answer: the
 * readings then part on the rule, not on the samples. Returns the controller
 * that took that reading, and why.
 */
function missingMetrics(
  before: HpaController,
  args: { spec: HpaSpec; r: SyncReading; current: number; o: ControllerOptions; window: number },
): { controller: HpaController; why: string } | undefined {
  const { spec, r, current, o, window } = args;
  // Stryker disable next-line ArrayDeclaration: a list of one non-number passes as none does, failing `x <` like no time
  const fresh = (r.pods?.readyForSeconds ?? []).filter((x) => x < 2 * window).length;
  if (fresh === 0 || r.clusterDesired === null || r.clusterLimited) return undefined;
  const pods = podsFor(spec, r, current, o, window, 2 * window);
  const d = before.reconcile(r.t, current, pods, false);
  if (d.desiredReplicas !== r.clusterDesired) return undefined;
  const which = fresh === 1 ? "the pod" : `the ${fresh} pods`;
  return {
    controller: before,
    why: `${r.clusterDesired}, as the cluster asked, if ${which} Ready for less than two ${window} s metrics windows had no sample yet (a pod without one counts at 0 % on a scale-up)`,
  };
}

/** Why a reading cannot be replayed at all, or undefined when it can. */
function unreadable(spec: HpaSpec, r: SyncReading, current: number | null): string | undefined {
  if (current === null) return "the status carried no currentReplicas, so there is nothing to replay from";
  if (current < spec.minReplicas || current > spec.maxReplicas || current === 0) return undefined;
  const missing = spec.metrics.filter((m) => r.utilization[m.resource] === undefined).map((m) => m.resource);
  if (missing.length === 0) return undefined;
  return `the status reported no ${missing.join(" or ")} utilization, so the replay cannot read what the cluster read`;
}

/** Each reading's decision by the declared HPA, in order, with the controller's histories kept across them. */
export function replaySyncs(input: ReplayInput): ReplayedSync[] {
  const o = input.options ?? DEFAULT_MODEL_OPTIONS;
  const specs = specSchedule(input.workload, input.changes ?? [], o.downscaleStabilizationSeconds);
  // Stryker disable next-line OptionalChaining: the first spec runs from -Infinity, so some spec is always in force
  const specAt = (t: number) => specs.filter((s) => s.from <= t).pop()?.spec ?? specs[0].spec;
  const window = input.metricWindowSeconds ?? o.metricResolutionSeconds;
  let controller: HpaController | undefined;
  return input.readings.map((r) => {
    const spec = specAt(r.t);
    // Stryker disable next-line BooleanLiteral: the replay reads the decision's steps and its fixed early-return actions, never the words `explain` adds
    controller ??= new HpaController(spec, o, false);
    controller.spec = spec;
    const current = r.currentReplicas;
    const cannot = unreadable(spec, r, current);
    let replayed: ReplayedSync;
    if (cannot || current === null) {
      replayed = { desired: null, proposed: null, stabilized: null, bound: "", caveats: [cannot ?? ""] };
    } else {
      const pods = podsFor(spec, r, current, o, window);
      const before = controller.copy();
      const d = controller.reconcile(r.t, current, pods, false);
      const caveats = r.pods ? [] : [`no sample showed the pods' readiness then: all ${current} counted ready`];
      replayed = {
        desired: d.desiredReplicas,
        proposed: d.steps?.proposed ?? null,
        stabilized: d.steps?.stabilized ?? null,
        bound: boundOf({ decision: d, controller, now: r.t, pods, options: o, window }),
        caveats,
      };
      const missing =
        d.desiredReplicas === r.clusterDesired ? undefined : missingMetrics(before, { spec, r, current, o, window });
      if (missing) {
        // The cluster's answer has a reading that explains it: go on from there, as the cluster did.
        controller = missing.controller;
        replayed = { ...replayed, caveats: [...caveats, missing.why], explained: true };
      }
    }
    const { clusterDesired } = r;
    if (current !== null && clusterDesired !== null && clusterDesired !== current && spec.behavior) {
      controller.events.record(r.t, current, clusterDesired, spec.behavior);
    }
    return replayed;
  });
}
