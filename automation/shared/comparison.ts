/**
 * What --baseline records and compares, as plain data: the setup a run was a
 * test of, and its figures beside a previous run's. The scale test fills
 * them (scale-test/baseline.ts), the report and the JSON show them.
 */
import type { AutoscalingConfig, Resources, WorkloadName } from "../../components/config";

/**
 * What a run tested, as declared before it started: what --baseline compares
 * to refuse a previous run of another config. The image is recorded but not
 * compared: a new image against the old one is what a baseline is for.
 */
export interface RunSetup {
  stack: string;
  target: WorkloadName;
  /** The request path the load sent, with its query. */
  path: string;
  /** The scenario's name and its phases; null for one step of demand. */
  scenario: { name: string; phases: Array<{ name: string; seconds: number }> } | null;
  /** N, declared or derived; null for a scenario, which has no single N. */
  scaleUpReplicas: number | null;
  /** The demand asked (--demand or the derived default), millicores; null for a scenario or an HPA without a CPU target. */
  demandMillicores: number | null;
  /** The --rate cap; null for the derived default. */
  rate: number | null;
  /** metricsServer.metricResolution. */
  metricResolution: string;
  image: string;
  resources: Resources;
  autoscaling: AutoscalingConfig;
}

/** The figures --baseline compares, by the name --tolerance takes. */
export type FigureName = "time-to-n" | "peak-replicas" | "time-to-min" | "p99" | "failed-requests" | "demand" | "cost";

/** One figure of this run beside the previous run's. */
export interface FigureComparison {
  figure: FigureName;
  /** In words, e.g. "time to 4 ready replicas". */
  label: string;
  unit: "s" | "ms" | "m" | "";
  /** null when the run did not show it (shown as "—", not judged). */
  previous: number | null;
  current: number | null;
  /** current / previous − 1; null when either is missing or the previous is 0. */
  change: number | null;
  /** The signed relative tolerance (+0.2: up to 20 % higher; −0.25: up to 25 % lower); null when only reported. */
  tolerance: number | null;
  outcome: "within" | "worse" | "not judged";
  /** Why a figure was not judged, or why a change past the tolerance is not counted. */
  note?: string;
}

/** The comparison with a previous run. */
export interface BaselineComparison {
  /** The previous run's JSON file, as given. */
  file: string;
  /** What was compared to find the runs of one config, e.g. "backend.autoscaling.maxReplicas". */
  compared: string[];
  figures: FigureComparison[];
  passed: boolean;
  /** One sentence: the first figure worse than its tolerance, or that none was. */
  message: string;
}
