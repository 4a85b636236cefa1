/**
 * A latency probe: a few requests one after another on one keep-alive
 * connection, before any load. For a CPU-bound endpoint on an idle pod the
 * latency is the request's CPU time plus the network's, so its median is a
 * first, high guess of what a request costs.
 */
import http from "node:http";
import https from "node:https";

function once(url: URL, agent: http.Agent): Promise<{ ms: number; status: number }> {
  const started = process.hrtime.bigint();
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on("end", () =>
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode ?? 0 }),
      );
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${url.host} within 10 s`)));
    req.on("error", reject);
  });
}

/** The median latency of `count` sequential requests, ms; rejects when any fails or answers non-2xx. */
export async function probeLatencyMs(target: string, count = 15): Promise<number> {
  const url = new URL(target);
  const agent = new (url.protocol === "https:" ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 1 });
  try {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const { ms, status } = await once(url, agent);
      if (status < 200 || status > 299) throw new Error(`${url.pathname} answered ${status}`);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    agent.destroy();
  }
}
