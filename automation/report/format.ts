/**
 * Pure formatters for the scale test's results: each returns a string and
 * prints nothing, so the CLI decides where text goes (stdout) and tests can
 * assert on it.
 */
import Table from "cli-table3";
import { LOCAL_GENERATOR } from "../load";
import type { DemandSummary, Expectations, LoadSummary, Sample, SampleJudgement, Verdict } from "../shared/results";

const dash = (value: number | null, digits = 0): string => (value === null ? "-" : value.toFixed(digits));

const span = (lo: number, hi: number): string => `${lo}–${hi}`;

/**
 * The old call's stand-in for the verdict's judgement: each sample's band
 * over the envelope ± the slack, with the ready count judged alone, as the
 * table did before the verdict kept its per-sample judgement. It goes once
 * the CLI passes `verdict.samples`.
 */
/** A band cell: the counts allowed, with ✗ and the side when the verdict found this count outside. */
function bandCell(j: SampleJudgement | undefined, count: "ready" | "desired"): string {
  if (!j?.band) return "-";
  const text = count === "ready" ? span(j.band.minReady, j.band.maxReady) : span(j.band.minDesired, j.band.maxDesired);
  return j.outside?.count === count ? `${text} ✗ ${j.outside.side}` : text;
}

/**
 * The observed series as a table: time, CPU %, desired, current, ready, req/s,
 * p99 ms, errors, pods; with the verdict's judgement of each sample
 * (`verdict.samples`), the band of desired and of ready replicas each sample
 * was judged against beside the observed count, marked ✗ where the verdict
 * found that count outside: the table shows the verdict's judgement, it does
 * not make its own.
 */
export function formatSeriesTable(series: Sample[], judged?: SampleJudgement[]): string {
  const banded = judged !== undefined;
  const head = sampleColumns(banded);
  const table = new Table({
    head,
    colAligns: [...head.slice(1).map(() => "right" as const), "left"],
    style: { head: [], border: [] }, // no ANSI colours: the table may go to a file or a pipe
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" }, // no rule between rows: a long run stays readable
  });
  series.forEach((s, i) => {
    // judged[i] is series[i]'s judgement; one for another moment is not shown against this sample.
    const j = judged?.[i]?.t === s.t ? judged[i] : undefined;
    table.push([
      s.t.toFixed(0),
      dash(s.cpuUtilization),
      dash(s.desiredReplicas),
      ...(banded ? [bandCell(j, "desired")] : []),
      dash(s.currentReplicas),
      String(s.readyReplicas),
      ...(banded ? [bandCell(j, "ready")] : []),
      s.reqPerSec.toFixed(0),
      dash(s.p99Ms),
      String(s.errors),
      formatPhases(s.podPhases),
    ]);
  });
  return table.toString();
}

/** `Running 3, Pending 1`, phases in a stable order. */
export function formatPhases(phases: Record<string, number>): string {
  return Object.keys(phases)
    .sort()
    .map((phase) => `${phase} ${phases[phase]}`)
    .join(", ");
}

/**
 * The sample table's columns, text and HTML alike: the counts with the band each was judged against
 * beside them when there is one; `podCpu` adds the pods' CPU before the load's columns.
 */
export function sampleColumns(banded: boolean, podCpu = false): string[] {
  return [
    "t (s)",
    "CPU %",
    "desired",
    ...(banded ? ["desired band"] : []),
    "current",
    "ready",
    ...(banded ? ["ready band"] : []),
    ...(podCpu ? ["pods' CPU (m)"] : []),
    "req/s",
    "p99 ms",
    "errors",
    "pods",
  ];
}

/** HPA events seen during the run (e.g. SuccessfulRescale), one line each with its time; empty when none. */
export function formatEvents(series: Sample[]): string {
  const lines = series.flatMap((s) => s.events.map((event) => `  t=${s.t.toFixed(0)} s  ${event}`));
  return lines.length > 0 ? ["HPA events:", ...lines].join("\n") : "";
}

/**
 * What the load aimed at and produced: the target and produced CPU demand
 * (median over the plateau), the rate, what a request cost, and what held the
 * load back, if anything.
 */
export function formatDemand(d: DemandSummary): string {
  const produced = d.producedMillicores === null ? "none measurable" : `${d.producedMillicores}m`;
  const share =
    d.producedMillicores === null
      ? ""
      : ` (${Math.round((d.producedMillicores / d.targetMillicores) * 100)} % of target)`;
  const cap =
    d.capPerSecond === undefined
      ? "no rate cap"
      : `${d.capDerived ? "default rate cap (half of the generators' CPU) " : "rate cap "}${Math.round(d.capPerSecond)} req/s${d.capBinding ? ", binding" : ""}`;
  const calibrated = d.calibration.costMs === null ? "not measured" : `${d.calibration.costMs.toFixed(2)} ms`;
  const costLine =
    `  ${d.reqPerSec.toFixed(1)} req/s at ${d.costMs.toFixed(2)} ms CPU per request (metrics.k8s.io; calibration ${calibrated}, ` +
    `latency probe ${d.probeMs.toFixed(1)} ms); ${cap}; idle ${d.baselinePerPodMillicores}m per pod.`;
  if (d.phases) {
    return [
      `Demand, phase by phase (asked; produced: the pods' CPU over the metrics windows inside the phase, median):`,
      ...d.phases.map(
        (p) =>
          `  ${p.name} (${p.fromSeconds}–${p.toSeconds} s): asked ${p.asked}; produced ${p.producedMillicores === null ? "no window inside" : `${p.producedMillicores}m`}; ${p.reqPerSec.toFixed(1)} req/s.`,
      ),
      costLine.replace(/^ {2}[\d.]+ req\/s at /, "  A request cost "),
      formatGenerators(d.generator),
    ].join("\n");
  }
  return [
    `Demand: target ${d.targetMillicores}m, produced ${produced}${share} over the plateau from ${Math.round(d.plateauFromSeconds)} s; ` +
      `the HPA needs ${d.neededMillicores}m to reach N.`,
    `  ${d.reqPerSec.toFixed(1)} req/s at ${d.costMs.toFixed(2)} ms CPU per request (metrics.k8s.io; calibration ${calibrated}, ` +
      `latency probe ${d.probeMs.toFixed(1)} ms); ${cap}; idle ${d.baselinePerPodMillicores}m per pod.`,
    formatGenerators(d.generator),
  ].join("\n");
}

