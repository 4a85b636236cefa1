/**
 * The planner's options, parsed with node:util parseArgs and the shared
 * option parsers, so flags that both CLIs take mean the same thing in both.
 */
import type { WorkloadName } from "../../components/config";
import { builtInNames, loadScenario, type Scenario } from "../scenario";
import { UsageError } from "../shared/errors";
import { ConfigOverride, parseOverride } from "../shared/overrides";
import { DEFAULT_MODEL_OPTIONS } from "../hpa-model";
import { DEFAULT_NODE_PODS, type NodeSize } from "../shared/capacity";
import {
  binarySize,
  millicores,
  nodeCpu,
  outputFile,
  parseFlags,
  seconds,
  wholeNumber,
  workload,
} from "../shared/parse";

/** Longest plan of a constant demand: a week of load. */
const MAX_PLAN_SECONDS = 7 * 24 * 3600;
/** Largest total demand: a thousand cores is beyond any HPA this stack declares. */
const MAX_DEMAND_MILLICORES = 1_000_000;
/** The most nodes --nodes describes: Kubernetes' own tested limit is 5000 nodes a cluster. */
const MAX_NODES = 5000;
/** The most pod slots a node may declare (the kubelet's --max-pods). */
const MAX_NODE_PODS = 2500;
/** The most a request may cost, ms of CPU: a minute of CPU per request is beyond any API. */
const MAX_REQUEST_COST_MS = 60_000;

export const USAGE = `Usage: npm run plan -- [options]

Predicts how the HPA scales a workload through a scenario (or under a constant
demand), from the stack's config (Pulumi.<stack>.yaml), with a model of the
Kubernetes HPA controller: the timeline, and the band of replicas a real
cluster may show around it (the model over every scrape and sync phase, metric
lag, pod start-up, demand noise, and when each config change is taken). Long
scenarios (a day) take a few seconds; it says so first.

Options:
  --stack NAME            stack whose Pulumi.<NAME>.yaml to read (default: kind)
  --scenario NAME|FILE    a built-in scenario (${builtInNames().join(", ")}) or a YAML/JSON
                          file of phases (default: seed; see automation/scenario/built-in/)
  --target NAME           backend | frontend (default: the scenario's, or backend)
  --demand MILLICORES     a constant total CPU demand instead of a scenario, e.g. 800 or 800m
  --duration SECONDS      how long to plan a constant --demand, e.g. 600, 600s or 10m
                          (default 600 s; at most ${MAX_PLAN_SECONDS} s); a scenario has its own length
  --request-cost MS       CPU a request costs, ms: turns a scenario's rate phases into CPU demand
  --memory-per-pod SIZE   a pod's working set, e.g. 20Mi, for the HPA's memory metric (default
                          ${DEFAULT_MODEL_OPTIONS.memoryBytesPerPod / 2 ** 20}Mi; a scale test's "memory:" line has the HPA's)
  -c, --config KEY=VALUE  stack config override by path, read like pulumi config set --path,
                          e.g. backend.autoscaling.maxReplicas=20 (repeatable)
  --cluster               check the peak against the room the current kubeconfig's cluster
                          has now for the target's pods (its nodes, taints and the pods on them)
  --nodes N               instead, a cluster of N empty nodes of --node-cpu and --node-memory
  --node-cpu CPUS         a node's allocatable CPU, e.g. 4, 2.5 or 1500m: the node --nodes
                          describes, and the node size "more nodes" counts in (with --cluster,
                          default: the size of most of its nodes)
  --node-memory SIZE      a node's allocatable memory, e.g. 16Gi
  --node-pods N           a node's pod slots (default ${DEFAULT_NODE_PODS}, the kubelet's --max-pods)
  --json FILE             write the band, [{ t, minReady, maxReady, minDesired, maxDesired }] per second,
                          to FILE (- for stdout, instead of the table)
  --debug                 print the stack trace of an unexpected error
  -h, --help              show this help

With a cluster (--cluster or --nodes), pods past its room stay Pending in the
plan, and the plan says whether the peak fits and how many more nodes would
hold it: "the flash-sale scenario peaks at 20 pods × 200m = 4000m CPU; the
cluster has room for 8; 2 more nodes of 4 CPU, 16Gi would hold it".

A closed-loop phase (concurrency: N) is planned as N cores of demand: each
client keeps one request in flight, which burns at most one core; the pods'
CPU limits cap what they take.

Exit status: 0 on success, 2 on bad options or a stack config that is not valid (with the overrides).`;

export interface PlanOptions {
  stack: string;
  target: WorkloadName;
  /** The scenario to plan; undefined for a constant --demand. */
  scenario?: Scenario;
  /** A constant demand and how long to plan it, when no scenario is given. */
  demand?: { millicores: number; seconds: number };
  requestCostMs?: number;
  /** A pod's working set in bytes, when given: the model's own default otherwise. */
  memoryBytesPerPod?: number;
  /** Where the peak is checked: the kubeconfig's cluster, nodes described, or nowhere. */
  cluster?: { from: "kubeconfig"; nodeSize?: NodeSize } | { from: "described"; nodes: number; nodeSize: NodeSize };
  /** A node's size without a cluster: how many would hold the peak from none. */
  nodeSize?: NodeSize;
  config: ConfigOverride[];
  /** Where the JSON goes ("-" for stdout); undefined prints the table. */
  jsonFile?: string;
}

