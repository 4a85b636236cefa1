/**
 * The planner's output: the predicted timeline as a table people read, with
 * the envelope's band beside each row, the band as JSON for machines, and the
 * heading that says what was simulated. Pure: each function returns a string.
 */
import Table from "cli-table3";
import type { WorkloadConfig } from "../../components/config";
import { bandAt, type Envelope, type Simulation } from "../hpa-model";
import type { PhaseMark } from "../shared/results";
import type { PlanOptions } from "./args";
import type { PlannedLoad } from "./load";

function seconds(t: number): string {
  return t < 600 ? `${t} s` : `${Math.floor(t / 60)} min ${t % 60 ? `${t % 60} s` : ""}`.trim();
}

const span = (lo: number, hi: number) => (lo === hi ? `${lo}` : `${lo}–${hi}`);

/**
 * The table people read: every sync where the HPA acted or its reason changed,
 * every change in Ready pods between syncs, and the first and last sync; with
 * an envelope, the band of ready and desired replicas a real cluster may show
 * at each row.
 */
export function formatTimeline(sim: Simulation, env?: Envelope, phases: PhaseMark[] = []): string {
  // No colors: the table ends up in CI logs and reports as often as on a terminal.
  const bands = env ? ["ready band", "desired band"] : [];
  const table = new Table({
    head: [
      "time",
      ...(phases.length > 0 ? ["phase"] : []),
      "load",
      "CPU %",
      "desired",
      "ready",
      ...bands,
      "HPA action",
    ],
    style: { head: [], border: [] },
  });
  const band = (t: number) => {
    if (!env) return [];
    const b = bandAt(env, t);
    return [span(b.minReady, b.maxReady), span(b.minDesired, b.maxDesired)];
  };
  const syncTimes = new Set(sim.timeline.map((p) => p.t));
  const readyBetween = sim.readyChanges.filter((c) => !syncTimes.has(c.t));
  type Row = { t: number; cells: string[] };
  const rows: Row[] = [];
  // "wants 9", "wants 8" …: the same story with other numbers is not a new row.
  const story = (action: string) => action.replace(/\d+/g, "#");
  let lastAction = "";
  let lastDesired = -1;
  sim.timeline.forEach((p, i) => {
    const last = i === sim.timeline.length - 1;
    if (i === 0 || last || story(p.action) !== lastAction || p.desiredReplicas !== lastDesired) {
      const cpu = p.cpuUtilization === null ? "–" : `${p.cpuUtilization}`;
      const cells = [
        seconds(p.t),
        `${Math.round(p.demandMillicores)}m`,
        cpu,
        `${p.desiredReplicas}`,
        `${p.readyReplicas}`,
        ...band(p.t),
        p.action,
      ];
      rows.push({ t: p.t, cells });
    }
    lastAction = story(p.action);
    lastDesired = p.desiredReplicas;
  });
  let desired = sim.timeline[0]?.desiredReplicas ?? 0;
  for (const change of readyBetween) {
    desired = [...sim.timeline].reverse().find((p) => p.t < change.t)?.desiredReplicas ?? desired;
    rows.push({
      t: change.t,
      cells: [seconds(change.t), "", "", `${desired}`, `${change.readyReplicas}`, ...band(change.t), "pods Ready"],
    });
  }
  rows.sort((a, b) => a.t - b.t);
  const phaseOf = (t: number) => phases.find((p) => t >= p.fromSeconds && t < p.toSeconds)?.name ?? "";
  for (const row of rows)
    table.push(phases.length > 0 ? [row.cells[0], phaseOf(row.t), ...row.cells.slice(1)] : row.cells);
  return table.toString();
}

/** The machine-readable band: one point per second, [{ t, minReady, maxReady, minDesired, maxDesired }]. */
export function formatJson(env: Envelope): string {
  return JSON.stringify(env.points, null, 2);
}

/** Where the band comes from: each source of spread and the values tried. */
export function describeBand(env: Envelope): string {
  const lines = env.sources.map((s) => `  ${s.name}: ${s.why}`);
  return [`band: the model over ${env.runs} combinations of what a real cluster leaves open:`, ...lines].join("\n");
}

/** What was simulated: the workload's HPA, resources and the load. */
export function describePlan(plan: PlanOptions, load: PlannedLoad, workload: WorkloadConfig, sim: Simulation): string {
  const a = workload.autoscaling;
  const r = workload.resources;
  return [
    `${plan.target} on stack ${plan.stack}: ${a.minReplicas}–${a.maxReplicas} replicas, ` +
      `CPU target ${a.cpuUtilization ?? "–"} %, memory target ${a.memoryUtilization ?? "–"} %, ` +
      `requests ${r.requests.cpu}/${r.requests.memory}, limits ${r.limits.cpu}/${r.limits.memory}`,
    `load ${load.label}; ${load.seconds} s simulated, HPA sync every ${sim.options.syncPeriodSeconds} s` +
      (a.memoryUtilization === undefined
        ? ""
        : `, a pod's working set ${Math.round(sim.options.memoryBytesPerPod / 2 ** 20)}Mi` +
          (plan.memoryBytesPerPod === undefined ? " (assumed; --memory-per-pod)" : "")),
    ...load.phases.map((p) => `  phase ${p.name}: ${p.fromSeconds}–${p.toSeconds} s`),
  ].join("\n");
}
