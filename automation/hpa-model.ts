/**
 * A model of the Kubernetes HorizontalPodAutoscaler controller, so the timeline
 * the old guide wrote by hand ("0 s: 2 replicas … 45 s: 4 …") is computed from
 * the stack config and a load profile instead.
 *
 * It follows kubernetes `pkg/controller/podautoscaler` (horizontal.go,
 * replica_calculator.go) rule by rule: the utilization is the integer percent of
 * summed usage over summed requests; tolerance 0.1; desired =
 * ceil(readyPods × utilization / target); pending, unready and metric-less pods
 * are counted as the controller counts them; the largest metric proposal wins;
 * behavior stabilization windows and rate-limit policies replay the controller's
 * own recommendation and scale-event history. Around it sits a small world:
 * pods that take time to start and become Ready, a Service that spreads demand
 * over Ready pods, and metrics-server, whose CPU rate for a pod needs two
 * scrapes.
 *
 * Pure: no I/O, no clock. Time is whole seconds since load start.
 */
import type { Resources, ScalingPolicy, ScalingRules } from "../components/config-types";
import { cpuMillicores, memoryBytes } from "../components/quantity";
import type { LoadProfile } from "./load-profile";

/** Knobs of the controller and of the world around it. Defaults are Kubernetes' own where it has one. */
export interface ModelOptions {
  /** kube-controller-manager --horizontal-pod-autoscaler-sync-period. */
  syncPeriodSeconds: number;
  /** First sync after load start; the phase is random on a real cluster. */
  syncOffsetSeconds: number;
  /** --horizontal-pod-autoscaler-tolerance: ratios within 1 ± this do not scale. */
  tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period: how long a new pod's CPU samples are distrusted. */
  cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay. */
  initialReadinessDelaySeconds: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization: used when behavior gives no scale-down window. */
  downscaleStabilizationSeconds: number;
  /** metrics-server --metric-resolution: one scrape every this many seconds. */
  metricResolutionSeconds: number;
  /** First scrape after load start. 5 s puts scrapes between syncs, the usual case. */
  scrapeOffsetSeconds: number;
  /** Pod created → container running: scheduling plus start of a locally present image. */
  podStartSeconds: number;
  /** Pod created → Ready: start plus the readiness probe's first success. */
  podReadySeconds: number;
  /** Working set of one pod, whatever its load: memory participates without driving the scale. */
  memoryBytesPerPod: number;
  /** Extra working set per millicore of CPU a pod burns (0: memory is flat). */
  memoryBytesPerMillicore: number;
  /** Total demand before t = 0, i.e. what the metrics saw before the load started. */
  preloadMillicores: number;
  /** Replicas at t = 0; defaults to minReplicas (what an idle HPA settles at). */
  initialReplicas?: number;
}

export const DEFAULT_MODEL_OPTIONS: Readonly<ModelOptions> = {
  syncPeriodSeconds: 15,
  syncOffsetSeconds: 0,
  tolerance: 0.1,
  cpuInitializationPeriodSeconds: 300,
  initialReadinessDelaySeconds: 30,
  downscaleStabilizationSeconds: 300,
  metricResolutionSeconds: 15,
  scrapeOffsetSeconds: 5,
  podStartSeconds: 2,
  podReadySeconds: 10,
  memoryBytesPerPod: 100 * 2 ** 20,
  memoryBytesPerMillicore: 0,
  preloadMillicores: 0,
};

/**
 * What the model needs of a workload. A `WorkloadConfig` fits as is; scaleUp
 * and scaleDown may be partial or absent, as on a hand-written HPA, to model
 * the API defaults (partial) and the controller's behavior-less path (both absent).
 */
export interface ModelWorkload {
  resources: Resources;
  autoscaling: {
    minReplicas: number;
    maxReplicas: number;
    cpuUtilization?: number;
    memoryUtilization?: number;
    scaleUp?: Partial<ScalingRules>;
    scaleDown?: Partial<ScalingRules>;
  };
}

// ---------------------------------------------------------------------------
// What the controller sees, and the replica calculator.
// ---------------------------------------------------------------------------

/** One pod's sample from the metrics API. */
export interface PodMetric {
  cpuMillicores: number;
  memoryBytes: number;
  /** End of the sampling window. */
  timestamp: number;
  windowSeconds: number;
}

/** One pod as the controller's pod lister shows it. */
export interface PodView {
  /** status.startTime. */
  startTime: number;
  phase: "Pending" | "Running";
  ready: boolean;
  /** lastTransitionTime of the Ready condition. */
  readyTransitionTime: number;
  metric?: PodMetric;
}

