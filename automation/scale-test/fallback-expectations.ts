/**
 * The e2e-budget expectation for a scale test: how many ready replicas, by when.
 * Pure and self-contained. The scenario's default is the finer
 * model-expectations.ts (it simulates the HPA controller, hpa-model.ts) behind
 * the same signature; this one is its fallback where the model cannot predict.
 *
 * Derivation of the scale-up deadline T, anchored on Kubernetes' own e2e
 * autoscaling tests, which budget ~100 s for one HPA reaction:
 *   75 s  metrics availability (metrics-server scrapes every 15 s and needs two
 *         scrapes for a CPU rate; pods whose metrics predate readiness count as
 *         0 on scale-up for their first minutes)
 * + 15 s  one HPA sync period (--horizontal-pod-autoscaler-sync-period)
 * + 10 s  actuation (Deployment controller creates the pods)
 * then, per extra step the scale-up policies force (a policy caps the change
 * per periodSeconds), one more period; plus the scale-up stabilization window;
 * plus the time a new pod takes to start and pass its readiness probe.
 */
import type { AutoscalingConfig, Resources, ScalingRules } from "../../components/config-types";
import type { Expectations, Target } from "./types";

/** One HPA reaction as budgeted by Kubernetes' e2e tests: 75 + 15 + 10 seconds. */
export const HPA_REACTION_SECONDS = 75 + 15 + 10;
/** HPA controller sync period (kube-controller-manager default). */
export const HPA_SYNC_SECONDS = 15;
/** Image already on the node, Node starts in about a second, readiness probe passes within a few periods. */
export const DEFAULT_POD_STARTUP_SECONDS = 30;

/** Everything the default model needs, and nothing cluster-specific. */
export interface ExpectationInput {
  target: Target;
  autoscaling: AutoscalingConfig;
  /** Overrides the derived N (`--expect-replicas`). */
  expectReplicas?: number;
  /** Overrides the derived T (`--within`). */
  withinSeconds?: number;
  maxFailedRequests: number;
  verifyScaleDown: boolean;
  podStartupSeconds?: number;
  /** The target's requests and limits; the HPA model needs them, this default does not. */
  resources?: Resources;
  /** Total CPU demand the load puts on the target, millicores: aimed at before the run, produced after it. */
  demandMillicores?: number;
  /** How that demand came about, one sentence for the report. */
  demandHow?: string;
  /** metrics-server's scrape interval in the stack (metricsServer.metricResolution), seconds. */
  metricResolutionSeconds?: number;
}

/** Signature shared by this default and any replacement model. */
export type ExpectationModel = (input: ExpectationInput) => Expectations;

/**
 * How many policy periods the HPA needs to move from `from` to `to` replicas,
 * and how long one period is. Each period allows the change the rules' policies
 * permit (selectPolicy Max takes the largest, Min the smallest); a period lasts
 * the longest periodSeconds among them, which errs on the slow side.
 * Returns undefined when the rules forbid the move (selectPolicy Disabled).
 */
export function policySteps(
  from: number,
  to: number,
  rules: ScalingRules,
): { steps: number; periodSeconds: number } | undefined {
  const periodSeconds = Math.max(HPA_SYNC_SECONDS, ...rules.policies.map((p) => p.periodSeconds));
  if (from === to) return { steps: 0, periodSeconds };
  if (rules.selectPolicy === "Disabled" || rules.policies.length === 0) return undefined;
  const up = to > from;
  let current = from;
  let steps = 0;
  while (up ? current < to : current > to) {
    const changes = rules.policies.map((p) => (p.type === "Pods" ? p.value : Math.ceil((current * p.value) / 100)));
    const change = rules.selectPolicy === "Max" ? Math.max(...changes) : Math.min(...changes);
    if (change <= 0) return undefined;
    current = up ? current + change : current - change;
    steps++;
  }
  return { steps, periodSeconds };
}

/** Default N: two replicas above the floor, so one HPA reaction is visible and the ceiling is never required. */
export function defaultScaleUpReplicas(autoscaling: AutoscalingConfig): number {
  return Math.min(autoscaling.maxReplicas, autoscaling.minReplicas + 2);
}

/** The default model: N = min(max, min + 2), T from the e2e budget (see the file comment). */
export const defaultExpectations: ExpectationModel = (input) => {
  const { autoscaling: hpa } = input;
  const startup = input.podStartupSeconds ?? DEFAULT_POD_STARTUP_SECONDS;
  const n = input.expectReplicas ?? defaultScaleUpReplicas(hpa);
  const up = policySteps(hpa.minReplicas, n, hpa.scaleUp) ?? { steps: 1, periodSeconds: HPA_SYNC_SECONDS };
  const extraSteps = Math.max(0, up.steps - 1);
  const derivedT =
    HPA_REACTION_SECONDS + hpa.scaleUp.stabilizationWindowSeconds + extraSteps * up.periodSeconds + startup;
  const derivation = [
    input.expectReplicas === undefined
      ? `N = min(maxReplicas ${hpa.maxReplicas}, minReplicas ${hpa.minReplicas} + 2) = ${n} ready replicas.`
      : `N = ${n} ready replicas (--expect-replicas).`,
    input.withinSeconds === undefined
      ? `T = ${HPA_REACTION_SECONDS} s per HPA reaction (75 s metrics + 15 s sync + 10 s actuation, as in Kubernetes' e2e tests)` +
        ` + ${hpa.scaleUp.stabilizationWindowSeconds} s scale-up stabilization + ${extraSteps} extra policy step(s) × ${up.periodSeconds} s` +
        ` + ${startup} s pod start-up = ${derivedT} s.`
      : `T = ${input.withinSeconds} s (--within).`,
  ];
  const expectations: Expectations = {
    target: input.target,
    minReplicas: hpa.minReplicas,
    maxReplicas: hpa.maxReplicas,
    scaleUpReplicas: n,
    scaleUpWithinSeconds: input.withinSeconds ?? derivedT,
    maxFailedRequests: input.maxFailedRequests,
    cpuTargetUtilization: hpa.cpuUtilization,
    derivation,
  };
  if (input.verifyScaleDown) {
    // Worst case: the HPA went all the way to maxReplicas before load stopped.
    const down = policySteps(hpa.maxReplicas, hpa.minReplicas, hpa.scaleDown) ?? {
      steps: 1,
      periodSeconds: HPA_SYNC_SECONDS,
    };
    const window =
      hpa.scaleDown.stabilizationWindowSeconds + down.steps * down.periodSeconds + HPA_SYNC_SECONDS + startup;
    expectations.scaleDownWithinSeconds = window;
    derivation.push(
      `Scale-down window = ${hpa.scaleDown.stabilizationWindowSeconds} s stabilization + ${down.steps} step(s) × ${down.periodSeconds} s` +
        ` from ${hpa.maxReplicas} to ${hpa.minReplicas} + ${HPA_SYNC_SECONDS} s sync + ${startup} s termination margin = ${window} s after load stops.`,
    );
  }
  return expectations;
};
