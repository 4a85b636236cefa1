/**
 * The load is CPU demand, not a request rate: what a request costs differs
 * between machines and endpoints, so the run is asked for millicores and
 * finds the rate that produces them on the cluster at hand, as Kubernetes'
 * e2e ResourceConsumer asks its pods for millicores. This module is the pure
 * core: the default demand and its derivation, and the rate controller that
 * learns the CPU cost of a request from the target pods' CPU
 * (metrics.k8s.io, what the HPA itself reads) and keeps the rate where the
 * demand is met.
 */
import type { WorkloadConfig } from "../../components/config";
import { leastDemandToReach } from "../hpa-model";

/** How far above the least demand that reaches N the default demand sits. */
const DEMAND_MARGIN = 1.5;
/** The calibration load's share of the least demand that would scale the idle workload: well clear of it. */
const CALIBRATION_SHARE = 0.5;

export interface DemandPlan {
  /** The demand the run reaches and holds, millicores. */
  targetMillicores: number;
  /** The least demand at which the HPA, with N − 1 Ready pods, asks for N: below it a run cannot judge the HPA. */
  neededMillicores: number;
  /** The demand of the calibration before load start: half of what would scale the idle workload. */
  calibrationMillicores: number;
  /** The least demand at which the HPA takes minReplicas idle pods to one more. */
  idleTriggerMillicores: number;
  /** How the figures were chosen, one sentence each. */
  derivation: string[];
}

/**
 * The demand for a run that expects N Ready replicas: --demand when given,
 * else the least demand that takes N − 1 pods to N, times a margin.
 * Undefined when the HPA has no CPU target (CPU demand does not drive it).
 */
export function planDemand(workload: WorkloadConfig, n: number, requested?: number): DemandPlan | undefined {
  const hpa = workload.autoscaling;
  const needed = leastDemandToReach(workload, n - 1, n);
  const idleTrigger = leastDemandToReach(workload, hpa.minReplicas, hpa.minReplicas + 1);
  if (needed === undefined || idleTrigger === undefined) return undefined;
  const calibration = Math.max(1, Math.floor(idleTrigger * CALIBRATION_SHARE));
  const target = requested ?? Math.ceil((needed * DEMAND_MARGIN) / 10) * 10;
  const request = workload.resources.requests.cpu;
  const rule = `${n - 1} pods × ${request} CPU request at a ${hpa.cpuUtilization} % target, past the HPA's tolerance`;
  return {
    targetMillicores: target,
    neededMillicores: needed,
    calibrationMillicores: calibration,
    idleTriggerMillicores: idleTrigger,
    derivation: [
      requested === undefined
        ? `Demand = ${DEMAND_MARGIN} × ${needed}m (the least CPU at which the HPA takes ${n - 1} pods to ${n}: ${rule}) = ${target}m CPU.`
        : `Demand = ${target}m CPU (--demand); the HPA takes ${n - 1} pods to ${n} from ${needed}m (${rule}).`,
      `Calibration before load start: ${calibration}m CPU, half of the ${idleTrigger}m that would scale ${hpa.minReplicas} idle pods, long enough for metrics-server to measure what a request costs.`,
    ],
  };
}

/** One reading of the target pods' CPU beside the load that produced it. */
export interface CostReading {
  /** CPU of the target's pods over the reading's window, minus their idle baseline, millicores. */
  cpuMillicores: number;
  /** Responses per second the load completed over the same window. */
  responsesPerSecond: number;
}

export interface RateControllerOptions {
  /** The demand to produce, millicores; setTarget changes it (a scenario's next phase). */
  targetMillicores: number;
  /** Highest request rate allowed (--rate, or the generator's own limit): the safety cap that protects a small host. */
  capPerSecond?: number;
  /** First guess of a request's CPU cost, ms (from a latency probe: an upper bound for a CPU-bound endpoint). */
  initialCostMs: number;
}

/**
 * Readings below these carry too little signal to learn a cost from: 2m of
 * CPU, and a few requests in the window (a trickle of 0.2 req/s over a 15 s
 * window still brings three).
 */
const MIN_READING = { cpuMillicores: 2, responsesPerSecond: 0.2 };
/**
 * How much a new reading counts against the estimate so far. Each reading is
 * already a 15 s average, and the cost drifts as pods come and go (their own
 * idle CPU, a new pod's start-up), so the newest counts most.
 */
const NEW_READING_WEIGHT = 0.75;
/** A delivery below this is a generator or target in trouble, not something to ask around. */
const MIN_DELIVERY = 0.5;
/** The cost the rate is figured from moves at most by this factor per reading, so one odd reading cannot swing the load. */
const MAX_STEP = 2;
/** Rates are asked in hundredths of a request per second: a trickle stays a trickle. */
const PER_REQUEST = 100;

/**
 * Finds and holds the rate that produces the target demand. Each reading
 * gives a cost per request (CPU ÷ completed rate, in ms) and how much of the
 * asked rate completed; each estimate moves three quarters of the way to the
 * new reading (the first reading is taken whole). The rate is the demand ÷
 * the cost ÷ that share, within the cap; the cost it is figured from follows
 * the estimate at most a factor of two per reading. No floor: a demand below
 * one request per connection per second is a rate below it.
 */
