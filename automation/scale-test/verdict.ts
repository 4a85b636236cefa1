/**
 * The scale test's verdict: a pure function of the observed series, the load
 * summary, the expectations and the demand produced. With the HPA model's
 * envelope every sample is checked against it (envelope-check.ts); without it
 * (an HPA without a CPU target) the e2e budget's N-within-T stands. Every
 * check says in one sentence what was seen, and a failed scale-up comes with
 * the likely causes, read from the series.
 */
import { checkEnvelope, judgeSamples } from "./envelope-check";
import { checkEndsAtMin, checkWindow } from "./window-checks";
import {
  explainDeclared,
  explainEarlyStart,
  explainScaleUp,
  replicasOf,
  SOMETHING_ELSE_SCALED,
  whyTooLight,
} from "./explanations";
import { plural, secs } from "../shared/text";
import type {
  Check,
  DemandSummary,
  Expectations,
  LoadSummary,
  Sample,
  SyncExplanation,
  Verdict,
} from "../shared/results";

/** The load figures the verdict needs. */
export type LoadFacts = Pick<LoadSummary, "errors" | "timeouts" | "non2xx" | "dropped" | "failed" | "durationSeconds">;

/**
 * Judges a run: passed only when every check passes. A run whose load was too
 * light to judge the HPA (less CPU than N needs, or a generator that could
 * not keep its share) is inconclusive, but what holds whatever the load did
 * is judged all the same: the replicas stayed within maxReplicas and the HPA
 * went no higher or faster than the envelope's upper side allows; either
 * failing makes the run failed, not inconclusive. Failed requests are
 * reported either way. With the syncs replayed, a sample outside the envelope
 * says what the declared config would have asked for at the sync before it.
 */
export function judge(
  series: Sample[],
  load: LoadFacts,
  expectations: Expectations,
  demand?: DemandSummary,
  syncs?: SyncExplanation[],
): Verdict {
  const tooLight = demand ? whyTooLight(demand) : [];
  const enveloped = expectations.envelope !== undefined;
  const samples = enveloped ? judgeSamples(series, expectations) : undefined;
  const requests = checkFailedRequests(load, expectations, demand?.calibration.failed ?? 0);
  const maxReplicas = checkMaxReplicas(series, expectations);
  if (tooLight.length > 0) {
    const held = [maxReplicas, ...(enveloped ? [checkEnvelope(series, expectations, "upper", syncs)] : [])];
    const checks: Check[] = [{ name: "demand", passed: false, message: tooLight[0] }, requests, ...held];
    // Failed requests stay listed but decide nothing here: a generator that fell behind may have caused them.
    const broken = held.some((c) => !c.passed);
    const explanations = maxReplicas.passed ? [] : [SOMETHING_ELSE_SCALED];
    return {
      passed: false,
      outcome: broken ? "failed" : "inconclusive",
      inconclusive: tooLight,
      checks,
      explanations,
      samples,
    };
  }
  if (expectations.scenario) return judgeScenario(series, expectations, [maxReplicas, requests], samples, syncs);
  const checks: Check[] = [
    enveloped ? checkWindow(series, expectations) : checkScaleUp(series, expectations),
    maxReplicas,
    requests,
  ];
  if (enveloped) checks.push(checkEnvelope(series, expectations, "both", syncs));
  if (expectations.scaleDownWithinSeconds !== undefined) checks.push(checkScaleDown(series, load, expectations));
  const explanations: string[] = explainEarlyStart(series, expectations, demand);
  if (!checks[0].passed)
    explanations.push(...explainDeclared(syncs, load), ...explainScaleUp(series, load, expectations));
  if (!maxReplicas.passed) explanations.push(SOMETHING_ELSE_SCALED);
  const passed = checks.every((c) => c.passed);
  return { passed, outcome: passed ? "passed" : "failed", inconclusive: [], checks, explanations, samples };
}

/**
 * A scenario's run: every sample through every phase inside the envelope,
 * within maxReplicas, no failed request, and back at the floor at the end
 * when the scenario ends there. There is no single N: the envelope is the
 * timeline.
 */
function judgeScenario(
  series: Sample[],
  e: Expectations,
  always: Check[],
  samples?: Verdict["samples"],
  syncs?: SyncExplanation[],
): Verdict {
  const checks = [checkEnvelope(series, e, "both", syncs), ...always];
  const end = checkEndsAtMin(series, e);
  if (end) checks.push(end);
  const explanations = always[0].passed ? [] : [SOMETHING_ELSE_SCALED];
  const passed = checks.every((c) => c.passed);
  return { passed, outcome: passed ? "passed" : "failed", inconclusive: [], checks, explanations, samples };
}

