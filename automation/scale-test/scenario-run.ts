/**
 * A scenario's run, after prepare and the room: fitted to the deployed
 * stack's config, started from rest (the target at minReplicas), calibrated
 * as a plain run is, then its phases driven one after the other with their
 * config changes applied as they begin, the config restored at the end, pass
 * or fail, and every sample judged by the envelope of the demand produced
 * and the changes as the cluster took them (judge.ts).
 */
import { envelope } from "../hpa-model";
import { resolveScenario, type Scenario } from "../scenario";
import { PreflightError, throwIfAborted } from "../shared/errors";
import type { Room, ScaleTestResult } from "../shared/results";
import type { BudgetInput } from "./budget-expectations";
import { ConfigChanges } from "./config-changes";
import { planDemand } from "./demand";
import { judgeScenarioRun } from "./judge-scenario";
import type { ScaleTestOptions } from "./options";
import type { Prepared, StackApi } from "./prepare";
import type { Progress } from "./progress";
import { scenarioCapacity } from "./preflight";
import { scenarioProgram } from "./program";
import type { ScaleTestTimings } from "./timings";

export interface ScenarioRunContext {
  io: Progress;
  signal: AbortSignal;
  timings: ScaleTestTimings;
  stackApi: StackApi;
  envelopeOf: typeof envelope;
}

/** Refuses a start above the floor: the scenario's first phase assumes the target at rest. */
function checkAtRest(p: Prepared, scenario: Scenario): void {
  const min = p.config.autoscaling.minReplicas;
  if (p.readyReplicas > min) {
    throw new PreflightError(
      `${scenario.target} runs ${p.readyReplicas} ready replicas, above its minReplicas ${min}, and scenario ${scenario.name} starts from rest: an earlier run has not scaled down yet; wait for it (scale-down stabilization ${p.config.autoscaling.scaleDown.stabilizationWindowSeconds} s).`,
    );
  }
}

/** Drives and judges `options.scenario` on the prepared stack. */
export async function runScenario(
  options: ScaleTestOptions & { scenario: Scenario },
  p: Prepared,
  room: { room: Room; said: string },
  budget: BudgetInput,
  ctx: ScenarioRunContext,
): Promise<ScaleTestResult> {
  const scenario = resolveScenario(options.scenario, await ctx.stackApi.rawConfigOf(p.stack));
  checkAtRest(p, options.scenario);
  const fit = scenarioCapacity(scenario, p, room.room, ctx.envelopeOf);
  ctx.io.note(fit);
  const hpa = p.config.autoscaling;
  // The calibration's gentle load is that of a plain run: half of what would scale the idle floor.
  const plan = planDemand(p.config, hpa.minReplicas + 1);
  if (!plan) throw new PreflightError(`${options.target}'s HPA has no CPU target, so no demand can be driven.`);
  const program = scenarioProgram(scenario);
  for (const phase of scenario.phases) {
    ctx.io.note(`Phase ${phase.name}: ${phase.fromSeconds}–${phase.toSeconds} s.`);
  }
  const changes = new ConfigChanges(p.stack, ctx.stackApi, ctx.io);
  const { drive } = await import("./drive");
  throwIfAborted(ctx.signal);
  let driven;
  try {
    driven = await drive(
      { prepared: p, options, plan, program, durationSeconds: program.seconds, configChanges: changes, scenario },
      ctx,
    );
    await changes.settled();
  } finally {
    await changes
      .restore()
      .catch((err: Error) =>
        ctx.io.warn(`Could not restore the stack's config: ${err.message.split("\n")[0]}; run pulumi up by hand.`),
      );
  }
  throwIfAborted(ctx.signal);
  const configChanges = changes.marks(driven.timing.log, driven.timing.t0Ms);
  const judged = judgeScenarioRun({
    budget,
    prepared: p,
    driven,
    room: room.room,
    envelopeOf: ctx.envelopeOf,
    timings: ctx.timings,
    scenario,
    configChanges,
  });
  judged.expectations.derivation.push(room.said, fit);
  const { series, load, demand } = driven;
  return { ...judged, load, series, demand, room: room.room, phases: program.phases, configChanges };
}
