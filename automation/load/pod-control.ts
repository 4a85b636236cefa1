/**
 * A load pod reads its run's control ConfigMap through the in-cluster API:
 * the apiserver at the address the kubelet puts in every pod's environment
 * (KUBERNETES_SERVICE_HOST, so no cluster DNS is needed), the pod's
 * service-account token (read for every request: the kubelet rotates it)
 * and the cluster's CA. The pod's Role allows `get` on that one ConfigMap
 * and nothing else. Plain node:https, so the image needs no Kubernetes client.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { Control, parseControl } from "./pod-protocol";

/** Where a pod's service-account token and the cluster CA are mounted. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface ControlSource {
  /** The apiserver, e.g. https://10.96.0.1:443. */
  baseUrl: string;
  namespace: string;
  name: string;
  token: () => string;
  /** The CA that signed the apiserver's certificate; undefined for plain http (tests). */
  ca?: string;
  timeoutMs?: number;
}

/** The control source of a pod: the apiserver from the environment, the mounted token and CA. */
export function inClusterSource(
  env: NodeJS.ProcessEnv,
  namespace: string,
  name: string,
  dir: string = SERVICE_ACCOUNT_DIR,
): ControlSource {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? "443";
  if (!host) throw new Error("KUBERNETES_SERVICE_HOST is not set: not running in a Kubernetes pod");
  return {
    baseUrl: `https://${host.includes(":") ? `[${host}]` : host}:${port}`,
    namespace,
    name,
    token: () => readFileSync(`${dir}/token`, "utf8").trim(),
    ca: readFileSync(`${dir}/ca.crt`, "utf8"),
  };
}

/** The apiserver's reason from a Status body, else the body's start. */
function messageOf(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/** Reads the control: the ConfigMap's data, "gone" on 404, an error on anything else. */
export function controlReader(source: ControlSource): () => Promise<Control | "gone"> {
  const url = new URL(
    `/api/v1/namespaces/${encodeURIComponent(source.namespace)}/configmaps/${encodeURIComponent(source.name)}`,
    source.baseUrl,
  );
  const timeout = source.timeoutMs ?? 5000;
  return () =>
    new Promise((resolve, reject) => {
      const headers = { authorization: `Bearer ${source.token()}`, accept: "application/json" };
      const done = (res: http.IncomingMessage) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          if (res.statusCode === 404) return resolve("gone");
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${messageOf(body)}`));
          try {
            resolve(parseControl((JSON.parse(body) as { data?: Record<string, string> }).data));
          } catch (err) {
            reject(err);
          }
        });
      };
      const req =
        url.protocol === "https:"
          ? https.get(url, { headers, ca: source.ca, timeout }, done)
          : http.get(url, { headers, timeout }, done);
      req.on("timeout", () => req.destroy(new Error(`no answer from ${url.host} within ${timeout / 1000} s`)));
      req.on("error", reject);
    });
}
