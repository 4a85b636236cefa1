/**
 * What a scale-test run produces, as plain data: the series of samples, the
 * expectations and the verdict, what the load produced. The scale test fills
 * them, the report and the e2e read them; no behaviour here, so the core and
 * the report can be tested on synthetic values without a cluster.
 */
import type { WorkloadName } from "../../components/config";
import type { EnvelopePoint, Measured } from "../hpa-model";
import type { GeneratorVerdict, LoadSummary } from "../load";
import type { BaselineComparison, RunSetup } from "./comparison";
import type { SyncExplanation } from "./sync-results";

export type { LoadSummary };
export type { BaselineComparison, FigureComparison, FigureName, RunSetup } from "./comparison";
export type { SyncExplanation, SyncReplay } from "./sync-results";

/** Which FeastFlow workload the scale test drives. */
export type Target = WorkloadName;

/** One observation, taken every few seconds while the test runs. */
export interface Sample {
  /** Seconds since load started (negative before it starts). */
  t: number;
  /** HPA's current average CPU utilization, % of the request; null while metrics are unavailable. */
  cpuUtilization: number | null;
  /** HPA's current average memory utilization, % of the request; null when unset or unavailable. */
  memoryUtilization: number | null;
  /** HPA status.desiredReplicas; null when there is no HPA or it has no status yet. */
  desiredReplicas: number | null;
  /** HPA status.currentReplicas (falls back to the Deployment's replicas). */
  currentReplicas: number | null;
  /** Deployment status.readyReplicas. */
  readyReplicas: number;
  /** Count of the target's pods per phase, e.g. { Running: 3, Pending: 1 }. */
  podPhases: Record<string, number>;
  /** Why Pending pods are not scheduled, e.g. "0/1 nodes are available: 1 Insufficient cpu." */
  pendingReasons: string[];
  /** HPA events (e.g. SuccessfulRescale messages) first seen since the previous sample. */
  events: string[];
  /** Completed requests per second over the interval since the previous sample. */
  reqPerSec: number;
  /** 99th percentile latency over that interval, ms; null when no request completed. */
  p99Ms: number | null;
  /** Failed requests (errors + timeouts + non-2xx) since load started, cumulative. */
  errors: number;
  /** Requests per second asked of the load generator at this sample; null without load. */
  targetRate: number | null;
  /** CPU of the target's pods, summed over their latest metrics.k8s.io samples, millicores; null when none. */
  podCpuMillicores: number | null;
}

/** What the load produced against the demand it aimed at. */
export interface DemandSummary {
  /** The demand the run aimed at, millicores. */
  targetMillicores: number;
  /** The least demand at which the HPA takes N − 1 pods to N: below it the run cannot judge the HPA. */
  neededMillicores: number;
  /** Median over the plateau of the completed rate × the CPU cost of a request; null when no sample qualified. */
  producedMillicores: number | null;
  /** A request's CPU cost as metrics-server measured it (median of the run's corrections), ms. */
  costMs: number;
  /** The latency probe's median before load, ms: the first guess of the cost. */
  probeMs: number;
  /** Median completed requests per second over the plateau. */
  reqPerSec: number;
  /** The --rate cap, req/s; undefined when uncapped. */
  capPerSecond?: number;
  /** True when the cap was the default one, derived from what the generators' CPU allows; false or absent when --rate set it. */
  capDerived?: boolean;
  /** True when the cap held the rate below what the demand needs. */
  capBinding: boolean;
  /** The rate the demand needs at the measured cost, cap or not. */
  wantedReqPerSec: number;
  /** The plateau starts at the first correction after load start, seconds. */
  plateauFromSeconds: number;
  /** The target pods' idle CPU before load, per pod, millicores. */
  baselinePerPodMillicores: number;
  /**
   * The calibration before load start; `scalesAtMillicores` is the least demand at which the HPA takes
   * minReplicas idle pods to one more, which the calibration aims to stay well under.
   */
  calibration: { seconds: number; requests: number; failed: number; costMs: number | null; scalesAtMillicores: number };
  /** A scenario's phases: what each asked and produced (absent for one step of demand). */
  phases?: PhaseDemand[];
  /** The load generators' own CPU and event-loop delay on the plateau, each one's share and rate, and which fell behind. */
  generator: GeneratorVerdict;
  derivation: string[];
}

/** What a passing run must show; built by the scale test (expectations.ts, budget-expectations.ts), checked by its verdict (verdict.ts, envelope-check.ts). */
export interface Expectations {
  target: Target;
  minReplicas: number;
  maxReplicas: number;
  /** Scale-up must reach at least this many ready replicas... */
  scaleUpReplicas: number;
  /** ...within this many seconds of load start... */
  scaleUpWithinSeconds: number;
  /** ...and, when the HPA model says so, not before this many. */
  scaleUpEarliestSeconds?: number;
  /** The band every sample must lie in, per second of the run; absent where the model cannot judge. */
  envelope?: EnvelopePoint[];
  /** A sample read at t is judged against the band over [t - this, t + this] seconds. */
  envelopeSlackSeconds?: number;
  /**
   * A sample's Ready count is judged against the band up to this many seconds further back: the
   * longest the run's ReplicaSet took to create or delete a resize's pods and say so in its status.
   */
  readyLagSeconds?: number;
  /** Two samples further apart than this leave a hole the envelope check cannot see into, and fail it. */
  maxSampleGapSeconds?: number;
  /** Largest acceptable count of failed requests (errors + timeouts + non-2xx). */
  maxFailedRequests: number;
  /** HPA CPU target, % of the request; used to tell "load too low" apart from other failures. */
  cpuTargetUtilization?: number;
  /** When set, replicas must come back to minReplicas within this many seconds after load stops. */
  scaleDownWithinSeconds?: number;
  /** The CPU demand (millicores) the expectation assumed, when a model turned the load into one. */
  demandMillicores?: number;
  /** How the numbers were derived, one sentence each, for the report. */
  derivation: string[];
  /**
   * Set when a scenario drove the run: then every sample through every phase
   * is judged by the envelope, with no single N to reach; `endsAtMinReplicas`
   * is the floor the run must end at, when the envelope forces it by the end.
   */
  scenario?: { name: string; endsAtMinReplicas?: number };
  /** The scenario's phases, so a sentence can name the phase a sample fell in. */
  phases?: PhaseMark[];
}