/** A Resource metric with an averageUtilization target. */
export interface ResourceMetricSpec {
  resource: "cpu" | "memory";
  targetUtilization: number;
  /** Request of one pod: millicores for cpu, bytes for memory. */
  requestPerPod: number;
}

/** The controller flags the calculator depends on. */
export type CalculatorOptions = Pick<
  ModelOptions,
  "tolerance" | "cpuInitializationPeriodSeconds" | "initialReadinessDelaySeconds"
>;

/** A metric's replica proposal and the utilization it reports in the HPA status, or why it has none. */
export type Proposal = { replicas: number; utilization: number } | { error: string };

function isWithinTolerance(ratio: number, tolerance: number): boolean {
  return 1 - tolerance <= ratio && ratio <= 1 + tolerance;
}

/** Integer percent of summed usage over summed requests, as GetResourceUtilizationRatio truncates it. */
function utilizationPercent(values: number[], requestPerPod: number): number {
  const total = values.reduce((a, b) => a + b, 0);
  return Math.floor((total * 100) / (requestPerPod * values.length));
}

/**
 * A CPU sample from a pod still in its initialization period counts only if
 * the pod is Ready and the sample's whole window lies after it became Ready;
 * later, only a pod that was never Ready is distrusted (groupPods).
 */
function isUnreadyForCpu(pod: PodView, metric: PodMetric, now: number, o: CalculatorOptions): boolean {
  if (pod.startTime + o.cpuInitializationPeriodSeconds > now) {
    return !pod.ready || metric.timestamp < pod.readyTransitionTime + metric.windowSeconds;
  }
  return !pod.ready && pod.startTime + o.initialReadinessDelaySeconds > pod.readyTransitionTime;
}

/**
 * GetResourceReplicas: the replica count one utilization metric asks for.
 * Pending and (for CPU) unready pods are left out, then counted as 0 % only
 * when that cannot reverse a scale-up; pods without metrics count as 0 % on a
 * scale-up and as 100 % (or the target, if higher) on a scale-down.
 */
export function resourceReplicas(
  currentReplicas: number,
  metric: ResourceMetricSpec,
  pods: PodView[],
  now: number,
  o: CalculatorOptions,
): Proposal {
  if (pods.length === 0) return { error: "no pods returned by selector" };
  if (!pods.some((p) => p.metric)) return { error: `no metrics returned from resource metrics API` };
  const usage = (m: PodMetric) => (metric.resource === "cpu" ? m.cpuMillicores : m.memoryBytes);
  const ready: number[] = [];
  let unready = 0;
  let missing = 0;
  for (const pod of pods) {
    if (pod.phase === "Pending") unready++;
    else if (!pod.metric) missing++;
    else if (metric.resource === "cpu" && isUnreadyForCpu(pod, pod.metric, now, o)) unready++;
    else ready.push(usage(pod.metric));
  }
  if (ready.length === 0) return { error: "did not receive metrics for targeted pods (pods might be unready)" };

  const utilization = utilizationPercent(ready, metric.requestPerPod);
  const ratio = utilization / metric.targetUtilization;
  const scaleUpWithUnready = unready > 0 && ratio > 1;
  if (!scaleUpWithUnready && missing === 0) {
    if (isWithinTolerance(ratio, o.tolerance)) return { replicas: currentReplicas, utilization };
    return { replicas: Math.ceil(ratio * ready.length), utilization };
  }

  const values = [...ready];
  if (ratio < 1) {
    const fallback = Math.floor((metric.requestPerPod * Math.max(100, metric.targetUtilization)) / 100);
    for (let i = 0; i < missing; i++) values.push(fallback);
  } else if (ratio > 1) {
    for (let i = 0; i < missing; i++) values.push(0);
  }
  if (scaleUpWithUnready) for (let i = 0; i < unready; i++) values.push(0);

  const newRatio = utilizationPercent(values, metric.requestPerPod) / metric.targetUtilization;
  if (isWithinTolerance(newRatio, o.tolerance) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) {
    return { replicas: currentReplicas, utilization };
  }
  const replicas = Math.ceil(newRatio * values.length);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) {
    return { replicas: currentReplicas, utilization };
  }
  return { replicas, utilization };
}

// ---------------------------------------------------------------------------
// The controller: metrics → proposal → stabilization → rate limits → clamps.
// ---------------------------------------------------------------------------

/** Both directions of behavior with every field filled. */
export interface ResolvedBehavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