/** Scale-up to at least N ready replicas within T seconds of load start. */
function checkScaleUp(series: Sample[], e: Expectations): Check {
  const n = plural(e.scaleUpReplicas, "ready replica");
  const baseline = series.find((s) => s.t >= 0);
  if (baseline && baseline.readyReplicas >= e.scaleUpReplicas && e.minReplicas < e.scaleUpReplicas) {
    return {
      name: "scale-up",
      passed: false,
      message: `Already had ${plural(baseline.readyReplicas, "ready replica")} when load started, so no scale-up to ${e.scaleUpReplicas} was observed.`,
    };
  }
  const reached = series.find((s) => s.t >= 0 && s.readyReplicas >= e.scaleUpReplicas);
  if (reached && reached.t <= e.scaleUpWithinSeconds) {
    return {
      name: "scale-up",
      passed: true,
      message: `Reached ${n} ${secs(reached.t)} after load started (expected within ${secs(e.scaleUpWithinSeconds)}).`,
    };
  }
  if (reached) {
    const late = reached.t - e.scaleUpWithinSeconds;
    return {
      name: "scale-up",
      passed: false,
      message: `Reached ${n} only ${secs(reached.t)} after load started, ${secs(late)} later than the expected ${secs(e.scaleUpWithinSeconds)}.`,
    };
  }
  const during = series.filter((s) => s.t >= 0);
  const peakReady = Math.max(0, ...during.map((s) => s.readyReplicas));
  const peakDesired = Math.max(0, ...during.map((s) => s.desiredReplicas ?? 0));
  const observed = during.length ? during[during.length - 1].t : 0;
  return {
    name: "scale-up",
    passed: false,
    message: `Never reached ${n}: at most ${peakReady} were ready (the HPA asked for at most ${peakDesired}) in ${secs(observed)} of observation.`,
  };
}

/** The replica count never went above maxReplicas. */
function checkMaxReplicas(series: Sample[], e: Expectations): Check {
  const peak = Math.max(0, ...series.map(replicasOf));
  return peak <= e.maxReplicas
    ? {
        name: "max-replicas",
        passed: true,
        message: `Peaked at ${plural(peak, "replica")}, within maxReplicas ${e.maxReplicas}.`,
      }
    : {
        name: "max-replicas",
        passed: false,
        message: `Reached ${plural(peak, "replica")}, above maxReplicas ${e.maxReplicas}.`,
      };
}

/** Failed requests (errors + timeouts + non-2xx + dropped, the calibration's included) stayed within the budget. */
function checkFailedRequests(load: LoadFacts, e: Expectations, calibrationFailed: number): Check {
  const failed = load.failed + calibrationFailed;
  const calibration = calibrationFailed > 0 ? `, ${calibrationFailed} in the calibration` : "";
  const dropped = load.dropped > 0 ? `, ${load.dropped} dropped unserved` : "";
  const breakdown = `${plural(load.errors, "error")}, ${plural(load.timeouts, "timeout")}, ${load.non2xx} non-2xx${dropped}${calibration}`;
  return failed <= e.maxFailedRequests
    ? {
        name: "failed-requests",
        passed: true,
        message: `${plural(failed, "failed request")} (budget ${e.maxFailedRequests}).`,
      }
    : {
        name: "failed-requests",
        passed: false,
        message: `${plural(failed, "failed request")} (${breakdown}) exceed the budget of ${e.maxFailedRequests}.`,
      };
}

/** After load stops, replicas come back to minReplicas within the scale-down window. */
function checkScaleDown(series: Sample[], load: LoadFacts, e: Expectations): Check {
  const window = e.scaleDownWithinSeconds ?? 0;
  const end = load.durationSeconds;
  const after = series.filter((s) => s.t >= end);
  const back = after.find((s) => (s.currentReplicas ?? s.readyReplicas) <= e.minReplicas);
  const min = plural(e.minReplicas, "replica");
  if (back && back.t - end <= window) {
    return {
      name: "scale-down",
      passed: true,
      message: `Came back to ${min} ${secs(back.t - end)} after load stopped (window ${secs(window)}).`,
    };
  }
  if (back) {
    return {
      name: "scale-down",
      passed: false,
      message: `Came back to ${min} only ${secs(back.t - end)} after load stopped, later than the ${secs(window)} window.`,
    };
  }
  const last = after[after.length - 1];
  const still = last ? (last.currentReplicas ?? last.readyReplicas) : undefined;
  return {
    name: "scale-down",
    passed: false,
    message:
      last === undefined
        ? `No observation after load stopped, so scale-down to ${min} was not seen.`
        : `Still at ${plural(still ?? 0, "replica")} ${secs(last.t - end)} after load stopped; expected ${min} within ${secs(window)}.`,
  };
}
