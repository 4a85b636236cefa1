/**
 * `npm run bench:model`: how long the HPA model takes over a whole day (24 h,
 * an HPA sync every 15 s, a metrics scrape every 15 s) under the composite
 * "day" scenario (automation/scenario/built-in/day.yaml), for the backend's defaults:
 *
 * - one simulation: the goal is < 100 ms, so `npm run plan` and the scale test
 *   can call it freely;
 * - the envelope: the model under every combination of what a cluster leaves
 *   open (4050 runs with nothing measured); the goal is <= 5 s, so the planner
 *   draws the band over the whole scenario.
 *
 * It prints the figures rather than asserting them, as timing on a shared CI
 * machine is no test verdict.
 */
import { performance } from "node:perf_hooks";
import { DEFAULTS } from "../components/config";
import { envelope, simulate } from "../automation/hpa-model";
import { loadScenario, modelDemand, resolveScenario } from "../automation/scenario";
import { median } from "../automation/shared/stats";

if (process.argv.slice(2).some((a) => a === "--help" || a === "-h")) {
  process.stdout.write(
    'Usage: npm run bench:model\n\nTimes the HPA model over the 24 h "day" scenario for the backend\'s defaults: one simulation\n(goal < 100 ms) and the envelope over every combination a cluster leaves open (goal <= 5 s).\nPrints the figures; it asserts nothing.\n',
  );
  process.exit(0);
}

const day = resolveScenario(loadScenario("day"), {});
const profile = modelDemand(day);
const durationSeconds = day.totalSeconds;

/** Milliseconds of each of `rounds` calls, after one unmeasured call that lets V8 compile the hot loops. */
function timed(rounds: number, call: () => void): number[] {
  call();
  return Array.from({ length: rounds }, () => {
    const start = performance.now();
    call();
    return performance.now() - start;
  });
}

function figures(times: number[], goalMs: number): string {
  const mid = median(times) ?? NaN;
  const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
  return (
    `median ${ms(mid)}, min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))} over ${times.length} rounds ` +
    `(goal ${goalMs >= 1000 ? `<= ${goalMs / 1000} s` : `< ${goalMs} ms`}: ${mid <= goalMs ? "met" : "missed"})`
  );
}

const sim = simulate(DEFAULTS.backend, profile, durationSeconds);
const scalings = sim.timeline.filter((p, i, all) => i > 0 && p.desiredReplicas !== all[i - 1].desiredReplicas).length;
const peak = Math.max(...sim.timeline.map((p) => p.desiredReplicas));
console.log(
  `hpa model, 24 h of "${day.scenario.name}" (${sim.timeline.length} syncs, ${scalings} scale events, peak ${peak} replicas): ` +
    figures(
      timed(7, () => simulate(DEFAULTS.backend, profile, durationSeconds)),
      100,
    ),
);

const input = {
  workload: DEFAULTS.backend,
  demand: profile,
  fromSeconds: 0,
  toSeconds: durationSeconds,
  initialReplicas: 2,
};
const band = envelope(input);
const widest = Math.max(...band.points.map((p) => p.maxReady - p.minReady));
console.log(
  `hpa model envelope, 24 h of "${day.scenario.name}" (${band.runs} runs, ${band.points.length} points, Ready band up to ${widest} wide): ` +
    figures(
      timed(3, () => envelope(input)),
      5000,
    ),
);