/** What the controller acts on: the HPA spec in model terms. */
export interface HpaSpec {
  minReplicas: number;
  maxReplicas: number;
  metrics: ResourceMetricSpec[];
  /** Absent: the controller's behavior-less path (legacy limits, flag window). */
  behavior?: ResolvedBehavior;
}

export type ControllerOptions = CalculatorOptions & Pick<ModelOptions, "downscaleStabilizationSeconds">;

/**
 * Fills unset behavior fields the way the API server does on create
 * (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules); the scale-down
 * window, left unset by the API, comes from the controller flag.
 * Both directions absent means no behavior at all, which the controller
 * treats differently from an all-default one.
 */
export function resolveBehavior(
  scaleUp: Partial<ScalingRules> | undefined,
  scaleDown: Partial<ScalingRules> | undefined,
  downscaleStabilizationSeconds: number,
): ResolvedBehavior | undefined {
  if (!scaleUp && !scaleDown) return undefined;
  const up: ScalingRules = {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ],
  };
  const down: ScalingRules = {
    stabilizationWindowSeconds: downscaleStabilizationSeconds,
    selectPolicy: "Max",
    policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
  };
  const fill = (base: ScalingRules, given: Partial<ScalingRules> = {}): ScalingRules => ({
    stabilizationWindowSeconds: given.stabilizationWindowSeconds ?? base.stabilizationWindowSeconds,
    selectPolicy: given.selectPolicy ?? base.selectPolicy,
    policies: given.policies ?? base.policies,
  });
  return { scaleUp: fill(up, scaleUp), scaleDown: fill(down, scaleDown) };
}

/** The HPA the autoscaler component declares for a workload. */
export function hpaSpecFor(workload: ModelWorkload, downscaleStabilizationSeconds: number): HpaSpec {
  const a = workload.autoscaling;
  const metrics: ResourceMetricSpec[] = [];
  const requests = workload.resources.requests;
  if (a.cpuUtilization !== undefined) {
    metrics.push({
      resource: "cpu",
      targetUtilization: a.cpuUtilization,
      requestPerPod: parsed(cpuMillicores, requests.cpu),
    });
  }
  if (a.memoryUtilization !== undefined) {
    const request = parsed(memoryBytes, requests.memory);
    metrics.push({ resource: "memory", targetUtilization: a.memoryUtilization, requestPerPod: request });
  }
  return {
    minReplicas: a.minReplicas,
    maxReplicas: a.maxReplicas,
    metrics,
    behavior: resolveBehavior(a.scaleUp, a.scaleDown, downscaleStabilizationSeconds),
  };
}

function parsed(parse: (text: string) => number | undefined, text: string): number {
  const value = parse(text);
  if (value === undefined || value <= 0) throw new Error(`cannot model a resource request of ${JSON.stringify(text)}`);
  return value;
}

/** The outcome of one sync. */
export interface Decision {
  currentReplicas: number;
  desiredReplicas: number;
  /** Utilization as status.currentMetrics reports it; null when the metric had none. */
  cpuUtilization: number | null;
  memoryUtilization: number | null;
  /** What happened, in words: the table's "HPA action" column. */
  action: string;
}

interface Recommendation {
  replicas: number;
  t: number;
}

interface ScaleEvent {
  change: number;
  t: number;
}

type Limit = "ScaleUpLimit" | "TooManyReplicas" | "ScaleDownLimit" | "TooFewReplicas" | undefined;

const LIMIT_WORDS: Record<NonNullable<Limit>, string> = {
  ScaleUpLimit: "limited by scaleUp policies",
  TooManyReplicas: "at maxReplicas",
  ScaleDownLimit: "limited by scaleDown policies",
  TooFewReplicas: "at minReplicas",
};

/**
 * One HPA's controller state: the recommendation history behind the
 * stabilization windows and the scale-event history behind the rate limits,
 * kept and pruned exactly as horizontal.go keeps them.
 */
export class HpaController {
  private recommendations: Recommendation[] | undefined;
  private readonly upEvents: ScaleEvent[] = [];
  private readonly downEvents: ScaleEvent[] = [];

  constructor(
    readonly spec: HpaSpec,
    private readonly options: ControllerOptions,
  ) {}

