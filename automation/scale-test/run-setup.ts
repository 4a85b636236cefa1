/**
 * What a run is a test of, and when two runs test the same thing: the setup
 * is taken from the options and the stack's declared config before anything
 * is deployed, recorded in the JSON, and compared with a previous run's
 * (--baseline). A previous run written before the JSON recorded its setup is
 * compared on what it does record: target, path, scenario, N, the demand
 * asked and the HPA's bounds and CPU target. Pure.
 */
import type { FeastflowConfig, ScalingRules, WorkloadName } from "../../components/config";
import type { Scenario } from "../scenario";
import type { Expectations, LoadSummary, RunSetup } from "../shared/results";
import { defaultScaleUpReplicas } from "./budget-expectations";
import { planDemand } from "./demand";

/** The options that shape a run's figures (the scale test's options have them all). */
export interface SetupOptions {
  stack: string;
  target: WorkloadName;
  path: string;
  scenario?: Scenario;
  expectReplicas?: number;
  demandMillicores?: number;
  rate?: number;
}

/** The setup of the run these options and this config (overrides applied) describe. */
export function runSetup(options: SetupOptions, config: FeastflowConfig): RunSetup {
  const workload = config[options.target];
  const hpa = workload.autoscaling;
  const scenario = options.scenario;
  const n = scenario ? null : (options.expectReplicas ?? defaultScaleUpReplicas(hpa));
  const plan =
    n === null || hpa.cpuUtilization === undefined ? undefined : planDemand(workload, n, options.demandMillicores);
  return {
    stack: options.stack,
    target: options.target,
    path: options.path,
    scenario: scenario
      ? { name: scenario.name, phases: scenario.phases.map((p) => ({ name: p.name, seconds: p.seconds })) }
      : null,
    scaleUpReplicas: n,
    demandMillicores: plan?.targetMillicores ?? null,
    rate: options.rate ?? null,
    metricResolution: config.metricsServer.metricResolution,
    image: workload.image,
    resources: workload.resources,
    autoscaling: hpa,
  };
}

/** One compared property: its name as the user sets it, and its value in words. */
export type Facets = Map<string, string>;

const rulesText = (r: ScalingRules): string =>
  `${r.stabilizationWindowSeconds} s window, ${r.selectPolicy} of ${r.policies.map((p) => `${p.value}${p.type === "Percent" ? " %" : " pods"}/${p.periodSeconds} s`).join(", ")}`;

const phasesText = (phases: Array<{ name: string; seconds: number }>): string =>
  phases.map((p) => `${p.name} ${p.seconds} s`).join(", ");

/** What a run records of itself, as the JSON holds it: the setup when there is one. */
export interface RecordedSetup {
  setup?: RunSetup | null;
  expectations: Pick<
    Expectations,
    "target" | "minReplicas" | "maxReplicas" | "scaleUpReplicas" | "cpuTargetUtilization" | "scenario" | "phases"
  >;
  load: Pick<LoadSummary, "url">;
  demand?: { targetMillicores: number } | null;
}

/** The properties of a setup that make two runs comparable. */
export function setupFacets(s: RunSetup): Facets {
  const a = s.autoscaling;
  const at = `${s.target}.autoscaling`;
  const facets: Facets = new Map([
    ["--target", s.target],
    ["--path", s.path],
    ["scenario", s.scenario ? `scenario ${s.scenario.name}` : "one step of demand"],
  ]);
  if (s.scenario) facets.set("scenario phases", phasesText(s.scenario.phases));
  if (s.scaleUpReplicas !== null) facets.set("N (--expect-replicas)", String(s.scaleUpReplicas));
  facets.set("--demand", s.demandMillicores === null ? "none" : `${s.demandMillicores}m`);
  if (!s.scenario && s.demandMillicores === null) facets.set("--rate", String(s.rate ?? "default"));
  facets.set(`${at}.minReplicas`, String(a.minReplicas));
  facets.set(`${at}.maxReplicas`, String(a.maxReplicas));
  facets.set(`${at}.cpuUtilization`, String(a.cpuUtilization ?? "none"));
  facets.set(`${at}.memoryUtilization`, String(a.memoryUtilization ?? "none"));
  facets.set(`${at}.scaleUp`, rulesText(a.scaleUp));
  facets.set(`${at}.scaleDown`, rulesText(a.scaleDown));
  for (const kind of ["requests", "limits"] as const) {
    for (const what of ["cpu", "memory"] as const)
      facets.set(`${s.target}.resources.${kind}.${what}`, s.resources[kind][what]);
  }
  facets.set("metricsServer.metricResolution", s.metricResolution);
  return facets;
}

/** The path of a load URL, with its query: what --path was. */
function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** The facets of a recorded run: its setup's, or for an older run what its expectations and load record. */
export function recordedFacets(r: RecordedSetup): Facets {
  if (r.setup) return setupFacets(r.setup);
  const e = r.expectations;
  const at = `${e.target}.autoscaling`;
  const facets: Facets = new Map([
    ["--target", e.target],
    ["--path", pathOf(r.load.url)],
    ["scenario", e.scenario ? `scenario ${e.scenario.name}` : "one step of demand"],
  ]);
  if (e.scenario && e.phases) {
    facets.set(
      "scenario phases",
      phasesText(e.phases.map((p) => ({ name: p.name, seconds: p.toSeconds - p.fromSeconds }))),
    );
  }
  if (!e.scenario) {
    facets.set("N (--expect-replicas)", String(e.scaleUpReplicas));
    facets.set("--demand", r.demand ? `${r.demand.targetMillicores}m` : "none");
  }
  facets.set(`${at}.minReplicas`, String(e.minReplicas));
  // A scenario's expectations hold the highest maxReplicas of its phases, not the declared one.
  if (!e.scenario) facets.set(`${at}.maxReplicas`, String(e.maxReplicas));
  facets.set(`${at}.cpuUtilization`, String(e.cpuTargetUtilization ?? "none"));
  return facets;
}

/** Where two runs' setups differ, on the properties both record; a different scenario alone says it all. */
export function setupDifferences(previous: Facets, current: Facets): { compared: string[]; differ: string[] } {
  const compared = [...current.keys()].filter((k) => previous.has(k));
  const differ = compared.filter((k) => previous.get(k) !== current.get(k));
  return { compared, differ: differ.includes("scenario") ? ["scenario"] : differ };
}
