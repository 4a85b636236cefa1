/**
 * A model of the Kubernetes HorizontalPodAutoscaler controller, so the
 * timeline a runbook would write by hand ("0 s: 2 replicas … 45 s: 4 …") is
 * computed from the stack config and a load profile instead, and the band a
 * healthy cluster stays in can be drawn around it.
 *
 * It follows kubernetes `pkg/controller/podautoscaler` (horizontal.go,
 * replica_calculator.go) rule by rule; around the controller sits a small
 * simulated cluster. Pure: no I/O, no clock. Time is whole seconds since load
 * start. This module is the model's public face; the parts live in:
 *
 * - options.ts: the controller's flags and the world's timings, with defaults;
 * - replica-calculator.ts: what the controller sees of pods, and one metric's proposal;
 * - spec.ts: the HPA a workload declares, behavior defaults filled, and its changes under load;
 * - controller.ts: one sync, with stabilization.ts, rate-limits.ts and action.ts
 *   for its windows, rate limits and words;
 * - simulated-cluster.ts: pods, the Service and metrics-server;
 * - simulation.ts: the sync loop over a load profile, with demand-series.ts sampling it;
 * - model-run.ts: one run stepped from event to event, jumping periods that repeat (steady-state.ts);
 * - envelope.ts: the band over everything a real cluster leaves open: uncertainties.ts names it,
 *   change-windows.ts says when config changes were taken, band.ts sweeps and reads the band;
 * - pace.ts and thresholds.ts: the policies' pace, and demand thresholds read off the calculator;
 * - load-profile.ts: CPU demand over time;
 * - replay.ts: the declared HPA replayed on a cluster's reported syncs, replay-words.ts naming the rules that bound it.
 */
export { DEFAULT_MODEL_OPTIONS } from "./options";
export type { ModelOptions } from "./options";
export { simulate } from "./simulation";
export type { Simulation, TimelinePoint } from "./simulation";
export type { HpaChange } from "./spec";
export { envelope } from "./envelope";
export type { Envelope, EnvelopeInput } from "./envelope";
export { bandAround, bandAt, timeToReady } from "./band";
export type { EnvelopePoint } from "./band";
export type { EnvelopeChange } from "./change-windows";
export { DEMAND_SPREAD, UNMEASURED } from "./uncertainties";
export type { Measured, Uncertainty } from "./uncertainties";
export { policyPace } from "./pace";
export { leastDemandToReach } from "./thresholds";
export { constant } from "./load-profile";
export type { LoadProfile } from "./load-profile";
export { replaySyncs } from "./replay";
export type { ReplayedSync, ReplayInput, SyncReading } from "./replay";
export type { ModelWorkload } from "./spec";
