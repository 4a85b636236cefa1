/**
 * `npm run bench:model`: how long the HPA model takes to simulate a whole day
 * (24 h, an HPA sync every 15 s, a metrics scrape every 15 s, one step per
 * second) under the composite "day" profile. The goal is < 100 ms per run so
 * `npm run plan` and the scale test can call it freely; this prints the figure
 * rather than asserting it, as timing on a shared CI machine is no test verdict.
 */
import { performance } from "node:perf_hooks";
import { DEFAULTS } from "../components/config";
import { simulate } from "../automation/hpa-model";
import { PROFILES } from "../automation/hpa-model/load-profile";

const ROUNDS = 7;
const GOAL_MS = 100;
const { profile, durationSeconds } = PROFILES.day;

// One unmeasured run lets V8 compile the hot loop first, as it would be in a long-lived process.
simulate(DEFAULTS.backend, profile, durationSeconds);

const times: number[] = [];
let result = simulate(DEFAULTS.backend, profile, durationSeconds);
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now();
  result = simulate(DEFAULTS.backend, profile, durationSeconds);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const scalings = result.timeline.filter(
  (p, i, all) => i > 0 && p.desiredReplicas !== all[i - 1].desiredReplicas,
).length;
const peak = Math.max(...result.timeline.map((p) => p.desiredReplicas));

console.log(
  `hpa model, 24 h of "${PROFILES.day.name}" (${result.timeline.length} syncs, ${scalings} scale events, peak ${peak} replicas): ` +
    `median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms over ${ROUNDS} rounds ` +
    `(goal < ${GOAL_MS} ms: ${median < GOAL_MS ? "met" : "missed"})`,
);
