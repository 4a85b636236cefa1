/** The trimmed JSON of a real scale-test run (test/fixtures/backend-run.json), typed. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadSummary, Sample } from "../../automation/scale-test/types";

/** A real kind run of the backend at its defaults: 2 → 3 → 5 → 8 replicas over 160 s of ~70 req/s. */
export function backendRun(): { load: LoadSummary; series: Sample[] } {
  return JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "backend-run.json"), "utf8"));
}