  /** reconcileAutoscaler: one sync at `now` with the Deployment at `currentReplicas`. */
  reconcile(now: number, currentReplicas: number, pods: PodView[]): Decision {
    const { minReplicas, maxReplicas } = this.spec;
    // recordInitialRecommendation: a restart must not scale down at once.
    this.recommendations ??= [{ replicas: currentReplicas, t: now }];
    const decision = (desired: number, action: string, utilization: Record<string, number | null> = {}) => ({
      currentReplicas,
      desiredReplicas: desired,
      cpuUtilization: utilization.cpu ?? null,
      memoryUtilization: utilization.memory ?? null,
      action,
    });
    if (currentReplicas > maxReplicas)
      return this.rescale(now, currentReplicas, decision(maxReplicas, "above maxReplicas"));
    if (currentReplicas < minReplicas)
      return this.rescale(now, currentReplicas, decision(minReplicas, "below minReplicas"));

    const proposal = this.proposeFromMetrics(now, currentReplicas, pods);
    if ("error" in proposal) return decision(currentReplicas, `no scale: ${proposal.error}`, proposal.utilization);
    const { replicas, metric, utilization } = proposal;
    const [stabilized, limited, limit] = this.spec.behavior
      ? this.normalizeWithBehavior(now, currentReplicas, replicas, this.spec.behavior)
      : this.normalizeLegacy(now, currentReplicas, replicas);
    return this.rescale(
      now,
      currentReplicas,
      decision(
        limited,
        this.describe(currentReplicas, replicas, stabilized, limited, limit, metric, utilization),
        utilization,
      ),
    );
  }

  private rescale(now: number, current: number, d: Decision): Decision {
    if (d.desiredReplicas !== current) this.storeScaleEvent(now, current, d.desiredReplicas);
    return d;
  }

  /** computeReplicasForMetrics: the largest proposal; invalid metrics block a scale-down. */
  private proposeFromMetrics(
    now: number,
    current: number,
    pods: PodView[],
  ):
    | { replicas: number; metric: ResourceMetricSpec; utilization: Record<string, number> }
    | { error: string; utilization: Record<string, number> } {
    const utilization: Record<string, number> = {};
    let best: { replicas: number; metric: ResourceMetricSpec } | undefined;
    let firstError: string | undefined;
    for (const metric of this.spec.metrics) {
      const p = resourceReplicas(current, metric, pods, now, this.options);
      if ("error" in p) {
        firstError ??= `${metric.resource}: ${p.error}`;
        continue;
      }
      utilization[metric.resource] = p.utilization;
      if (!best || p.replicas > best.replicas) best = { replicas: p.replicas, metric };
    }
    if (!best) return { error: firstError ?? "no metrics configured", utilization };
    if (firstError && best.replicas < current) return { error: firstError, utilization };
    return { ...best, utilization };
  }

  /** normalizeDesiredReplicasWithBehaviors: stabilize, then apply the policies' rate limits and clamps. */
  private normalizeWithBehavior(
    now: number,
    current: number,
    desired: number,
    behavior: ResolvedBehavior,
  ): [number, number, Limit] {
    const stabilized = this.stabilize(now, current, desired, behavior);
    const { minReplicas, maxReplicas } = this.spec;
    if (stabilized > current) {
      const limit = Math.max(this.scaleUpLimit(now, current, behavior.scaleUp), current);
      const allowed = Math.min(maxReplicas, limit);
      const why: Limit = maxReplicas > limit ? "ScaleUpLimit" : "TooManyReplicas";
      return stabilized > allowed ? [stabilized, allowed, why] : [stabilized, stabilized, undefined];
    }
    if (stabilized < current) {
      const limit = Math.min(this.scaleDownLimit(now, current, behavior.scaleDown), current);
      const allowed = Math.max(minReplicas, limit);
      const why: Limit = minReplicas < limit ? "ScaleDownLimit" : "TooFewReplicas";
      return stabilized < allowed ? [stabilized, allowed, why] : [stabilized, stabilized, undefined];
    }
    return [stabilized, stabilized, undefined];
  }

  /**
   * stabilizeRecommendationWithBehaviors: the scale-up window takes the lowest
   * recommendation it holds, the scale-down window the highest; the result is
   * the current count moved within those bounds. Records the raw proposal,
   * reusing one slot that is older than both windows.
   */
  private stabilize(now: number, current: number, desired: number, behavior: ResolvedBehavior): number {
    const recs = this.recommendations ?? [];
    const upCutoff = now - behavior.scaleUp.stabilizationWindowSeconds;
    const downCutoff = now - behavior.scaleDown.stabilizationWindowSeconds;
    let up = desired;
    let down = desired;
    let old = -1;
    recs.forEach((rec, i) => {
      if (rec.t > upCutoff) up = Math.min(rec.replicas, up);
      if (rec.t > downCutoff) down = Math.max(rec.replicas, down);
      if (rec.t < upCutoff && rec.t < downCutoff) old = i;
    });
    const recommendation = Math.min(Math.max(current, up), down);
    if (old >= 0) recs[old] = { replicas: desired, t: now };
    else recs.push({ replicas: desired, t: now });
    return recommendation;
  }

