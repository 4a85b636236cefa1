/**
 * A scenario's judgement (judge.ts judges one step of demand): the envelope
 * of the demand produced through every phase, with each config change from
 * when the cluster took it; every sample inside it, and the run back at the
 * floor at the end when the envelope forces it by then.
 */
import { DEFAULT_MODEL_OPTIONS, type Envelope, type Measured } from "../hpa-model";
import { envelopeChanges, type ResolvedScenario } from "../scenario";
import type { ConfigChangeMark, Expectations, SyncExplanation, Verdict } from "../shared/results";
import { expectationBasics } from "./budget-expectations";
import { costOverTime } from "./cost";
import { cpuOf, measuredOf, memoryLine, modelOf, readyLag, syncsOf, type JudgeInput } from "./judge";
import { maxSampleGapSeconds } from "./timings";
import { judge } from "./verdict";

/**
 * When the cluster took each config change, as the envelope's window: from
 * when the HPA's spec changed (a second earlier, the watch's granularity) to
 * the first sync that read it; where a time was not seen, from when the
 * change was applied to a sync period after its pulumi up finished, or to the
 * run's end.
 */
export function changeWindows(marks: ConfigChangeMark[], lastSeconds: number, syncSeconds: number) {
  // One window per phase that changed config: its keys share one pulumi up.
  const byApply = new Map<number, ConfigChangeMark>();
  for (const m of marks) if (!byApply.has(m.appliedSeconds)) byApply.set(m.appliedSeconds, m);
  return [...byApply.values()].map((m) => {
    const from = m.specSeconds === undefined ? m.appliedSeconds : Math.max(m.appliedSeconds, m.specSeconds - 1);
    const to = m.takenSeconds ?? (m.upDoneSeconds === undefined ? lastSeconds : m.upDoneSeconds + syncSeconds);
    return { fromSeconds: from, toSeconds: Math.max(from, to) };
  });
}

export interface ScenarioJudgeInput extends JudgeInput {
  scenario: ResolvedScenario;
  configChanges: ConfigChangeMark[];
}

type Window = ReturnType<typeof changeWindows>[number];

/** How the scenario's expectations were drawn, a line each, for the report's derivation. */
function scenarioDerivation(
  input: ScenarioJudgeInput,
  env: Envelope,
  windows: Window[],
  last: number,
  lagLine: string,
): string[] {
  const { scenario } = input.scenario;
  const gap = maxSampleGapSeconds(input.timings);
  return [
    scenario.description
      ? `Scenario ${scenario.name}: ${scenario.description}.`
      : `Scenario ${scenario.name} (${scenario.source}).`,
    `Demand: as produced, second by second: completed requests × what a request cost in that metrics window (${input.driven.costWindows.length} windows read).`,
    ...windows.map(
      (w, i) =>
        `Config change ${i + 1}: taken by the cluster between ${Math.round(w.fromSeconds)} s and ${Math.round(w.toSeconds)} s.`,
    ),
    `Envelope: the HPA model over ${env.runs} combinations of what a real cluster leaves open; every sample from 0 s to ${last} s must lie inside it, ±${input.timings.observationSlackSeconds} s, with no gap between samples over ${gap} s.`,
    ...env.sources.map((s) => `  ${s.name}: ${s.why} (tried ${s.values.join(", ")}${s.unit === "s" ? " s" : " ×"}).`),
    lagLine,
    memoryLine(input),
    cpuOf(input).line,
  ];
}

/** A scenario's expectations, drawn from the run as it went, and its verdict. */
export function judgeScenarioRun(input: ScenarioJudgeInput): {
  expectations: Expectations;
  measured: Measured;
  verdict: Verdict;
  syncs: SyncExplanation[];
} {
  const { driven, prepared: p, scenario } = input;
  const measured = measuredOf(input);
  const costAt = costOverTime(driven.costWindows, driven.demand?.costMs ?? 0);
  const { rates, ratesFromSeconds } = driven;
  const last = Math.ceil(driven.series[driven.series.length - 1]?.t ?? scenario.totalSeconds);
  const windows = changeWindows(input.configChanges, last, DEFAULT_MODEL_OPTIONS.syncPeriodSeconds);
  const changes = envelopeChanges(scenario, windows);
  const env = input.envelopeOf({
    workload: p.config,
    demand: (t) => (rates[Math.floor(t) - ratesFromSeconds] ?? 0) * costAt(t),
    fromSeconds: ratesFromSeconds,
    toSeconds: last,
    initialReplicas: p.readyReplicas,
    model: modelOf(input),
    measured,
    changes,
  });
  const lag = readyLag(measured);
  const end = env.points[env.points.length - 1];
  const floor = scenario.phases[scenario.phases.length - 1].workload.autoscaling.minReplicas;
  const expectations: Expectations = {
    ...expectationBasics(input.budget),
    maxReplicas: Math.max(...scenario.phases.map((ph) => ph.workload.autoscaling.maxReplicas)),
    scaleUpReplicas: Math.max(...env.points.map((pt) => pt.maxReady)),
    scaleUpWithinSeconds: last,
    envelope: env.points,
    envelopeSlackSeconds: input.timings.observationSlackSeconds,
    ...(lag.seconds === undefined ? {} : { readyLagSeconds: lag.seconds }),
    maxSampleGapSeconds: maxSampleGapSeconds(input.timings),
    scenario: {
      name: scenario.scenario.name,
      endsAtMinReplicas: end && end.maxReady === floor && end.maxDesired === floor ? floor : undefined,
    },
    phases: scenario.phases.map(({ name, fromSeconds, toSeconds }) => ({ name, fromSeconds, toSeconds })),
    derivation: scenarioDerivation(input, env, windows, last, lag.line),
  };
  const syncs = syncsOf(input, expectations, changes);
  return {
    expectations,
    measured,
    verdict: judge(driven.series, driven.load, expectations, driven.demand, syncs),
    syncs,
  };
}
