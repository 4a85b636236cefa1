/**
 * The scale test's verdict: a pure function of the observed series, the load
 * summary, the expectations and the demand produced. With the HPA model's
 * envelope every sample is checked against it (envelope-check.ts); without it
 * (an HPA without a CPU target) the e2e budget's N-within-T stands. Every
 * check says in one sentence what was seen, and a failed scale-up comes with
 * the likely causes, read from the series.
 */
import { DEFAULT_MODEL_OPTIONS } from "../hpa-model";
import { LOCAL_GENERATOR } from "../load/health";
import { checkEnvelope, checkWindow } from "./envelope-check";
import { plural, secs } from "../shared/text";
import type { Check, DemandSummary, Expectations, LoadSummary, Sample, Verdict } from "../shared/results";

/** The load figures the verdict needs. */
export type LoadFacts = Pick<LoadSummary, "errors" | "timeouts" | "non2xx" | "failed" | "durationSeconds">;

/** The HPA ignores ratios within this of 1 (--horizontal-pod-autoscaler-tolerance). */
const HPA_TOLERANCE = DEFAULT_MODEL_OPTIONS.tolerance;

const replicasOf = (s: Sample): number => Math.max(s.readyReplicas, s.currentReplicas ?? 0, s.desiredReplicas ?? 0);

/**
 * Judges a run: passed only when every check passes; inconclusive when the
 * load produced less CPU than N needs, since no timeline of the HPA can be
 * judged then. Failed requests are judged either way.
 */
export function judge(series: Sample[], load: LoadFacts, expectations: Expectations, demand?: DemandSummary): Verdict {
  const tooLight = demand ? whyTooLight(demand) : [];
  if (tooLight.length > 0) {
    const requests = checkFailedRequests(load, expectations, demand?.calibration.failed ?? 0);
    const checks: Check[] = [{ name: "demand", passed: false, message: tooLight[0] }, requests];
    return { passed: false, outcome: "inconclusive", inconclusive: tooLight, checks, explanations: [] };
  }
  const enveloped = expectations.envelope !== undefined;
  const checks: Check[] = [
    enveloped ? checkWindow(series, expectations) : checkScaleUp(series, expectations),
    checkMaxReplicas(series, expectations),
    checkFailedRequests(load, expectations, demand?.calibration.failed ?? 0),
  ];
  if (enveloped) checks.push(checkEnvelope(series, expectations));
  if (expectations.scaleDownWithinSeconds !== undefined) checks.push(checkScaleDown(series, load, expectations));
  const explanations: string[] = explainEarlyStart(series, expectations, demand);
  if (!checks[0].passed) explanations.push(...explainScaleUp(series, load, expectations));
  if (!checks[1].passed) {
    explanations.push(
      "Something other than this HPA set the replica count (a manual `kubectl scale`, a second HPA, or a `replicas` field in the Deployment).",
    );
  }
  const passed = checks.every((c) => c.passed);
  return { passed, outcome: passed ? "passed" : "failed", inconclusive: [], checks, explanations };
}

/**
 * Why the run cannot judge the HPA, with what to change; empty when the load
 * produced at least the demand at which the HPA takes N − 1 pods to N and
 * every load generator kept its share. A generator that fell behind makes
 * the run inconclusive either way: a late scale-up could then be the
 * generator's, not the HPA's.
 */
function whyTooLight(d: DemandSummary): string[] {
  if (d.generator.saturated) return [generatorsBehind(d)];
  if (d.producedMillicores !== null && d.producedMillicores >= d.neededMillicores) return [];
  const seen =
    d.producedMillicores === null
      ? "The load produced no measurable CPU demand"
      : `The load produced ${d.producedMillicores}m of CPU on the plateau (target ${d.targetMillicores}m)`;
  const head = `${seen}, below the ${d.neededMillicores}m at which the HPA takes N − 1 pods to N, so it cannot judge the HPA`;
  if (d.capBinding && d.capPerSecond !== undefined) {
    const wanted = Math.ceil(d.wantedReqPerSec / 10) * 10;
    return [
      `${head}: the --rate cap of ${d.capPerSecond} req/s bound it (a request costs ${d.costMs.toFixed(2)} ms of CPU, so ${d.targetMillicores}m needs about ${d.wantedReqPerSec} req/s); raise --rate to at least ${wanted}, or aim --path at a costlier endpoint.`,
    ];
  }
  return [
    `${head}: the requests cost less CPU than the rate could make up for (${d.costMs.toFixed(2)} ms each at ${d.reqPerSec.toFixed(0)} req/s); raise --demand or --connections, or aim --path at a costlier endpoint.`,
  ];
}

