/**
 * The load pod's program (`node load/pod.js` in the feastflow-loadgen image):
 * reads its settings from the environment the Job gives it, refuses any
 * target but a Service of its own namespace, and runs pod-runner.ts with the
 * in-cluster control and stdout. SIGTERM (the Job deleted) stops the load;
 * the pod reports its last window and exits.
 *
 * Environment: TARGET_URL, SERVICE_NAME, POD_NAMESPACE (downward API),
 * JOB_COMPLETION_INDEX (set by an Indexed Job), LOAD_PODS, CONNECTIONS (over all pods),
 * MAX_SECONDS, CONTROL_CONFIGMAP, CPU_LIMIT_MILLICORES (downward API).
 */
import { controlReader, inClusterSource } from "./pod-control";
import { connectionsOf, runPod, type PodRunOptions } from "./pod-runner";
import { assertServiceTarget } from "./target-guard";

export type PodSettings = Omit<PodRunOptions, "readControl" | "write" | "signal" | "timing" | "probe"> & {
  namespace: string;
  controlName: string;
};

function whole(env: NodeJS.ProcessEnv, key: string, min: number, max: number): number {
  const text = env[key] ?? "";
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    throw new Error(`${key} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function required(env: NodeJS.ProcessEnv, key: string): string {
  const value = env[key];
  if (!value) throw new Error(`${key} is not set`);
  return value;
}

/** The pod's settings from its environment; throws a sentence naming the first bad one. */
export function podSettings(env: NodeJS.ProcessEnv): PodSettings {
  const namespace = required(env, "POD_NAMESPACE");
  const url = required(env, "TARGET_URL");
  // The Service must be in this pod's own namespace: a Job in one namespace never loads another's Service.
  const target = assertServiceTarget(url, { name: required(env, "SERVICE_NAME"), namespace });
  const pods = whole(env, "LOAD_PODS", 1, 1000);
  const index = whole(env, "JOB_COMPLETION_INDEX", 0, pods - 1);
  const limit = env.CPU_LIMIT_MILLICORES;
  return {
    url,
    allowedHosts: [target.hostname],
    index,
    pods,
    // CONNECTIONS counts all pods' connections; each pod opens its share.
    connections: connectionsOf(whole(env, "CONNECTIONS", 1, 100_000), index, pods),
    maxSeconds: whole(env, "MAX_SECONDS", 1, 7 * 86_400),
    cpuLimitMillicores: limit ? whole(env, "CPU_LIMIT_MILLICORES", 1, 1_000_000) : undefined,
    namespace,
    controlName: required(env, "CONTROL_CONFIGMAP"),
  };
}

/** Runs the pod; resolves with its exit code. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { namespace, controlName, ...settings } = podSettings(env);
  const abort = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => abort.abort());
  return runPod({
    ...settings,
    readControl: controlReader(inClusterSource(env, namespace, controlName)),
    write: (text) => process.stdout.write(`${text}\n`),
    signal: abort.signal,
  });
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.stderr.write(`feastflow-loadgen: ${err.message}\n`);
      process.exitCode = 2;
    },
  );
}