const OPTIONS = {
  stack: { type: "string", default: "kind" },
  target: { type: "string" },
  scenario: { type: "string" },
  demand: { type: "string" },
  duration: { type: "string" },
  "request-cost": { type: "string" },
  "memory-per-pod": { type: "string" },
  cluster: { type: "boolean", default: false },
  nodes: { type: "string" },
  "node-cpu": { type: "string" },
  "node-memory": { type: "string" },
  "node-pods": { type: "string" },
  config: { type: "string", short: "c", multiple: true, default: [] as string[] },
  json: { type: "string" },
  debug: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

/** A request's CPU cost in ms: a positive decimal. */
function costMs(text: string): number {
  const value = /^\d{1,6}(\.\d{1,3})?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0 && value <= MAX_REQUEST_COST_MS)) {
    throw new UsageError(
      `--request-cost must be the CPU a request costs in ms, above 0 and at most ${MAX_REQUEST_COST_MS}, such as 5 or 12.5 (got ${JSON.stringify(text)}).`,
    );
  }
  return value;
}

/** --cluster, or --nodes with a node's size, or a node's size alone; each mistake one sentence. */
function clusterOf(values: {
  cluster: boolean;
  nodes?: string;
  "node-cpu"?: string;
  "node-memory"?: string;
  "node-pods"?: string;
}): Pick<PlanOptions, "cluster" | "nodeSize"> {
  if (values.cluster && values.nodes !== undefined) {
    throw new UsageError("Use either --cluster (the kubeconfig's cluster) or --nodes (a described one), not both.");
  }
  const cpu = values["node-cpu"];
  const memory = values["node-memory"];
  if ((cpu === undefined) !== (memory === undefined)) {
    throw new UsageError("--node-cpu and --node-memory describe a node together; give both.");
  }
  if (values["node-pods"] !== undefined && cpu === undefined) {
    throw new UsageError("--node-pods describes a node with --node-cpu and --node-memory; give those too.");
  }
  const nodeSize =
    cpu === undefined || memory === undefined
      ? undefined
      : {
          cpuMillicores: nodeCpu("--node-cpu", cpu, 1, 1_000_000),
          memoryBytes: binarySize("--node-memory", memory, 2 ** 20, 2 ** 50),
          pods:
            values["node-pods"] === undefined
              ? DEFAULT_NODE_PODS
              : wholeNumber("--node-pods", values["node-pods"], 1, MAX_NODE_PODS),
        };
  if (values.nodes !== undefined) {
    const nodes = wholeNumber("--nodes", values.nodes, 1, MAX_NODES);
    if (!nodeSize) throw new UsageError("--nodes needs the size of a node: pass --node-cpu and --node-memory.");
    return { cluster: { from: "described", nodes, nodeSize } };
  }
  if (values.cluster) return { cluster: { from: "kubeconfig", nodeSize } };
  return { nodeSize };
}

/** Turns argv into options; "help" for --help; throws UsageError for anything else wrong. */
export function parsePlanArgs(argv: string[]): PlanOptions | "help" {
  const values = parseFlags(argv, OPTIONS);
  if (values.help) return "help";
  if (values.scenario !== undefined && values.demand !== undefined) {
    throw new UsageError("Use either --scenario or --demand, not both.");
  }
  if (values.duration !== undefined && values.demand === undefined) {
    throw new UsageError("--duration sets how long a constant --demand is planned; a scenario has its own length.");
  }
  const demand =
    values.demand === undefined
      ? undefined
      : {
          millicores: millicores("--demand", values.demand, 1, MAX_DEMAND_MILLICORES),
          seconds: values.duration === undefined ? 600 : seconds("--duration", values.duration, 1, MAX_PLAN_SECONDS),
        };
  const scenario = demand ? undefined : loadScenario(values.scenario ?? "seed");
  const target = values.target === undefined ? undefined : workload("--target", values.target);
  if (scenario && target && target !== scenario.target) {
    throw new UsageError(
      `--target ${target} contradicts scenario ${scenario.source}, whose target is ${scenario.target}; drop --target.`,
    );
  }
  return {
    stack: values.stack,
    target: scenario?.target ?? target ?? "backend",
    scenario,
    demand,
    requestCostMs: values["request-cost"] === undefined ? undefined : costMs(values["request-cost"]),
    memoryBytesPerPod:
      values["memory-per-pod"] === undefined
        ? undefined
        : binarySize("--memory-per-pod", values["memory-per-pod"], 2 ** 20, 2 ** 40),
    ...clusterOf(values),
    config: values.config.map((text) => parseOverride(text)),
    jsonFile: values.json === undefined ? undefined : outputFile("--json", values.json),
  };
}