export class RateController {
  private cost: number;
  /** The cost the rate is figured from: the estimate, approached at most MAX_STEP per reading. */
  private steered: number;
  private target: number;
  private cap: number | undefined;
  private readonly learned: number[] = [];
  /** Completed over asked requests: below 1 when the generator or the target cannot keep the rate asked. */
  private delivery = 1;

  constructor(options: RateControllerOptions) {
    this.cost = Math.max(options.initialCostMs, 0.001);
    this.steered = this.cost;
    this.target = options.targetMillicores;
    this.cap = options.capPerSecond;
  }

  /** Requests per second to ask of the generator now. */
  rate(): number {
    const asked = this.askedRate();
    const capped = this.cap === undefined ? asked : Math.min(this.cap, asked);
    return Math.round(capped * PER_REQUEST) / PER_REQUEST;
  }

  /** The current estimate of a request's CPU cost, ms. */
  costMs(): number {
    return this.cost;
  }

  /** Costs learned from readings so far, ms, in order. */
  history(): number[] {
    return [...this.learned];
  }

  /** A new demand to produce (a scenario's next phase, or a ramp's next second). */
  setTarget(millicores: number): void {
    this.target = Math.max(0, millicores);
  }

  /** A new cap; undefined lifts it. */
  setCap(capPerSecond: number | undefined): void {
    this.cap = capPerSecond;
  }

  /** The cap now, req/s; undefined when uncapped. */
  capPerSecond(): number | undefined {
    return this.cap;
  }

  /** The completed rate the target demand needs at the current cost estimate. */
  wantedRate(): number {
    return this.target / this.cost;
  }

  /** The rate to ask for so that the wanted rate completes, cap or not. */
  private askedRate(): number {
    return this.target / this.steered / this.delivery;
  }

  /** True when the cap keeps the rate below what the demand needs. */
  capBinds(): boolean {
    return this.cap !== undefined && this.target / this.cost / this.delivery > this.cap;
  }

  /**
   * Takes from a reading too faint to learn a cost from (under MIN_READING's
   * CPU at a countable rate) what it does say: a request costs less than that
   * CPU over that rate. A lower bound than the estimate replaces it, so a
   * cheap request's rate can rise at once without the demand passing its target.
   */
  bound(reading: CostReading): void {
    if (reading.responsesPerSecond < MIN_READING.responsesPerSecond) return;
    if (reading.cpuMillicores >= MIN_READING.cpuMillicores) return;
    const below = MIN_READING.cpuMillicores / reading.responsesPerSecond;
    if (below < this.cost) this.cost = this.steered = below;
  }

  /**
   * Learns from a reading; returns false when the reading carried too little
   * signal. `asked` is the rate the generator was asked for over the window
   * (the controller's own unless given); a window of a fixed rate or a closed
   * loop passes null and teaches the cost only: what completed of its rate
   * says nothing of what completes of the controller's.
   */
  observe(reading: CostReading, asked: number | null = this.rate()): boolean {
    if (reading.cpuMillicores < MIN_READING.cpuMillicores) return false;
    if (reading.responsesPerSecond < MIN_READING.responsesPerSecond) return false;
    const measured = reading.cpuMillicores / reading.responsesPerSecond;
    const delivered =
      asked === undefined || asked === null
        ? this.delivery
        : asked > 0
          ? Math.min(1, reading.responsesPerSecond / asked)
          : 1;
    const first = this.learned.length === 0;
    const blend = (old: number, now: number) =>
      first ? now : (1 - NEW_READING_WEIGHT) * old + NEW_READING_WEIGHT * now;
    this.cost = blend(this.cost, measured);
    // A generator whose connections are all busy completes less than it is asked: ask for the difference.
    this.delivery = Math.max(MIN_DELIVERY, blend(this.delivery, delivered));
    this.learned.push(measured);
    this.steered = Math.min(this.steered * MAX_STEP, Math.max(this.steered / MAX_STEP, this.cost));
    return true;
  }
}

/**
 * The share of what a load generator may use (a core of this machine, a load
 * pod's CPU limit) the default rate cap keeps it under: the rest of a small
 * host belongs to the cluster it is testing.
 */
const GENERATOR_CPU_SHARE = 0.5;
/** A window with fewer requests says too little about the generator's CPU per request. */
const MIN_CAP_REQUESTS = 50;

/**
 * The default rate cap, from one window of the load: the rate at which the
 * busiest generator would spend GENERATOR_CPU_SHARE of what it may use, at
 * the CPU per request it spent in the window. Its CPU there includes what it
 * spends idle, so a light window overstates a request's share and gives a
 * low cap, yet one above the rate it ran at; the next window, at the higher
 * rate, lifts it. Undefined when the window says too little.
 */
export function generatorCap(cpuPercent: number, requests: number, seconds: number): number | undefined {
  if (requests < MIN_CAP_REQUESTS || !(cpuPercent > 0) || !(seconds > 0)) return undefined;
  return ((requests / seconds) * GENERATOR_CPU_SHARE * 100) / cpuPercent;
}
