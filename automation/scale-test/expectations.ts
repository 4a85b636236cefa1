/**
 * The scale test's expectation from the HPA model: the envelope of ready and
 * desired replicas a healthy cluster can show under the demand the run
 * produced (hpa-model/envelope.ts), the window in which N replicas must be
 * Ready, and, when asked, when the workload must be back at minReplicas.
 * Always from the declared config: that is what the user means to test. Pure.
 */
import { timeToReady, type Envelope } from "../hpa-model";
import { type BudgetInput, defaultScaleUpReplicas, expectationBasics, nDerivation } from "./budget-expectations";
import type { Expectations } from "../shared/results";

export interface EnvelopeExpectationInput extends BudgetInput {
  envelope: Envelope;
  /** When the load stopped, seconds after it started. */
  loadSeconds: number;
  /** Where the modeled demand came from, one sentence. */
  demandHow: string;
  /** Each sample is judged against the band this many seconds either side (timings.ts). */
  observationSlackSeconds: number;
  /** A sample's Ready count may trail the band by this many seconds (judge.ts readyLag). */
  readyLagSeconds?: number;
  /** A wider gap between samples fails the envelope check (timings.ts); absent: gaps are not judged. */
  maxSampleGapSeconds?: number;
}

const fmt = (t: number | null) => (t === null ? "never" : `${t} s`);

/** N, its window and the scale-down deadline from the envelope, with the derivation. */
export function envelopeExpectations(input: EnvelopeExpectationInput): Expectations {
  const hpa = input.autoscaling;
  const env = input.envelope;
  const n = input.expectReplicas ?? defaultScaleUpReplicas(hpa);
  const window = timeToReady(env, n);
  const last = env.points[env.points.length - 1].t;
  const latest = window.latest ?? last;
  const expectations: Expectations = {
    ...expectationBasics(input),
    scaleUpWithinSeconds: input.withinSeconds ?? latest,
    scaleUpEarliestSeconds: window.earliest ?? undefined,
    envelope: env.points,
    envelopeSlackSeconds: input.observationSlackSeconds,
    ...(input.readyLagSeconds === undefined ? {} : { readyLagSeconds: input.readyLagSeconds }),
    maxSampleGapSeconds: input.maxSampleGapSeconds,
    derivation: [
      input.demandHow,
      nDerivation(input),
      `Envelope: the HPA model over ${env.runs} combinations of what a real cluster leaves open has ${n} Ready ` +
        `from ${fmt(window.earliest)} at the earliest to ${fmt(window.latest)} at the latest` +
        `${input.withinSeconds === undefined ? "" : `; T = ${input.withinSeconds} s (--within)`}; every sample must lie inside it, ±${input.observationSlackSeconds} s${input.maxSampleGapSeconds === undefined ? "" : `, with no gap between samples over ${input.maxSampleGapSeconds} s`}.`,
      ...env.sources.map((s) => `  ${s.name}: ${s.why} (tried ${s.values.join(", ")}${s.unit === "s" ? " s" : " ×"}).`),
    ],
  };
  if (input.verifyScaleDown) {
    const back = env.points.find(
      (p) => p.t >= input.loadSeconds && p.minReady <= hpa.minReplicas && p.maxReady <= hpa.minReplicas,
    );
    const seconds = (back?.t ?? last) - input.loadSeconds;
    expectations.scaleDownWithinSeconds = seconds;
    expectations.derivation.push(
      back
        ? `Scale-down: the envelope is back at ${hpa.minReplicas} replicas ${seconds} s after load stops.`
        : `Scale-down: the envelope is not back at ${hpa.minReplicas} replicas within the ${seconds} s watched after load stops.`,
    );
  }
  return expectations;
}
