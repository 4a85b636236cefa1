/**
 * The live mutations both e2e specs patch onto the backend's HPA behind
 * Pulumi's back, the way the runbook's operators type it, and the sentence
 * the scale test's envelope check must fail each with.
 */
import { runCommand } from "./runbook";

export interface RulesPatch {
  selectPolicy: "Min" | "Max";
  stabilizationWindowSeconds: number;
  policies: Array<{ type: "Pods" | "Percent"; value: number; periodSeconds: number }>;
}

export interface Mutation {
  what: string;
  scaleUp: RulesPatch;
  sentence: RegExp;
}

/** One pod a minute, the least of its policies: below any declared config that allows more. */
export const SLOWED: Mutation = {
  what: "scale-up limited to 1 pod per 60 s with selectPolicy Min",
  scaleUp: {
    selectPolicy: "Min",
    stabilizationWindowSeconds: 0,
    policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
  },
  sentence: /below the envelope .*: (the HPA|it) scaled later or slower than its declared config allows\./,
};

/** `pods` pods per `periodSeconds`, where the declared config (`declared`, in words) allows fewer. */
export function hastened(pods: number, periodSeconds: number, declared: string): Mutation {
  return {
    what: `scale-up of ${pods} pods per ${periodSeconds} s where the config says ${declared}`,
    scaleUp: {
      selectPolicy: "Max",
      stabilizationWindowSeconds: 0,
      policies: [{ type: "Pods", value: pods, periodSeconds }],
    },
    sentence: /above the envelope .*: (the HPA|it) scaled earlier, faster or higher than its declared config allows\./,
  };
}

/** The longest period of the patch's policies, s: how long its history of the last rescale counts. */
export const policyPeriod = (m: Mutation) => Math.max(...m.scaleUp.policies.map((p) => p.periodSeconds));

/** A scale-down mutation: the rules patched in, and the sentence the scenario's envelope check must fail with. */
export interface ScaleDownMutation {
  what: string;
  scaleDown: RulesPatch;
  sentence: RegExp;
}

/** No stabilization window and all of the pods per 15 s: the replicas drop at the first sync the quiet shows in. */
export const SCALE_DOWN_AT_ONCE: ScaleDownMutation = {
  what: "scale-down with no stabilization window, 100 % per 15 s",
  scaleDown: {
    selectPolicy: "Max",
    stabilizationWindowSeconds: 0,
    policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
  },
  sentence: /below the envelope .*: the HPA scaled down earlier, faster or further than its declared config allows\./,
};

/** Patches HPA `name`'s behavior in one direction with kubectl, as an operator would; returns kubectl's output. */
async function patchBehavior(what: string, behavior: object, name: string, namespace: string): Promise<string> {
  const patched = await runCommand({
    what,
    command: `kubectl patch hpa ${name} -n ${namespace} --type merge -p '${JSON.stringify({ spec: { behavior } })}'`,
    expect: /patched/,
  });
  return patched.output;
}

/** Patches HPA `name` in `namespace` with `m`'s scale-up; returns kubectl's output. */
export const patchScaleUp = (m: Mutation, name: string, namespace: string): Promise<string> =>
  patchBehavior(m.what, { scaleUp: m.scaleUp }, name, namespace);

/** Patches HPA `name` in `namespace` with `m`'s scale-down; returns kubectl's output. */
export const patchScaleDown = (m: ScaleDownMutation, name: string, namespace: string): Promise<string> =>
  patchBehavior(m.what, { scaleDown: m.scaleDown }, name, namespace);
