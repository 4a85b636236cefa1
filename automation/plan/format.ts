/**
 * The planner's output: the predicted timeline as a table people read, as
 * JSON for machines, and the heading that says what was simulated. Pure:
 * each function returns a string.
 */
import Table from "cli-table3";
import type { WorkloadConfig } from "../../components/config-types";
import type { Simulation } from "../hpa-model";
import type { PlanOptions } from "./args";

function seconds(t: number): string {
  return t < 600 ? `${t} s` : `${Math.floor(t / 60)} min ${t % 60 ? `${t % 60} s` : ""}`.trim();
}

/**
 * The table people read: every sync where the HPA acted or its reason changed,
 * every change in Ready pods between syncs, and the first and last sync.
 */
export function formatTimeline(sim: Simulation): string {
  // No colors: the table ends up in CI logs and reports as often as on a terminal.
  const table = new Table({
    head: ["time", "load", "CPU %", "desired", "ready", "HPA action"],
    style: { head: [], border: [] },
  });
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
      cells: [seconds(change.t), "", "", `${desired}`, `${change.readyReplicas}`, "pods Ready"],
    });
  }
  rows.sort((a, b) => a.t - b.t);
  for (const row of rows) table.push(row.cells);
  return table.toString();
}

/** The machine-readable timeline: one point per HPA sync. */
export function formatJson(sim: Simulation): string {
  const points = sim.timeline.map(({ t, desiredReplicas, readyReplicas, cpuUtilization }) => ({
    t,
    desiredReplicas,
    readyReplicas,
    cpuUtilization,
  }));
  return JSON.stringify(points, null, 2);
}

/** What was simulated: the workload's HPA, resources and the load. */
export function describePlan(plan: PlanOptions, workload: WorkloadConfig, sim: Simulation): string {
  const a = workload.autoscaling;
  const r = workload.resources;
  return [
    `${plan.target} on stack ${plan.stack}: ${a.minReplicas}–${a.maxReplicas} replicas, ` +
      `CPU target ${a.cpuUtilization ?? "–"} %, memory target ${a.memoryUtilization ?? "–"} %, ` +
      `requests ${r.requests.cpu}/${r.requests.memory}, limits ${r.limits.cpu}/${r.limits.memory}`,
    `load ${plan.profileLabel}; ${plan.durationSeconds} s simulated, HPA sync every ${sim.options.syncPeriodSeconds} s`,
  ].join("\n");
}
