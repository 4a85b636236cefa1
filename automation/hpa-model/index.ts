/**
 * A model of the Kubernetes HorizontalPodAutoscaler controller, so the timeline
 * the old guide wrote by hand ("0 s: 2 replicas … 45 s: 4 …") is computed from
 * the stack config and a load profile instead.
 *
 * It follows kubernetes `pkg/controller/podautoscaler` (horizontal.go,
 * replica_calculator.go) rule by rule; around the controller sits a small
 * simulated cluster. Pure: no I/O, no clock. Time is whole seconds since load
 * start. This module is the model's public face; the parts live in:
 *
 * - hpa-options.ts: the controller flags and world timings, with defaults;
 * - hpa-replica-calculator.ts: what the controller sees of pods, and one metric's proposal;
 * - hpa-spec.ts: the HPA a workload declares, behavior defaults filled;
 * - hpa-controller.ts: one sync, with hpa-stabilization.ts, hpa-rate-limits.ts
 *   and hpa-action.ts for its windows, rate limits and words;
 * - hpa-cluster.ts: pods, the Service and metrics-server;
 * - hpa-simulation.ts: the second-by-second sync loop;
 * - hpa-prediction.ts: the scale-up and scale-down predictions of the scale test.
 */
export { DEFAULT_MODEL_OPTIONS } from "./options";
export type { ModelOptions } from "./options";
export { resourceReplicas } from "./replica-calculator";
export type { CalculatorOptions, PodMetric, PodView, Proposal, ResourceMetricSpec } from "./replica-calculator";
export { hpaSpecFor, resolveBehavior } from "./spec";
export type { HpaSpec, ModelWorkload, ResolvedBehavior } from "./spec";
export { HpaController } from "./controller";
export type { ControllerOptions, Decision } from "./controller";
export { simulate } from "./simulation";
export type { ReadyChange, Simulation, TimelinePoint } from "./simulation";
export { predictScaleDown, predictScaleUp } from "./prediction";
export type { ScaleDownOptions, ScaleDownPrediction, ScaleUpOptions, ScaleUpPrediction } from "./prediction";
export { constant, namedProfile, PROFILES, ramp, sequence, step, sum } from "./load-profile";
export type { LoadProfile, NamedProfile, Segment } from "./load-profile";
export { leastDemandToReach } from "./thresholds";
export { bandAround, bandAt, envelope, timeToReady, uncertainties, UNMEASURED } from "./envelope";
export type { Envelope, EnvelopeInput, EnvelopePoint, Measured, Uncertainty } from "./envelope";
export { policyPace } from "./pace";