  /** Replica change recorded within the last `periodSeconds` (getReplicasChangePerPeriod). */
  private changeWithin(events: ScaleEvent[], now: number, periodSeconds: number): number {
    let change = 0;
    for (const e of events) if (e.t > now - periodSeconds) change += e.change;
    return change;
  }

  /** The count each policy allows from the replicas at the start of its period. */
  private periodStart(now: number, current: number, policy: ScalingPolicy): number {
    const added = this.changeWithin(this.upEvents, now, policy.periodSeconds);
    const deleted = this.changeWithin(this.downEvents, now, policy.periodSeconds);
    return current - added + deleted;
  }

  /** calculateScaleUpLimitWithScalingRules: Max takes the most generous policy, Min the strictest. */
  private scaleUpLimit(now: number, current: number, rules: ScalingRules): number {
    if (rules.selectPolicy === "Disabled") return current;
    const proposals = rules.policies.map((policy) => {
      const start = this.periodStart(now, current, policy);
      return policy.type === "Pods" ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
    });
    return rules.selectPolicy === "Min" ? Math.min(...proposals) : Math.max(...proposals);
  }

  /** calculateScaleDownLimitWithBehaviors: the percent form truncates like Go's int32 conversion. */
  private scaleDownLimit(now: number, current: number, rules: ScalingRules): number {
    if (rules.selectPolicy === "Disabled") return current;
    const proposals = rules.policies.map((policy) => {
      const start = this.periodStart(now, current, policy);
      return policy.type === "Pods" ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    });
    return rules.selectPolicy === "Min" ? Math.max(...proposals) : Math.min(...proposals);
  }

  /** storeScaleEvent: keeps events for the longest policy period, reusing one outdated slot. */
  private storeScaleEvent(now: number, previous: number, next: number): void {
    const behavior = this.spec.behavior;
    if (!behavior) return;
    const up = next > previous;
    const events = up ? this.upEvents : this.downEvents;
    const rules = up ? behavior.scaleUp : behavior.scaleDown;
    const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
    let outdated = -1;
    events.forEach((e, i) => {
      if (e.t < now - longest) outdated = i;
    });
    const event = { change: Math.abs(next - previous), t: now };
    if (outdated >= 0) events[outdated] = event;
    else events.push(event);
  }

  /** The "HPA action" column: what changed and what held it back. */
  private describe(
    current: number,
    proposed: number,
    stabilized: number,
    final: number,
    limit: Limit,
    metric: ResourceMetricSpec,
    utilization: Record<string, number>,
  ): string {
    const why = `${metric.resource} ${utilization[metric.resource]}% vs ${metric.targetUtilization}%`;
    const notes: string[] = [];
    if (stabilized !== proposed)
      notes.push(`${proposed > current ? "scale-up" : "scale-down"} stabilized (wants ${proposed})`);
    if (final !== stabilized && limit) notes.push(`${LIMIT_WORDS[limit]} (wants ${stabilized})`);
    if (final > current) return [`scale up ${current} → ${final} (${why})`, ...notes].join("; ");
    if (final < current) return [`scale down ${current} → ${final}`, ...notes].join("; ");
    // Held at a bound: the bound is the story, not the window that also held it.
    if (proposed < current && current === this.spec.minReplicas) return "hold: at minReplicas";
    if (proposed > current && current === this.spec.maxReplicas)
      return `hold: at maxReplicas (${why}, wants ${proposed})`;
    return notes.length > 0 ? `hold: ${notes.join("; ")}` : "—";
  }

  /**
   * normalizeDesiredReplicas, the path for an HPA without behavior: the highest
   * recommendation of the flag's window, at most double (or 4) per sync.
   */
  private normalizeLegacy(now: number, current: number, desired: number): [number, number, Limit] {
    const recs = this.recommendations ?? [];
    const cutoff = now - this.options.downscaleStabilizationSeconds;
    let stabilized = desired;
    let old = -1;
    recs.forEach((rec, i) => {
      if (rec.t < cutoff) old = i;
      else if (rec.replicas > stabilized) stabilized = rec.replicas;
    });
    if (old >= 0) recs[old] = { replicas: desired, t: now };
    else recs.push({ replicas: desired, t: now });

    const { minReplicas, maxReplicas } = this.spec;
    const scaleUpLimit = Math.trunc(Math.max(2 * current, 4));
    const allowed = Math.min(maxReplicas, scaleUpLimit);
    if (stabilized < minReplicas) return [stabilized, minReplicas, "TooFewReplicas"];
    if (stabilized > allowed)
      return [stabilized, allowed, maxReplicas > scaleUpLimit ? "ScaleUpLimit" : "TooManyReplicas"];
    return [stabilized, stabilized, undefined];
  }
}

