/**
 * What the load produced against the demand it aimed at, once it is over:
 * the request's cost, the demand and rate on the plateau (from the first
 * correction after load start to the load's end), and what held the load
 * back, if anything: the rate cap, or a generator that could not keep its
 * share. Pure over what the steering recorded.
 */
import { failed, judgeGenerators } from "../load";
import type { ResolvedScenario } from "../scenario";
import type { DemandSummary, PhaseDemand } from "../shared/results";
import { median } from "../shared/stats";
import type { Calibration } from "./calibrate";
import { costWindow } from "./cost";
import type { DemandPlan } from "./demand";
import type { ScaleTestOptions } from "./options";
import type { SteeringRecord } from "./steering";

/** Seconds per bucket of the plateau's rate: the median is taken over these. */
const PLATEAU_BUCKET_SECONDS = 5;

/** The completed rate in each whole bucket of the plateau (one shorter bucket when the plateau is short). */
function plateauRates(from: number, to: number, rateBetween: (from: number, to: number) => number): number[] {
  if (to - from <= PLATEAU_BUCKET_SECONDS) return to > from ? [rateBetween(from, to)] : [];
  const rates: number[] = [];
  for (let start = from; start + PLATEAU_BUCKET_SECONDS <= to; start += PLATEAU_BUCKET_SECONDS) {
    rates.push(rateBetween(start, start + PLATEAU_BUCKET_SECONDS));
  }
  return rates;
}

/** The demand summary of a run that aimed at a CPU demand. */
export function summarizeDemand(
  record: SteeringRecord,
  run: { plan: DemandPlan; cal: Calibration; options: ScaleTestOptions; duration: number },
): DemandSummary {
  const { plan, cal, options, duration } = run;
  const { controller, updates, health } = record;
  const costMs = median(updates.map((u) => u.costMs)) ?? cal.costMs ?? cal.probeMs;
  const plateauFrom = updates.length > 0 && updates[0].t < duration ? updates[0].t : 0;
  const rates = plateauRates(plateauFrom, duration, record.rateBetween);
  const busy = health.filter((h) => h.t >= plateauFrom && h.t <= duration + 1);
  // What the HPA saw: the pods' CPU over each metrics window on the plateau; the rate × cost where none covered it.
  const onPlateau = record.readings.filter((r) => {
    const w = costWindow(r, record.t0Ms);
    return w.fromSeconds >= plateauFrom && w.toSeconds <= duration + 1;
  });
  const produced = median(onPlateau.map((r) => r.cpuMillicores)) ?? median(rates.map((rate) => rate * costMs));
  return {
    targetMillicores: plan.targetMillicores,
    neededMillicores: plan.neededMillicores,
    producedMillicores: produced === null ? null : Math.round(produced),
    costMs,
    probeMs: cal.probeMs,
    reqPerSec: median(rates) ?? 0,
    capPerSecond: controller?.capPerSecond(),
    capDerived: options.rate === undefined,
    capBinding: controller?.capBinds() ?? false,
    wantedReqPerSec: Math.round(controller?.wantedRate() ?? 0),
    plateauFromSeconds: plateauFrom,
    baselinePerPodMillicores: cal.baselinePerPod,
    calibration: {
      seconds: (cal.window.endMs - cal.window.startMs) / 1000,
      requests: cal.window.responses,
      failed: failed(cal.window),
      costMs: cal.costMs,
      scalesAtMillicores: plan.idleTriggerMillicores,
    },
    generator: judgeGenerators(busy),
    derivation: plan.derivation,
  };
}

/** A phase's load in words: "700m", "280m → 1960m", "10 clients", "5 req/s". */
function askedWords(load: ResolvedScenario["phases"][number]["load"]): string {
  if (load.kind === "concurrency") return `${load.clients} clients back to back`;
  if (load.kind === "rate") return `${load.perSecond} req/s`;
  const { fromMillicores: from, toMillicores: to } = load;
  return from === to ? `${Math.round(from)}m` : `${Math.round(from)}m → ${Math.round(to)}m`;
}

/**
 * The demand summary of a scenario's run: phase by phase what was asked and
 * produced, and over the whole run the request's cost and how the generators
 * did. A scenario has no N, so no demand is too light for it (neededMillicores
 * 0): only a generator that could not keep its share leaves it unjudged.
 */
export function summarizeScenarioDemand(
  record: SteeringRecord,
  run: { plan: DemandPlan; cal: Calibration; options: ScaleTestOptions; scenario: ResolvedScenario },
): DemandSummary {
  const { scenario } = run;
  const whole = summarizeDemand(record, { ...run, duration: scenario.totalSeconds });
  const windows = record.readings.map((r) => ({ ...costWindow(r, record.t0Ms), cpu: r.cpuMillicores }));
  const phases: PhaseDemand[] = scenario.phases.map((p) => {
    const inside = windows.filter((w) => w.fromSeconds >= p.fromSeconds && w.toSeconds <= p.toSeconds + 1);
    const produced = median(inside.map((w) => w.cpu));
    return {
      name: p.name,
      fromSeconds: p.fromSeconds,
      toSeconds: p.toSeconds,
      asked: askedWords(p.load),
      producedMillicores: produced === null ? null : Math.round(produced),
      reqPerSec: record.rateBetween(p.fromSeconds, p.toSeconds),
    };
  });
  const demands = scenario.phases.flatMap((p) =>
    p.load.kind === "demand" ? [p.load.fromMillicores, p.load.toMillicores] : [],
  );
  const produced = median(windows.filter((w) => w.fromSeconds >= 0).map((w) => w.cpu));
  const busy = record.health.filter((h) => h.t >= 0 && h.t <= scenario.totalSeconds + 1);
  return {
    ...whole,
    targetMillicores: Math.round(Math.max(0, ...demands)),
    neededMillicores: 0,
    producedMillicores: produced === null ? null : Math.round(produced),
    plateauFromSeconds: 0,
    generator: judgeGenerators(busy),
    phases,
  };
}
