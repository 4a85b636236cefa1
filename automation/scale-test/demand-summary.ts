/**
 * What the load produced against the demand it aimed at, once it is over:
 * the request's cost, the demand and rate on the plateau (from the first
 * correction after load start to the load's end), and what held the load
 * back, if anything: the rate cap, or a generator that could not keep its
 * share. Pure over what the steering recorded.
 */
import { failed, judgeGenerators } from "../load";
import type { DemandSummary } from "../shared/results";
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
