/**
 * The e2e-budget expectation, for an HPA the model cannot judge by CPU demand
 * (one without a CPU target): how many ready replicas, by when. Pure.
 *
 * Its deadline T is anchored on Kubernetes' own e2e autoscaling tests, which
 * budget ~100 s for one HPA reaction:
 *   75 s  metrics availability (metrics-server scrapes every 15 s and needs two
 *         scrapes for a CPU rate; pods whose metrics predate readiness count as
 *         0 on scale-up for their first minutes)
 * + 15 s  one HPA sync period (--horizontal-pod-autoscaler-sync-period)
 * + 10 s  actuation (Deployment controller creates the pods)
 * then the time the behavior policies need for the rest of the way (the
 * model's own rate limits, hpa-model/pace.ts), the scale-up stabilization
 * window, and a new pod's start-up.
 */
import type { AutoscalingConfig } from "../../components/config";
import { DEFAULT_MODEL_OPTIONS, policyPace, UNMEASURED } from "../hpa-model";
import type { Expectations, Target } from "../shared/results";

/** One HPA reaction as budgeted by Kubernetes' e2e tests: 75 + 15 + 10 seconds. */
const HPA_REACTION_SECONDS = 75 + 15 + 10;

/** What the budget needs: the HPA's config and the run's options. */
export interface BudgetInput {
  target: Target;
  autoscaling: AutoscalingConfig;
  /** Overrides the derived N (`--expect-replicas`). */
  expectReplicas?: number;
  /** Overrides the derived T (`--within`). */
  withinSeconds?: number;
  maxFailedRequests: number;
  verifyScaleDown: boolean;
}

/** Default N: two replicas above the floor, so one HPA reaction is visible and the ceiling is never required. */
export function defaultScaleUpReplicas(autoscaling: AutoscalingConfig): number {
  return Math.min(autoscaling.maxReplicas, autoscaling.minReplicas + 2);
}

/** How N was chosen, in one sentence: the default's arithmetic, or --expect-replicas. */
export function nDerivation(input: Pick<BudgetInput, "autoscaling" | "expectReplicas">): string {
  const hpa = input.autoscaling;
  return input.expectReplicas === undefined
    ? `N = min(maxReplicas ${hpa.maxReplicas}, minReplicas ${hpa.minReplicas} + 2) = ${defaultScaleUpReplicas(hpa)} ready replicas.`
    : `N = ${input.expectReplicas} ready replicas (--expect-replicas).`;
}

/** What every expectation holds, whatever sets its deadline: the HPA's bounds, N and the error budget. */
export function expectationBasics(input: BudgetInput): Omit<Expectations, "scaleUpWithinSeconds" | "derivation"> {
  const hpa = input.autoscaling;
  return {
    target: input.target,
    minReplicas: hpa.minReplicas,
    maxReplicas: hpa.maxReplicas,
    scaleUpReplicas: input.expectReplicas ?? defaultScaleUpReplicas(hpa),
    maxFailedRequests: input.maxFailedRequests,
    cpuTargetUtilization: hpa.cpuUtilization,
  };
}

/**
 * N = min(max, min + 2) unless given; T from the e2e budget (see the file
 * comment), with the pods' start-up as this cluster showed it when it did.
 */
export function budgetExpectations(input: BudgetInput, podReadySeconds?: { max: number }): Expectations {
  const { autoscaling: hpa } = input;
  const startup = Math.ceil(podReadySeconds?.max ?? UNMEASURED.podReadySeconds.max);
  const sync = DEFAULT_MODEL_OPTIONS.syncPeriodSeconds;
  const n = input.expectReplicas ?? defaultScaleUpReplicas(hpa);
  // The first reaction is in the 100 s budget; the policies pace the rest.
  const pace = policyPace(hpa.minReplicas, n, hpa)?.seconds ?? 0;
  const derivedT = HPA_REACTION_SECONDS + hpa.scaleUp.stabilizationWindowSeconds + pace + startup;
  const derivation = [
    nDerivation(input),
    input.withinSeconds === undefined
      ? `T = ${HPA_REACTION_SECONDS} s per HPA reaction (75 s metrics + 15 s sync + 10 s actuation, as in Kubernetes' e2e tests)` +
        ` + ${hpa.scaleUp.stabilizationWindowSeconds} s scale-up stabilization + ${pace} s the scale-up policies need from ${hpa.minReplicas} to ${n}` +
        ` + ${startup} s pod start-up = ${derivedT} s.`
      : `T = ${input.withinSeconds} s (--within).`,
  ];
  const expectations: Expectations = {
    ...expectationBasics(input),
    scaleUpWithinSeconds: input.withinSeconds ?? derivedT,
    derivation,
  };
  if (input.verifyScaleDown) {
    // Worst case: the HPA went all the way to maxReplicas before load stopped.
    const down = policyPace(hpa.maxReplicas, hpa.minReplicas, hpa)?.seconds ?? 0;
    const window = hpa.scaleDown.stabilizationWindowSeconds + down + sync + startup;
    expectations.scaleDownWithinSeconds = window;
    derivation.push(
      `Scale-down window = ${hpa.scaleDown.stabilizationWindowSeconds} s stabilization + ${down} s the scale-down policies need` +
        ` from ${hpa.maxReplicas} to ${hpa.minReplicas} + ${sync} s sync + ${startup} s termination margin = ${window} s after load stops.`,
    );
  }
  return expectations;
}