/** Which generators could not keep their share, what each reached, and what to change. */
function generatorsBehind(d: DemandSummary): string {
  const g = d.generator;
  const behind = g.generators.filter((x) => g.behind.includes(x.name));
  const one = (name: string) =>
    name === LOCAL_GENERATOR ? "The load generator on this machine" : `Load generator ${name}`;
  const who = behind.length === 1 ? one(behind[0].name) : `Load generators ${g.behind.join(", ")}`;
  const figures = behind.map(
    (x) =>
      `${behind.length === 1 ? "it" : x.name} reached ${x.reachedReqPerSec.toFixed(0)} of its ${x.shareReqPerSec.toFixed(0)} req/s` +
      `${x.lost ? " and then stopped reporting" : ""}, CPU up to ${x.maxCpuPercent} %, event-loop delay up to ${x.maxEventLoopP99Ms} ms`,
  );
  const produced =
    d.producedMillicores === null ? "no measurable" : `${d.producedMillicores}m of the ${d.targetMillicores}m`;
  const remedy = g.behind.includes(LOCAL_GENERATOR)
    ? "give it a less busy machine, or load from the cluster (--load-from cluster)"
    : "spread the load over more pods (--load-pods), or find out why a pod ended";
  return (
    `${behind.length > 0 ? who : "The load generator"} could not keep ${behind.length > 1 ? "their" : "its"} share of the load ` +
    `(${figures.length > 0 ? figures.join("; ") : `CPU up to ${g.maxCpuPercent} %, event-loop delay up to ${g.maxEventLoopP99Ms} ms`}; ` +
    `the load produced ${produced} CPU demand), so a slow scale-up could be the generator's rather than the HPA's and the run cannot judge the HPA: ${remedy}.`
  );
}

/**
 * Says so when the target had more than minReplicas at load start: the run then judged the HPA from
 * that count, and its first step went unseen. Either the calibration scaled it (its least load, one
 * request per second on each connection, can cost more than the HPA's first step when requests are
 * expensive) or a previous run's replicas had not come back down. A calibration that read at or above
 * that step scaled it; one that read below may still have, in a window it did not read.
 */
