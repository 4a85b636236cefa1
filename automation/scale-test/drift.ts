/**
 * Drift: the live HPA against what the stack declares. Someone may have
 * patched it behind Pulumi's back (the runbook's own flash-sale command is a
 * `kubectl patch`); the scale test warns, naming each field, and still judges
 * by the declared config, which is what the user means to test. Pure.
 */
import type { AutoscalingConfig, ScalingRules } from "../../components/config";

/** The few fields of an autoscaling/v2 HPA spec compared here. */
export interface HpaSpecLike {
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: Array<{ type?: string; resource?: { name?: string; target?: { averageUtilization?: number } } }>;
  behavior?: { scaleUp?: Partial<ScalingRules>; scaleDown?: Partial<ScalingRules> };
}

const show = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));

function target(spec: HpaSpecLike, resource: "cpu" | "memory"): number | undefined {
  return spec.metrics?.find((m) => m.type === "Resource" && m.resource?.name === resource)?.resource?.target
    ?.averageUtilization;
}

function rules(live: Partial<ScalingRules> | undefined, declared: ScalingRules, at: string): string[] {
  const out: string[] = [];
  const policies = (p: ScalingRules["policies"] | undefined) =>
    p?.map(({ type, value, periodSeconds }) => ({ type, value, periodSeconds }));
  const fields: Array<[string, unknown, unknown]> = [
    ["stabilizationWindowSeconds", live?.stabilizationWindowSeconds, declared.stabilizationWindowSeconds],
    ["selectPolicy", live?.selectPolicy, declared.selectPolicy],
    ["policies", policies(live?.policies), policies(declared.policies)],
  ];
  for (const [name, now, want] of fields) {
    if (JSON.stringify(now) !== JSON.stringify(want))
      out.push(`${at}.${name} is ${show(now)} (declared ${show(want)})`);
  }
  return out;
}

/** One phrase per field where the live HPA differs from the declared config; empty when they agree. */
export function hpaDrift(live: HpaSpecLike, declared: AutoscalingConfig): string[] {
  const out: string[] = [];
  const scalar = (name: string, now: unknown, want: unknown) => {
    if (now !== want) out.push(`${name} is ${show(now)} (declared ${show(want)})`);
  };
  scalar("spec.minReplicas", live.minReplicas, declared.minReplicas);
  scalar("spec.maxReplicas", live.maxReplicas, declared.maxReplicas);
  scalar("the CPU target", target(live, "cpu"), declared.cpuUtilization);
  scalar("the memory target", target(live, "memory"), declared.memoryUtilization);
  out.push(...rules(live.behavior?.scaleUp, declared.scaleUp, "spec.behavior.scaleUp"));
  out.push(...rules(live.behavior?.scaleDown, declared.scaleDown, "spec.behavior.scaleDown"));
  return out;
}

/** The warning for a drifted HPA, in one sentence. */
export function driftWarning(hpaName: string, stack: string, drift: string[]): string {
  return (
    `The live HPA ${hpaName} differs from what stack ${stack} declares: ${drift.join("; ")}. ` +
    `The test judges it by the declared config; \`pulumi up --stack ${stack}\` takes the HPA back.`
  );
}

/**
 * How long until the HPA's last rescale no longer counts against its scale-up
 * policies: the controller counts replicas it removed within a policy's period
 * as room to add (and those it added as used), which the model, starting
 * fresh, does not know. Zero when it never rescaled or the period is over.
 */
export function settleMs(lastScaleTime: Date | string | undefined, now: number, scaleUp: ScalingRules): number {
  if (!lastScaleTime) return 0;
  const longest = Math.max(0, ...scaleUp.policies.map((p) => p.periodSeconds));
  return Math.max(0, new Date(lastScaleTime).getTime() + longest * 1000 - now);
}
