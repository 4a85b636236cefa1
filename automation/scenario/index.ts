/**
 * Scenarios: the demand an operator fears, as phases with a load and the
 * stack config changes they apply, read and judged like stack config (the
 * format: types.ts; examples: built-in/*.yaml). One definition serves the
 * planner, which predicts it, and the scale test, which drives and judges it.
 */
export { builtInNames, loadScenario } from "./catalog";
export { parseScenario } from "./parse";
export {
  CLIENT_MILLICORES,
  envelopeChanges,
  modelDemand,
  PLANNED_CHANGE_SECONDS,
  ratePhases,
  timelineChanges,
} from "./model";
export { demandAt, podWorth, resolveScenario } from "./resolve";
export type { ResolvedLoad, ResolvedPhase, ResolvedScenario } from "./resolve";
export type { Amount, ConfigChange, Phase, PhaseLoad, Scenario } from "./types";
