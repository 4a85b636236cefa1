/**
 * What the verdict says beyond its checks: why a run could not judge the HPA
 * (too light a load, a generator that fell behind) and what to change, why
 * a run began above minReplicas, and the likely causes of a failed scale-up
 * (metrics missing, pods Pending, maxReplicas, too little load), each read
 * off the series and the demand summary. Pure.
 */
import { DEFAULT_MODEL_OPTIONS } from "../hpa-model";
import { LOCAL_GENERATOR, QUEUED_SHARE } from "../load";
import type { DemandSummary, Expectations, LoadSummary, Sample, SyncExplanation } from "../shared/results";
import { plural, secs } from "../shared/text";

/** The HPA ignores ratios within this of 1 (--horizontal-pod-autoscaler-tolerance). */
const HPA_TOLERANCE = DEFAULT_MODEL_OPTIONS.tolerance;

/** The most replicas a sample shows: ready, current or desired. */
export const replicasOf = (s: Sample): number =>
  Math.max(s.readyReplicas, s.currentReplicas ?? 0, s.desiredReplicas ?? 0);

/** Why replicas can pass maxReplicas: the HPA never asks for more. */
export const SOMETHING_ELSE_SCALED =
  "Something other than this HPA set the replica count (a manual `kubectl scale`, a second HPA, or a `replicas` field in the Deployment).";

/** Why a scenario's run cannot be judged when none of its pods' CPU was read. */
export const SCENARIO_UNMEASURED =
  "The pods' CPU was never read during the scenario, so its band has no measured demand and the run cannot judge the HPA: check that metrics-server serves the pods' usage (`kubectl top pods` in the app's namespace).";

/**
 * Why the run cannot judge the HPA, with what to change; empty when the load
 * produced at least the demand at which the HPA takes N − 1 pods to N (for a
 * scenario, any measured demand: it has no N) and every load generator kept
 * its share. A generator that fell behind makes
 * the run inconclusive either way: a late scale-up could then be the
 * generator's, not the HPA's.
 */
