/**
 * The operators' runbook: the kubectl commands they already type, which must
 * work as written against a deployed stack (names feastflow-backend and
 * feastflow-backend-hpa, label component=backend, and the same for the
 * frontend). README's "Operations" section lists the backend's commands.
 */
import { execFile } from "node:child_process";

export interface RunbookCommand {
  what: string;
  command: string;
  /** Text the output must hold for the command to count as working. */
  expect: RegExp;
  /** Commands that never end by themselves (--watch) run this long and are stopped. */
  stopAfterSeconds?: number;
}

export const RUNBOOK: RunbookCommand[] = [
  {
    what: "see the backend Deployment",
    command: "kubectl get deployment feastflow-backend -n feastflow",
    expect: /feastflow-backend\s+\d+\/\d+/,
  },
  {
    what: "list the backend's pods",
    command: "kubectl get pods -n feastflow -l component=backend",
    expect: /feastflow-backend-\S+\s+1\/1\s+Running/,
  },
  {
    what: "watch the backend HPA",
    command: "kubectl get hpa feastflow-backend-hpa -n feastflow --watch",
    expect: /feastflow-backend-hpa\s+Deployment\/feastflow-backend\s+cpu: \d+%\/70%/,
    stopAfterSeconds: 8,
  },
  {
    what: "describe the backend HPA",
    command: "kubectl describe hpa feastflow-backend-hpa -n feastflow",
    expect: /Min replicas:\s+2[\s\S]*Max replicas:\s+10/,
  },
  {
    what: "the busiest backend pods",
    command: "kubectl top pods -n feastflow -l component=backend --sort-by=cpu",
    expect: /feastflow-backend-\S+\s+\d+m\s+\d+Mi/,
  },
  {
    what: "wait for a backend rollout",
    command: "kubectl rollout status deployment/feastflow-backend -n feastflow --timeout=60s",
    expect: /successfully rolled out/,
  },
  {
    what: "pin the backend at its floor by hand",
    command: "kubectl scale deployment feastflow-backend --replicas=2 -n feastflow",
    expect: /deployment.apps\/feastflow-backend scaled/,
  },
  {
    what: "see the frontend HPA",
    command: "kubectl get hpa feastflow-frontend-hpa -n feastflow",
    expect: /feastflow-frontend-hpa\s+Deployment\/feastflow-frontend\s+cpu: \d+%\/60%\s+2\s+8\s/,
  },
  {
    what: "list the frontend's pods",
    command: "kubectl get pods -n feastflow -l component=frontend",
    expect: /feastflow-frontend-\S+\s+1\/1\s+Running/,
  },
];

/** Runs one command line through bash, as an operator would type it; resolves with its output. */
export function runCommand(c: RunbookCommand): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const command = c.stopAfterSeconds ? `timeout ${c.stopAfterSeconds} ${c.command}` : c.command;
    execFile("bash", ["-c", command], { timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Whether a command worked: exit 0 (124 when we stopped a --watch) and the expected output. */
export function worked(c: RunbookCommand, result: { code: number | null; output: string }): boolean {
  const okCode = result.code === 0 || (c.stopAfterSeconds !== undefined && result.code === 124);
  return okCode && c.expect.test(result.output);
}