// ---------------------------------------------------------------------------
// The world: pods, a Service, metrics-server, and the sync loop.
// ---------------------------------------------------------------------------

/** The model's state at one HPA sync. */
export interface TimelinePoint {
  /** Seconds since load start. */
  t: number;
  demandMillicores: number;
  /** CPU utilization the HPA reported at this sync (percent of request), null when it had no CPU metric. */
  cpuUtilization: number | null;
  memoryUtilization: number | null;
  /** Deployment spec.replicas after this sync. */
  desiredReplicas: number;
  readyReplicas: number;
  action: string;
}

/** A change of the Ready pod count, at the second it happened. */
export interface ReadyChange {
  t: number;
  readyReplicas: number;
}

export interface Simulation {
  /** One point per HPA sync. */
  timeline: TimelinePoint[];
  /** Every change of the Ready count, also between syncs. */
  readyChanges: ReadyChange[];
  spec: HpaSpec;
  options: ModelOptions;
}

interface SimPod {
  createdAt: number;
  runningAt: number;
  readyAt: number;
  /** cAdvisor's cumulative CPU counter, millicore-seconds. */
  cpuUsed: number;
  lastScrape?: { t: number; cpuUsed: number };
  metric?: PodMetric;
}

function isTick(t: number, period: number, offset: number): boolean {
  const phase = ((offset % period) + period) % period;
  return t >= phase && (t - phase) % period === 0;
}

function view(pod: SimPod, now: number): PodView {
  const ready = now >= pod.readyAt;
  return {
    startTime: pod.createdAt,
    phase: now >= pod.runningAt ? "Running" : "Pending",
    ready,
    readyTransitionTime: ready ? pod.readyAt : pod.createdAt,
    metric: pod.metric,
  };
}

function memoryFor(cpu: number, o: ModelOptions): number {
  return Math.round(o.memoryBytesPerPod + o.memoryBytesPerMillicore * cpu);
}

/** metrics-server: a CPU rate from the last two scrapes of a running pod (MilliValue rounds up). */
function scrape(pods: SimPod[], t: number, o: ModelOptions): void {
  for (const pod of pods) {
    if (t < pod.runningAt) continue;
    if (pod.lastScrape) {
      const window = t - pod.lastScrape.t;
      const cpu = Math.ceil((pod.cpuUsed - pod.lastScrape.cpuUsed) / window - 1e-9);
      pod.metric = { cpuMillicores: cpu, memoryBytes: memoryFor(cpu, o), timestamp: t, windowSeconds: window };
    }
    pod.lastScrape = { t, cpuUsed: pod.cpuUsed };
  }
}

/** Pods present at load start: long Ready, with a metric of the pre-load demand. */
function initialPods(count: number, o: ModelOptions): SimPod[] {
  const res = o.metricResolutionSeconds;
  const lastScrape = (((o.scrapeOffsetSeconds % res) + res) % res) - res;
  const share = Math.ceil(o.preloadMillicores / count);
  return Array.from({ length: count }, () => ({
    createdAt: -3600,
    runningAt: -3600,
    readyAt: -3600,
    cpuUsed: share * -lastScrape,
    lastScrape: { t: lastScrape, cpuUsed: 0 },
    metric: { cpuMillicores: share, memoryBytes: memoryFor(share, o), timestamp: lastScrape, windowSeconds: res },
  }));
}

/** ReplicaSet deletion order, simplified: not running, then not Ready, then the most recently Ready. */
function removePods(pods: SimPod[], count: number, now: number): SimPod[] {
  const rank = (p: SimPod) => (now < p.runningAt ? 0 : now < p.readyAt ? 1 : 2);
  const doomed = [...pods]
    .sort((a, b) => rank(a) - rank(b) || b.readyAt - a.readyAt || b.createdAt - a.createdAt)
    .slice(0, count);
  return pods.filter((p) => !doomed.includes(p));
}

function newPod(now: number, o: ModelOptions): SimPod {
  return {
    createdAt: now,
    runningAt: now + o.podStartSeconds,
    readyAt: now + Math.max(o.podStartSeconds, o.podReadySeconds),
    cpuUsed: 0,
  };
}