function explainEarlyStart(series: Sample[], e: Expectations, demand?: DemandSummary): string[] {
  const first = series.find((s) => s.t >= 0);
  if (!first || !demand || replicasOf(first) <= e.minReplicas) return [];
  const at = `The target had ${plural(replicasOf(first), "replica")} when the load started, above minReplicas ${e.minReplicas}, so the run judged the HPA from there and not its first step`;
  const cal = demand.calibration;
  const rate = cal.seconds > 0 ? cal.requests / cal.seconds : 0;
  const costMs = cal.costMs ?? demand.costMs;
  const millicores = Math.round(rate * costMs);
  if (millicores >= cal.scalesAtMillicores) {
    return [
      `${at}: the calibration's ${rate.toFixed(1)} req/s at ${costMs.toFixed(2)} ms of CPU a request put about ${millicores}m on the pods, at or above the ${cal.scalesAtMillicores}m at which the HPA scales ${e.minReplicas} idle pods. It sends at least one request per second on each connection: fewer --connections or a cheaper --path keep it below that.`,
    ];
  }
  return [
    `${at}: the calibration's ${rate.toFixed(1)} req/s at ${costMs.toFixed(2)} ms of CPU a request read about ${millicores}m, under the ${cal.scalesAtMillicores}m at which the HPA scales ${e.minReplicas} idle pods. Either the replicas were left from a previous run (wait for minReplicas before the next), or a window of the calibration cost more than the one read (fewer --connections or a cheaper --path keep it further below).`,
  ];
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

/** Failed requests (errors + timeouts + non-2xx, the calibration's included) stayed within the budget. */
function checkFailedRequests(load: LoadFacts, e: Expectations, calibrationFailed: number): Check {
  const failed = load.failed + calibrationFailed;
  const calibration = calibrationFailed > 0 ? `, ${calibrationFailed} in the calibration` : "";
  const breakdown = `${plural(load.errors, "error")}, ${plural(load.timeouts, "timeout")}, ${load.non2xx} non-2xx${calibration}`;
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

/** Likely causes of a failed scale-up, most specific first. */
function explainScaleUp(series: Sample[], load: LoadFacts, e: Expectations): string[] {
  const during = series.filter((s) => s.t >= 0 && s.t <= load.durationSeconds);
  const reasons: string[] = [];
  const cpu = during.map((s) => s.cpuUtilization).filter((v): v is number => v !== null);
  if (during.length > 0 && cpu.length === 0) {
    reasons.push(
      "Metrics unavailable: the HPA never reported CPU utilization, so it could not compute a replica count (is metrics-server running and serving metrics.k8s.io?).",
    );
  }
  const pending = during.flatMap((s) => s.pendingReasons);
  const noCpu = pending.find((r) => /insufficient cpu/i.test(r));
  if (noCpu) {
    reasons.push(
      `Pods stayed Pending for lack of CPU ("${noCpu}"): the node cannot fit more replicas at their CPU request.`,
    );
  } else if (pending.length > 0) {
    reasons.push(`Pods stayed Pending: "${pending[0]}".`);
  }
  if (e.scaleUpReplicas > e.maxReplicas) {
    reasons.push(
      `The expected ${e.scaleUpReplicas} replicas exceed maxReplicas ${e.maxReplicas}; the HPA will never go that high.`,
    );
  } else if (during.length > 0 && (during[0].currentReplicas ?? during[0].readyReplicas) >= e.maxReplicas) {
    reasons.push(`Already at maxReplicas (${e.maxReplicas}) when load started: there was no room to scale up.`);
  }
  reasons.push(...explainDemand(during, cpu, e));
  const last = series[series.length - 1];
  if (last && last.t < e.scaleUpWithinSeconds && !series.some((s) => s.readyReplicas >= e.scaleUpReplicas)) {
    reasons.push(
      `Observation stopped at ${secs(last.t)}, before the ${secs(e.scaleUpWithinSeconds)} deadline; lengthen --duration.`,
    );
  }
  return reasons;
}

/** Was the load enough to ask for more replicas, and did the HPA's request turn into ready pods? */
function explainDemand(during: Sample[], cpu: number[], e: Expectations): string[] {
  const asked = during.find((s) => (s.desiredReplicas ?? 0) >= e.scaleUpReplicas);
  if (asked) {
    const inTime = during.filter((s) => s.t <= e.scaleUpWithinSeconds).map((s) => s.readyReplicas);
    const ready = Math.max(0, ...inTime);
    // N Ready by the deadline: the pods were not slow; the check says what went wrong (N already there, or too early).
    if (ready >= e.scaleUpReplicas) return [];
    return [
      `The HPA asked for ${plural(asked.desiredReplicas ?? 0, "replica")} at ${secs(asked.t)} but at most ${ready} were ready by the ${secs(e.scaleUpWithinSeconds)} deadline: new pods were slow to start or failed readiness.`,
    ];
  }
  if (cpu.length > 0 && e.cpuTargetUtilization !== undefined) {
    const peak = Math.max(...cpu);
    const threshold = Math.round(e.cpuTargetUtilization * (1 + HPA_TOLERANCE));
    if (peak < threshold) {
      return [
        `Load too low: CPU peaked at ${peak} % against the ${e.cpuTargetUtilization} % target (the HPA acts above ~${threshold} %); raise --rate or --connections, or aim --path at a CPU-bound endpoint.`,
      ];
    }
    return [
      `CPU reached ${peak} % (target ${e.cpuTargetUtilization} %) but the HPA did not ask for ${e.scaleUpReplicas} replicas in time; see its events and conditions.`,
    ];
  }
  return [];
}