/** One assertion of the verdict, with a sentence saying what was seen. */
export interface Check {
  name:
    "demand" | "envelope" | "scale-up" | "max-replicas" | "failed-requests" | "scale-down" | "ends-at-min" | "baseline";
  passed: boolean;
  message: string;
}

/**
 * How a run ends: passed (every check passed), failed (the HPA missed an
 * expectation, or requests failed), or inconclusive (the load was too light
 * to judge the HPA: no check of the HPA means anything then).
 */
type Outcome = "passed" | "failed" | "inconclusive";

/** The scale test's outcome: passed only when every check passed. */
export interface Verdict {
  passed: boolean;
  outcome: Outcome;
  /** Why the run could not judge the HPA, and what to change; empty unless inconclusive. */
  inconclusive: string[];
  checks: Check[];
  /** Likely causes of a failed check, in words (metrics missing, pods Pending, load too low, ...). */
  explanations: string[];
  /** Each sample judged against the envelope, in the series' order; absent when no envelope judged the run. */
  samples?: SampleJudgement[];
}

/** The band of ready and desired replicas the envelope allows around one moment. */
export interface Band {
  minReady: number;
  maxReady: number;
  minDesired: number;
  maxDesired: number;
}

/** How one sample stood against the envelope: the one judgement the verdict, the table and the chart all show. */
export interface SampleJudgement {
  t: number;
  /** The band over the sample's time ± the observation slack; undefined outside the envelope's time span. */
  band?: Band;
  /** Undefined when inside (or not judged); else which count left the band, on which side. */
  outside?: { count: "ready" | "desired"; side: "below" | "above" };
}

/** A scenario phase as the run drove it, seconds since load start. */
export interface PhaseMark {
  name: string;
  fromSeconds: number;
  toSeconds: number;
}

/** A stack config change the run applied: when it was applied, and when the cluster's HPA had it. */
export interface ConfigChangeMark {
  /** Stack config path, e.g. backend.autoscaling.maxReplicas. */
  key: string;
  value: string;
  appliedSeconds: number;
  /** When the `pulumi up` that applied it finished. */
  upDoneSeconds?: number;
  /** When the HPA's spec showed the change. */
  specSeconds?: number;
  /** When the HPA controller's status first moved after the new spec (the sync that read it, or a later one); undefined when never seen. */
  takenSeconds?: number;
}

/** What one scale-test run produced: everything the report and the JSON show. */
export interface ScaleTestResult {
  /** Judged with the demand the run produced and the timing it measured. */
  expectations: Expectations;
  load: LoadSummary;
  series: Sample[];
  verdict: Verdict;
  /** What the load aimed at and produced; undefined for an HPA without a CPU target. */
  demand?: DemandSummary;
  /** The cluster timing the envelope used. */
  measured?: Measured;
  /** The room the cluster had for the target's pods before load. */
  room?: Room;
  /** A scenario's phases and its config changes, when the run drove one. */
  phases?: PhaseMark[];
  configChanges?: ConfigChangeMark[];
  /** Each HPA sync the run saw, explained. */
  syncs?: SyncExplanation[];
  /** What the run was a test of: the declared config and the options that shape the figures. */
  setup?: RunSetup;
  /** The figures beside those of a previous run (--baseline), each judged by its tolerance. */
  baseline?: BaselineComparison;
}

/** What one pod asks the scheduler for. */
export interface PodRequest {
  cpuMillicores: number;
  memoryBytes: number;
}

/** One node's free room after the pods on it (and any reserved for load pods). */
export interface NodeRoom {
  name: string;
  freeCpuMillicores: number;
  freeMemoryBytes: number;
  freePods: number;
  /** What the node offers pods at all (status.allocatable); absent in results written before it was kept. */
  allocatable?: { cpuMillicores: number; memoryBytes: number; pods: number };
  /** Further target pods that fit here. */
  fits: number;
}

export interface Room {
  /** Target pods the cluster can run at once: those scheduled now plus those that still fit. */
  pods: number;
  /** Target pods scheduled now. */
  scheduled: number;
  nodes: NodeRoom[];
  /** Nodes left out (unschedulable, not Ready or tainted), with why. */
  skipped: string[];
}

/** What one phase of a scenario asked of the load and what it produced. */
export interface PhaseDemand {
  name: string;
  fromSeconds: number;
  toSeconds: number;
  /** The load it asked for, in words: "700m", "280m → 1960m", "10 clients", "5 req/s". */
  asked: string;
  /** The pods' CPU over the metrics windows inside the phase, median; null when none lay inside. */
  producedMillicores: number | null;
  /** Completed requests per second over the phase. */
  reqPerSec: number;
}