/** Defaults filled; the loop steps whole seconds, so periods and delays must be whole seconds too. */
function checkedOptions(options: Partial<ModelOptions>): ModelOptions {
  const o: ModelOptions = { ...DEFAULT_MODEL_OPTIONS, ...options };
  const whole = ["syncPeriodSeconds", "metricResolutionSeconds", "syncOffsetSeconds", "scrapeOffsetSeconds"] as const;
  for (const key of whole) {
    const positive = key.endsWith("PeriodSeconds") || key === "metricResolutionSeconds";
    if (!Number.isInteger(o[key]) || o[key] < (positive ? 1 : 0)) {
      throw new Error(`model option ${key} (${o[key]}) must be a whole number of seconds${positive ? " >= 1" : ""}`);
    }
  }
  return o;
}

/**
 * Runs the controller against a load profile for `durationSeconds`, second by
 * second: scrapes, then the sync, then one second of load spread over the
 * Ready pods (the Service only routes to Ready endpoints), each capped at its
 * CPU limit.
 */
export function simulate(
  workload: ModelWorkload,
  profile: LoadProfile,
  durationSeconds: number,
  options: Partial<ModelOptions> = {},
): Simulation {
  const o = checkedOptions(options);
  const spec = hpaSpecFor(workload, o.downscaleStabilizationSeconds);
  const controller = new HpaController(spec, o);
  const limit = cpuMillicores(workload.resources.limits.cpu) ?? Infinity;
  let replicas = o.initialReplicas ?? spec.minReplicas;
  let pods = initialPods(replicas, o);
  const timeline: TimelinePoint[] = [];
  const readyChanges: ReadyChange[] = [{ t: 0, readyReplicas: replicas }];

  for (let t = 0; t <= durationSeconds; t++) {
    if (isTick(t, o.metricResolutionSeconds, o.scrapeOffsetSeconds)) scrape(pods, t, o);
    const demand = Math.max(0, profile(t));
    let synced: Decision | undefined;
    if (isTick(t, o.syncPeriodSeconds, o.syncOffsetSeconds)) {
      synced = controller.reconcile(
        t,
        replicas,
        pods.map((p) => view(p, t)),
      );
      const next = synced.desiredReplicas;
      if (next > replicas) for (let i = replicas; i < next; i++) pods.push(newPod(t, o));
      if (next < replicas) pods = removePods(pods, replicas - next, t);
      replicas = next;
    }
    let ready = 0;
    for (const pod of pods) if (t >= pod.readyAt) ready++;
    if (ready !== readyChanges[readyChanges.length - 1].readyReplicas) readyChanges.push({ t, readyReplicas: ready });
    if (synced) {
      const { cpuUtilization, memoryUtilization, action } = synced;
      timeline.push({
        t,
        demandMillicores: demand,
        cpuUtilization,
        memoryUtilization,
        desiredReplicas: replicas,
        readyReplicas: ready,
        action,
      });
    }
    const share = ready > 0 ? Math.min(demand / ready, limit) : 0;
    for (const pod of pods) if (t >= pod.readyAt) pod.cpuUsed += share;
  }
  return { timeline, readyChanges, spec, options: o };
}

// ---------------------------------------------------------------------------
// The prediction the live scale test asserts against.
// ---------------------------------------------------------------------------

export interface ScaleUpOptions {
  /** Ready replicas to wait for; default: what the model settles at under this load. */
  replicas?: number;
  /** How long to run the constant load in the model; long enough to settle. Default 600 s. */
  horizonSeconds?: number;
  /** Added to the modeled time; default syncPeriod + metricResolution + 30 s (see predictScaleUp). */
  slackSeconds?: number;
  model?: Partial<ModelOptions>;
}

export interface ScaleUpPrediction {
  /** Ready replicas the model settles at under this load (within min..max). */
  expectedReplicas: number;
  /** When the model first has expectedReplicas Ready, seconds after load start. */
  predictedSeconds: number;
  /** predictedSeconds + slackSeconds: the deadline a live run should meet. */
  withinSeconds: number;
  slackSeconds: number;
  timeline: TimelinePoint[];
}