/** The generators on the plateau: the one machine's CPU, or each load pod's share against what it reached. */
function formatGenerators(g: DemandSummary["generator"]): string {
  const pods = g.generators.filter((x) => x.name !== LOCAL_GENERATOR);
  if (pods.length === 0) {
    return (
      `  Load generator: CPU up to ${g.maxCpuPercent} % of a core, event-loop delay p99 up to ${g.maxEventLoopP99Ms} ms` +
      `${g.saturated ? " — saturated: it could not keep its rate" : ""}.`
    );
  }
  const each = pods.map(
    (x) =>
      `    ${x.name}: ${x.reachedReqPerSec.toFixed(1)} of its ${x.shareReqPerSec.toFixed(1)} req/s (median of ${x.windows} windows), ` +
      `CPU up to ${x.maxCpuPercent} % of its limit, event-loop delay p99 up to ${x.maxEventLoopP99Ms} ms` +
      `${x.lost ? ", stopped reporting" : ""}${g.behind.includes(x.name) ? " — fell behind" : ""}`,
  );
  return [`  Load generators on the plateau, each pod's share of the rate against what it reached:`, ...each].join(
    "\n",
  );
}

/**
 * The load figures in one line, merged over every generator (the p99 is that
 * of all requests); for load from the cluster, then the pods: when each
 * started, where it ran and what it reached over the whole load.
 */
export function formatLoadSummary(load: LoadSummary): string {
  const line =
    `Load: ${load.requests} requests in ${load.durationSeconds.toFixed(0)} s (${load.reqPerSec.toFixed(1)} req/s) ` +
    `over ${load.connections} connections to ${load.url}; latency p50 ${dash(load.p50Ms, 1)} ms, p99 ${dash(load.p99Ms, 1)} ms; ` +
    `${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx` +
    (load.queued === 0
      ? "."
      : `; ${load.queued} waited for a connection (${load.dropped} of them dropped after the request timeout).`);
  const origin = load.origin;
  if (origin?.from === "simulated") {
    const cap = origin.limitMillicores === null ? "" : `, each pod capped at its ${origin.limitMillicores}m limit`;
    return (
      `Load (simulated, no request sent): ${load.requests} requests' worth in ${load.durationSeconds.toFixed(0)} s ` +
      `(${load.reqPerSec.toFixed(1)} req/s) at ${origin.costMs} ms of CPU each, spread over the Ready pods every second${cap}; ` +
      `${load.dropped} beyond what the Ready pods could serve.`
    );
  }
  if (origin?.from !== "cluster") return line;
  const spread =
    origin.startSpreadMs === null ? "not all started" : `started within ${origin.startSpreadMs} ms of each other`;
  const first = Math.min(...origin.pods.map((p) => p.startedAtMs ?? Infinity));
  return [
    line,
    `  From ${origin.pods.length} load pods of Job ${origin.job} (merged exactly: counts added, latency histograms merged), ${spread}:`,
    ...origin.pods.map(
      (p) =>
        `    ${p.name} on ${p.node || "?"}: started at +${p.startedAtMs === null ? "-" : p.startedAtMs - first} ms, ` +
        `${p.reachedReqPerSec.toFixed(1)} req/s of its ${p.shareReqPerSec.toFixed(1)} share${p.lost ? ", then stopped reporting" : ""}`,
    ),
  ].join("\n");
}

/** The expectations and how they were derived. */
export function formatExpectations(e: Expectations): string {
  return [`Expected for ${e.target}:`, ...e.derivation.map((line) => `  ${line}`)].join("\n");
}

const OUTCOME_LINES = {
  passed: "Scale test passed.",
  failed: "Scale test FAILED.",
  inconclusive: "Scale test INCONCLUSIVE: the load was too light, or a load generator too slow, to judge the HPA.",
} as const;

/** PASS/FAIL per check, the likely causes of failures, and the overall result. */
export function formatVerdict(verdict: Verdict): string {
  const word = (c: Verdict["checks"][number]) => (c.passed ? "PASS" : c.name === "demand" ? "TOO LIGHT" : "FAIL");
  const lines = verdict.checks.map((c) => `${word(c)} ${c.name}: ${c.message}`);
  if (verdict.explanations.length > 0) {
    lines.push("Why:", ...verdict.explanations.map((why) => `  - ${why}`));
  }
  lines.push(OUTCOME_LINES[verdict.outcome]);
  return lines.join("\n");
}

/** The live progress line (stderr, TTY only): the newest sample in one line. */
export function formatProgress(s: Sample): string {
  const cpu = s.cpuUtilization === null ? "cpu -" : `cpu ${s.cpuUtilization}%`;
  return (
    `t=${s.t.toFixed(0)}s ${cpu} desired ${dash(s.desiredReplicas)} current ${dash(s.currentReplicas)} ready ${s.readyReplicas}` +
    ` | ${s.reqPerSec.toFixed(0)} req/s p99 ${dash(s.p99Ms)} ms | ${s.errors} failed`
  );
}
