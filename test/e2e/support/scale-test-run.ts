/**
 * The scale-test CLI run in-process against an e2e stack the spec already
 * holds: its output goes to the spec's log and to `<name>.txt` beside its
 * JSON and chart in the artifacts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { formatProgress } from "../../../automation/report";
import { main as scaleTest } from "../../../automation/scale-test/cli";
import * as stackApi from "../../../automation/scale-test/stack";
import type {
  DemandSummary,
  Expectations,
  LoadSummary,
  Room,
  Sample,
  Verdict,
} from "../../../automation/shared/results";

export interface ScaleTestJson {
  verdict: Verdict;
  expectations: Expectations;
  demand: DemandSummary | null;
  load: LoadSummary;
  series: Sample[];
  configChanges?: Array<{ key: string; value: string; takenSeconds?: number }>;
  room?: Room;
}

export interface ScaleTestRun {
  code: number;
  json: ScaleTestJson;
  text: string;
}

export interface ScaleTestTarget {
  stack: Stack;
  stackName: string;
  workDir: string;
  artifacts: string;
  onOutput: (text: string) => void;
}

/**
 * The CLI with `argv` after the stack's own flags and `--json`; `json` is
 * undefined when the run wrote none (interrupted before its result).
 */
export async function runScaleTestCli(
  target: ScaleTestTarget,
  name: string,
  argv: string[],
  signal?: AbortSignal,
): Promise<{ code: number; text: string; json?: ScaleTestJson }> {
  const lines: string[] = [];
  const say = (text: string) => lines.push(text);
  const io = {
    out: say,
    progress: {
      note: say,
      live: () => undefined,
      sample: (sample: Sample) => say(formatProgress(sample)),
      done: () => undefined,
      warn: say,
      engine: target.onOutput,
    },
  };
  const json = path.join(target.artifacts, `${name}.json`);
  fs.rmSync(json, { force: true });
  const code = await scaleTest(["--stack", target.stackName, "--skip-deploy", "--json", json, ...argv], io, signal, {
    projectDir: target.workDir,
    stackApi: async () => ({ ...stackApi, openStack: async () => target.stack }),
  });
  const text = lines.join("\n");
  fs.writeFileSync(path.join(target.artifacts, `${name}.txt`), `${text}\n`);
  console.log(text);
  return {
    code,
    text,
    json: fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, "utf8")) as ScaleTestJson) : undefined,
  };
}

/** A whole run, with its chart beside its JSON; a run that wrote no JSON fails the step. */
export async function runScaleTest(target: ScaleTestTarget, name: string, argv: string[]): Promise<ScaleTestRun> {
  const run = await runScaleTestCli(target, name, ["--report", path.join(target.artifacts, `${name}.svg`), ...argv]);
  if (!run.json) throw new Error(`scale test ${name} wrote no JSON (exit ${run.code}):\n${run.text}`);
  return { code: run.code, text: run.text, json: run.json };
}
