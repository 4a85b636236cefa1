/**
 * Checks of a workload's CPU and memory requests and limits: parsable, within
 * what a node could hold, limits >= requests, and above 0 wherever the HPA
 * divides by them.
 */
import { Checker } from "./checker";
import { WorkloadConfig } from "./types";
import { memoryBytes, parseQuantity } from "../quantity";

interface Kind {
  name: "cpu" | "memory";
  /** The utilization target measured against this request. */
  target: "cpuUtilization" | "memoryUtilization";
  form: string;
  /** The quantity in the unit the bound is in (millicores, bytes); undefined when unparsable. */
  amount(text: string): number | undefined;
  /**
   * Past the largest machines on sale (about 900 vCPUs and 32 TiB), so no
   * node could ever schedule it: a typo such as "99999999Ei", not a plan.
   */
  max: number;
  maxText: string;
}

const KINDS: Kind[] = [
  {
    name: "cpu",
    target: "cpuUtilization",
    form: 'cores ("0.5", "1") or millicores ("200m")',
    amount: (text) => {
      const cores = parseQuantity(text);
      return cores === undefined ? undefined : cores * 1000;
    },
    max: 1024 * 1000,
    maxText: '1024 cores ("1024")',
  },
  {
    name: "memory",
    target: "memoryUtilization",
    form: 'bytes with a unit ("256Mi", "1Gi", "512M")',
    amount: memoryBytes,
    max: 32 * 2 ** 40,
    maxText: '32 TiB ("32Ti")',
  },
];

/** Kubernetes counts CPU in whole millicores and refuses finer amounts. */
function wholeMillicores(millicores: number): boolean {
  return Math.abs(millicores - Math.round(millicores)) < 1e-6;
}

/** The checked amount of one quantity, or undefined when it is absent or bad (and reported). */
function quantity(c: Checker, key: string, value: unknown, kind: Kind): number | undefined {
  if (value === undefined) return undefined;
  const amount = typeof value === "string" ? kind.amount(value) : undefined;
  if (amount === undefined) c.fail(key, value, `is not a valid ${kind.name} quantity; use ${kind.form}`);
  else if (amount > kind.max) c.fail(key, value, `must be at most ${kind.maxText}: no node has more`);
  else if (kind.name === "cpu" && !wholeMillicores(amount)) {
    c.fail(key, value, 'must be a whole number of millicores (at least "1m")');
  } else return amount;
  return undefined;
}

export function checkResources(c: Checker, key: string, w: WorkloadConfig): void {
  for (const kind of KINDS) {
    const reqKey = `${key}.resources.requests.${kind.name}`;
    const limKey = `${key}.resources.limits.${kind.name}`;
    const req = w.resources.requests[kind.name];
    const lim = w.resources.limits[kind.name];
    const reqAmount = quantity(c, reqKey, req, kind);
    const limAmount = quantity(c, limKey, lim, kind);
    if (limAmount === 0) c.fail(limKey, lim, "must be above 0; to set no limit, use null");
    else if (reqAmount !== undefined && limAmount !== undefined && limAmount < reqAmount) {
      c.problems.push(`${limKey} (${lim}) must be >= ${reqKey} (${req})`);
    }
    checkTargetRequest(c, key, w, kind, reqAmount);
  }
}

/** The HPA measures utilization as usage / request: a target needs a request, and one above 0. */
function checkTargetRequest(c: Checker, key: string, w: WorkloadConfig, kind: Kind, request?: number): void {
  const target = w.autoscaling[kind.target];
  if (target === undefined) return;
  const at = `${key}.autoscaling.${kind.target}`;
  const reqKey = `${key}.resources.requests.${kind.name}`;
  if (w.resources.requests[kind.name] === undefined) {
    c.problems.push(`${at} (${target}) needs ${reqKey}: the HPA measures utilization against the request`);
  } else if (request === 0) {
    c.fail(reqKey, w.resources.requests[kind.name], `must be above 0: ${at} (${target}) is a percentage of it`);
  }
}
