/**
 * Random but valid envelope inputs from a seed, for the specs that hold the
 * fast envelope to the exhaustive one: demand made of steps, ramps and quiet
 * stretches; an HPA with random bounds, targets, windows, policies, requests
 * and limits (or no behavior at all); config changes under load; what a run
 * may have measured.
 */
import type { ScalingPolicy, ScalingRules } from "../../components/config";
import type { EnvelopeInput } from "../../automation/hpa-model/envelope";
import type { EnvelopeChange } from "../../automation/hpa-model/change-windows";
import type { ModelWorkload } from "../../automation/hpa-model/spec";
import type { Measured } from "../../automation/hpa-model/uncertainties";

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same scenarios. */
export function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (from: number, to: number) => from + Math.floor(next() * (to - from + 1));
  const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

type Random = ReturnType<typeof generator>;

function policies(r: Random): ScalingPolicy[] {
  return Array.from({ length: r.int(1, 2) }, () =>
    r.chance(0.5)
      ? { type: "Pods" as const, value: r.int(1, 5), periodSeconds: r.pick([15, 30, 60, 90]) }
      : { type: "Percent" as const, value: r.pick([10, 25, 50, 100, 200]), periodSeconds: r.pick([15, 30, 60]) },
  );
}

function rules(r: Random, windows: number[]): Partial<ScalingRules> {
  const out: Partial<ScalingRules> = {};
  if (r.chance(0.8)) out.stabilizationWindowSeconds = r.pick(windows);
  if (r.chance(0.8)) out.selectPolicy = r.chance(0.05) ? "Disabled" : r.pick(["Max", "Min"] as const);
  if (r.chance(0.8)) out.policies = policies(r);
  return out;
}

function autoscaling(r: Random, min = r.int(1, 4)): ModelWorkload["autoscaling"] {
  const legacy = r.chance(0.15);
  return {
    minReplicas: min,
    maxReplicas: min + r.int(0, 8),
    cpuUtilization: r.chance(0.9) ? r.int(30, 90) : undefined,
    memoryUtilization: r.chance(0.4) ? r.int(40, 90) : undefined,
    scaleUp: legacy ? undefined : rules(r, [0, 0, 15, 30, 60]),
    scaleDown: legacy ? undefined : rules(r, [0, 30, 60, 120, 300]),
  };
}

function workload(r: Random): ModelWorkload {
  const cpu = r.pick([100, 200, 250, 500]);
  const scaling = autoscaling(r);
  if (scaling.cpuUtilization === undefined && scaling.memoryUtilization === undefined) scaling.cpuUtilization = 70;
  return {
    resources: {
      requests: { cpu: `${cpu}m`, memory: r.pick(["128Mi", "256Mi"]) },
      limits: { cpu: `${cpu * r.pick([1, 2, 2.5])}m`, memory: "512Mi" },
    },
    autoscaling: scaling,
  };
}

/** Quiet, steps and ramps one after another, from `from` to `to` (run seconds). */
function demand(r: Random, from: number, to: number): (t: number) => number {
  const pieces: { until: number; at: (t: number) => number }[] = [];
  let start = from;
  let level = r.pick([0, 60, 300]);
  while (start < to) {
    const kind = r.pick(["step", "ramp", "quiet"] as const);
    // Long stretches of one demand let runs settle and jump ahead.
    const until = start + (kind !== "ramp" && r.chance(0.3) ? r.int(400, 1200) : r.int(20, 240));
    const next = r.chance(0.2) ? 0 : r.int(0, 3000);
    const [a, b, s0] = [level, next, start];
    if (kind === "step") pieces.push({ until, at: () => b });
    else if (kind === "ramp") pieces.push({ until, at: (t) => a + ((b - a) * (t - s0)) / (until - s0) });
    else pieces.push({ until, at: () => a });
    level = kind === "quiet" ? a : b;
    start = until;
  }
  return (t) => (pieces.find((p) => t < p.until) ?? pieces[pieces.length - 1]).at(t);
}

function changes(r: Random, base: ModelWorkload, from: number, to: number, widest: number): EnvelopeChange[] {
  const out: EnvelopeChange[] = [];
  let at = from;
  for (let i = r.int(0, 2); i > 0; i--) {
    at = r.int(at, to);
    const scaling = autoscaling(r, r.int(1, 5));
    if (base.autoscaling.cpuUtilization !== undefined || scaling.memoryUtilization === undefined) {
      scaling.cpuUtilization ??= base.autoscaling.cpuUtilization ?? 70;
    }
    out.push({ autoscaling: scaling, fromSeconds: at, toSeconds: at + r.int(0, widest) });
  }
  return out;
}

function measured(r: Random): Measured {
  const m: Measured = {};
  m.scrapePhaseSeconds = r.int(-20, 40) + r.pick([0, 0.4]);
  m.syncPhaseSeconds = r.int(-20, 40) + r.pick([0, 0.6]);
  if (r.chance(0.8)) {
    const min = r.int(0, 8);
    m.metricLagSeconds = { min, max: min + r.int(0, 6) };
  }
  if (r.chance(0.8)) {
    const min = r.int(1, 10);
    m.podReadySeconds = { min, max: min + r.int(0, 15) };
  }
  if (r.chance(0.5)) m.demandSpread = r.pick([0.02, 0.08, 0.15]);
  return m;
}

/** How big a scenario gets: the exhaustive reference runs every combination for every second of every window. */
export interface ScenarioSize {
  seconds: number;
  /** Narrow the phases to what a run measured (3 values each instead of a whole period). */
  measure: boolean;
  /** The widest window in which a config change is taken, s. */
  widestWindow: number;
}

/** One scenario of `size.seconds` run seconds. */
export function randomScenario(r: Random, { seconds, measure, widestWindow }: ScenarioSize): EnvelopeInput {
  const from = r.chance(0.3) ? -r.int(1, 40) : 0;
  const to = from + seconds;
  const w = workload(r);
  return {
    workload: w,
    demand: demand(r, from, to),
    fromSeconds: from,
    toSeconds: to,
    initialReplicas: r.chance(0.1)
      ? w.autoscaling.maxReplicas + 2
      : r.int(w.autoscaling.minReplicas, w.autoscaling.maxReplicas),
    model: {
      metricResolutionSeconds: r.pick([15, 15, 30]),
      syncPeriodSeconds: r.pick([15, 15, 10]),
      memoryBytesPerMillicore: r.pick([0, 0, 2 ** 17]),
      preloadMillicores: r.pick([0, 100, 800]),
      schedulablePods: r.chance(0.2) ? r.int(2, 6) : Infinity,
    },
    measured: measure ? measured(r) : undefined,
    changes: changes(r, w, from, to, widestWindow),
  };
}