export function whyTooLight(d: DemandSummary): string[] {
  if (d.generator.saturated) return [generatorsBehind(d)];
  // A scenario has no N: only a demand never measured leaves its band without a footing.
  if (d.phases !== undefined) return d.producedMillicores === null ? [SCENARIO_UNMEASURED] : [];
  if (d.producedMillicores !== null && d.producedMillicores >= d.neededMillicores) return [];
  const seen =
    d.producedMillicores === null
      ? "The load produced no measurable CPU demand"
      : `The load produced ${d.producedMillicores}m of CPU on the plateau (target ${d.targetMillicores}m)`;
  const head = `${seen}, below the ${d.neededMillicores}m at which the HPA takes N − 1 pods to N, so it cannot judge the HPA`;
  if (d.capBinding && d.capPerSecond !== undefined) {
    const wanted = Math.ceil(d.wantedReqPerSec / 10) * 10;
    const needs = `a request costs ${d.costMs.toFixed(2)} ms of CPU, so ${d.targetMillicores}m needs about ${d.wantedReqPerSec} req/s`;
    if (d.capDerived) {
      return [
        `${head}: the default rate cap of ${Math.round(d.capPerSecond)} req/s, at which the load generators would spend half of the CPU they may use, bound it (${needs}); spread the load over more load pods (--load-pods), lift the cap (--rate ${wanted} or --rate 0), or aim --path at a costlier endpoint.`,
      ];
    }
    return [
      `${head}: the --rate cap of ${d.capPerSecond} req/s bound it (${needs}); raise --rate to at least ${wanted}, or aim --path at a costlier endpoint.`,
    ];
  }
  return [
    `${head}: the requests cost less CPU than the rate could make up for (${d.costMs.toFixed(2)} ms each at ${d.reqPerSec.toFixed(0)} req/s); raise --demand, or aim --path at a costlier endpoint.`,
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
  // Bound by its connections rather than its CPU: due requests waited for a connection, or were dropped.
  const queued = behind.filter((x) => !x.lost && (x.dropped > 0 || x.queuedShare > QUEUED_SHARE));
  const remedy =
    queued.length > 0 && queued.length === behind.length
      ? `${queued.map((x) => `${Math.round(x.queuedShare * 100)} % of ${behind.length === 1 ? "its" : `${x.name}'s`} due requests waited for a connection${x.dropped > 0 ? ` and ${x.dropped} were dropped` : ""}`).join("; ")}: the connections were the ceiling, not the generator; raise --connections`
      : g.behind.includes(LOCAL_GENERATOR)
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
 * that count, and its first step went unseen. The calibration aims at half of the HPA's first step
 * for any request cost, trusting that a request costs no more CPU than twice its latency; one whose CPU
 * read at or above that step scaled it (a request that works on several cores at once can cost more
 * than that); one that read below it points at replicas left by a previous run, or at a
 * window of the calibration that cost more than the one read.
 */
export function explainEarlyStart(series: Sample[], e: Expectations, demand?: DemandSummary): string[] {
  const first = series.find((s) => s.t >= 0);
  if (!first || !demand || replicasOf(first) <= e.minReplicas) return [];
  const at = `The target had ${plural(replicasOf(first), "replica")} when the load started, above minReplicas ${e.minReplicas}, so the run judged the HPA from there and not its first step`;
  const cal = demand.calibration;
  const rate = cal.seconds > 0 ? cal.requests / cal.seconds : 0;
  const costMs = cal.costMs ?? demand.costMs;
  const millicores = Math.round(rate * costMs);
  if (millicores >= cal.scalesAtMillicores) {
    return [
      `${at}: the calibration's ${rate.toFixed(1)} req/s at ${costMs.toFixed(2)} ms of CPU a request put about ${millicores}m on the pods, at or above the ${cal.scalesAtMillicores}m at which the HPA scales ${e.minReplicas} idle pods. It starts at the rate at which a request costing twice its latency (${demand.probeMs.toFixed(1)} ms) would put half of that on the pods; a request that costs more CPU than that (work on several cores at once) outruns it.`,
    ];
  }
  return [
    `${at}: the calibration's ${rate.toFixed(1)} req/s at ${costMs.toFixed(2)} ms of CPU a request read about ${millicores}m, under the ${cal.scalesAtMillicores}m at which the HPA scales ${e.minReplicas} idle pods. Either the replicas were left from a previous run (wait for minReplicas before the next), or a window of the calibration cost more than the one read.`,
  ];
}

/** Likely causes of a failed scale-up, most specific first. */
export function explainScaleUp(
  series: Sample[],
  load: Pick<LoadSummary, "durationSeconds">,
  e: Expectations,
): string[] {
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
  if (asked && asked.t > e.scaleUpWithinSeconds) {
    // Asked only after the deadline: the pods were not what was slow, the controller's request was.
    const byThen = Math.max(
      0,
      ...during.filter((s) => s.t <= e.scaleUpWithinSeconds).map((s) => s.desiredReplicas ?? 0),
    );
    return [
      `The HPA asked for ${plural(asked.desiredReplicas ?? 0, "replica")} only at ${secs(asked.t)}, after the ${secs(e.scaleUpWithinSeconds)} deadline (by then it asked for ${byThen}): it scaled later or slower than its declared config allows.`,
    ];
  }
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

/**
 * Where the HPA asked for fewer replicas than the declared config does from
 * the same reading during the load: the first such sync, the rule the declared
 * config went by, and how many syncs did the same. Points at policies other
 * than the declared ones (or a controller with other flags) rather than at the
 * pods. Empty without a replay, or where the HPA never asked for less.
 */
export function explainDeclared(
  syncs: SyncExplanation[] | undefined,
  load: Pick<LoadSummary, "durationSeconds">,
): string[] {
  const fewer = (syncs ?? []).filter((s) => {
    const asked = s.cluster.desiredReplicas;
    const would = s.replay?.desired ?? null;
    return s.t >= 0 && s.t <= load.durationSeconds && asked !== null && would !== null && would > asked;
  });
  const first = fewer[0];
  if (!first?.replay) return [];
  const bound = first.replay.bound ? ` (${first.replay.bound})` : "";
  const more = fewer.length > 1 ? `, and ${plural(fewer.length - 1, "later sync")} asked for less too` : "";
  return [
    `At ${secs(first.t)} the HPA asked for ${first.cluster.desiredReplicas} where its declared config asks ${first.replay.desired} from the same reading${bound}${more}: the live HPA's behavior or the controller's flags may not be the declared ones (compare \`kubectl get hpa -o yaml\` with the stack config).`,
  ];
}
