/**
 * Demand profiles for the HPA model's own specs: the load profiles the model
 * was first judged by (the runbook's scenarios before they became scenario
 * files), kept as plain functions so the model's specs need no scenario.
 */
import { constant, ramp, sequence, step, sum, type LoadProfile } from "../../automation/hpa-model/load-profile";

/** A profile with a name, what it stands for, and the run length that shows its whole story. */
export interface NamedProfile {
  name: string;
  description: string;
  durationSeconds: number;
  profile: LoadProfile;
}

const MINUTE = 60;
const HOUR = 3600;

// Demands are sized for the backend defaults: 200m request, 70 % target, so
// one pod is "at target" at 140m and ten pods (maxReplicas) absorb 1400m.
const seed: NamedProfile = {
  name: "seed",
  description: "the runbook's load script: 500m for 3 minutes, then quiet",
  durationSeconds: 10 * MINUTE,
  profile: step(500, 0, 3 * MINUTE),
};

const lunchRush: NamedProfile = {
  name: "lunch-rush",
  description: "orders climb from 150m to 1200m over 5 minutes, hold 15 minutes, ease off over 10",
  durationSeconds: 45 * MINUTE,
  profile: sum(constant(150), ramp(0, 1050, 1 * MINUTE, 6 * MINUTE), ramp(0, -1050, 21 * MINUTE, 31 * MINUTE)),
};

const flashSale: NamedProfile = {
  name: "flash-sale",
  description: "a sudden 2400m for 10 minutes: more than maxReplicas 10 can hold at target",
  durationSeconds: 25 * MINUTE,
  profile: sum(constant(150), step(0, 2250, 1 * MINUTE), step(0, -2100, 11 * MINUTE)),
};

const overnight: NamedProfile = {
  name: "overnight",
  description: "evening traffic of 700m fades to 60m over an hour and stays there",
  durationSeconds: 3 * HOUR,
  profile: ramp(700, 60, 0, HOUR),
};

const day: NamedProfile = {
  name: "day",
  description: "24 hours: night, breakfast, lunch rush, afternoon, dinner with a flash sale, night",
  durationSeconds: 24 * HOUR,
  profile: sequence([
    { profile: constant(60), seconds: 7 * HOUR },
    { profile: ramp(60, 400, 0, HOUR), seconds: 4 * HOUR },
    { profile: lunchRush.profile, seconds: lunchRush.durationSeconds },
    { profile: constant(300), seconds: 5 * HOUR + 15 * MINUTE },
    { profile: sum(lunchRush.profile, flashSale.profile), seconds: lunchRush.durationSeconds },
    { profile: overnight.profile, seconds: 24 * HOUR - 17 * HOUR - 45 * MINUTE },
  ]),
};

/** The profiles by name. */
export const PROFILES: Readonly<Record<string, NamedProfile>> = Object.fromEntries(
  [seed, lunchRush, flashSale, overnight, day].map((p) => [p.name, p]),
);