/**
 * For a constant load starting at t = 0 on an idle workload: how many Ready
 * replicas to expect and by when. With `options.replicas` (the scale test's N)
 * it answers by when that many are Ready, and throws if this load never gets
 * there, so an impossible expectation fails before anything is deployed.
 * Pass the stack's metric resolution in `options.model` when it is not 15 s.
 *
 * The slack covers what the model pins down but a cluster does not. The model
 * fixes the phase of the HPA sync and of the metrics-server scrape relative to
 * load start; on a cluster each is uniform over its period, so the reaction can
 * come up to one sync period plus one metric resolution later (30 s with the
 * defaults). Another 30 s covers pod start and readiness on a busy 2-core node
 * and the API round trips. Kubernetes' own e2e tests budget 100 s per HPA
 * reaction for the same reasons; we are tighter because the model already
 * accounts for the average delays.
 */
export function predictScaleUp(
  config: ModelWorkload,
  demandMillicores: number,
  options: ScaleUpOptions = {},
): ScaleUpPrediction {
  const horizon = options.horizonSeconds ?? 600;
  const sim = simulate(config, () => demandMillicores, horizon, options.model);
  const { syncPeriodSeconds, metricResolutionSeconds } = sim.options;
  const slackSeconds = options.slackSeconds ?? syncPeriodSeconds + metricResolutionSeconds + 30;
  const settled = sim.readyChanges[sim.readyChanges.length - 1].readyReplicas;
  const expectedReplicas = options.replicas ?? settled;
  const reached = sim.readyChanges.find((c) => c.readyReplicas >= expectedReplicas);
  if (!reached) {
    throw new Error(
      `${demandMillicores}m never brings ${expectedReplicas} replicas to Ready within ${horizon} s; ` +
        `the model settles at ${settled}: raise the load or expect fewer replicas`,
    );
  }
  const predictedSeconds = reached.t;
  return {
    expectedReplicas,
    predictedSeconds,
    withinSeconds: predictedSeconds + slackSeconds,
    slackSeconds,
    timeline: sim.timeline,
  };
}

export interface ScaleDownOptions {
  /** How long the constant load runs before it stops; long enough to scale up and settle. Default 600 s. */
  loadSeconds?: number;
  /** How long to watch after the load stops. Default: the scale-down window plus 600 s. */
  watchSeconds?: number;
  /** Added to the modeled time; default syncPeriod + metricResolution + 30 s, as for predictScaleUp. */
  slackSeconds?: number;
  model?: Partial<ModelOptions>;
}

export interface ScaleDownPrediction {
  /** Ready replicas when the load stops. */
  fromReplicas: number;
  /** minReplicas: where the HPA ends once idle. */
  toReplicas: number;
  /** Seconds after the load stops until only toReplicas are Ready. */
  predictedSeconds: number;
  /** predictedSeconds + slackSeconds. */
  withinSeconds: number;
  slackSeconds: number;
  timeline: TimelinePoint[];
}

/**
 * For a constant load that stops after `loadSeconds`: how long after the stop
 * until the workload is back at minReplicas. Dominated by the scale-down
 * stabilization window, then by the scale-down policies' pace; the slack has
 * the same reasons as predictScaleUp's.
 */
export function predictScaleDown(
  config: ModelWorkload,
  demandMillicores: number,
  options: ScaleDownOptions = {},
): ScaleDownPrediction {
  const loadSeconds = options.loadSeconds ?? 600;
  const window =
    config.autoscaling.scaleDown?.stabilizationWindowSeconds ?? DEFAULT_MODEL_OPTIONS.downscaleStabilizationSeconds;
  const watchSeconds = options.watchSeconds ?? window + 600;
  const profile: LoadProfile = (t) => (t < loadSeconds ? demandMillicores : 0);
  const sim = simulate(config, profile, loadSeconds + watchSeconds, options.model);
  const { syncPeriodSeconds, metricResolutionSeconds } = sim.options;
  const slackSeconds = options.slackSeconds ?? syncPeriodSeconds + metricResolutionSeconds + 30;
  const readyAt = (t: number) => [...sim.readyChanges].reverse().find((c) => c.t <= t)?.readyReplicas ?? 0;
  const fromReplicas = readyAt(loadSeconds);
  const toReplicas = config.autoscaling.minReplicas;
  const settled = sim.readyChanges.find((c) => c.t >= loadSeconds && c.readyReplicas <= toReplicas);
  const stillAbove = readyAt(loadSeconds + watchSeconds) > toReplicas;
  if (stillAbove) {
    throw new Error(`the model is still above ${toReplicas} Ready replicas ${watchSeconds} s after the load stops`);
  }
  const predictedSeconds = fromReplicas <= toReplicas || !settled ? 0 : settled.t - loadSeconds;
  return {
    fromReplicas,
    toReplicas,
    predictedSeconds,
    withinSeconds: predictedSeconds + slackSeconds,
    slackSeconds,
    timeline: sim.timeline,
  };
}
