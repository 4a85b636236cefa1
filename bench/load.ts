/**
 * `npm run bench:load`: how closely our arrival-rate generator (automation/load
 * on autocannon's HTTP client) holds the rate it is asked for, and what it
 * costs, against the stand-in backend on loopback. For each asked rate (1, 5,
 * 20, 100, 1000 req/s by default) it measures the rate achieved (responses
 * per second at the server's answer, after a warm-up), the error against the
 * asked rate, the generator's CPU per 1,000 requests, latency from the due
 * time, and the requests that waited for a connection or were dropped. Then
 * the host's maximum: ours asked far more than it can send, and Debian's wrk
 * (which has no fixed-rate mode, so it is compared at the maximum only) with
 * the same connections. The target at every fixed rate: within ±5 % of the
 * asked rate, ±1 req/s below 20 req/s.
 *
 * The generators share the host's cores with the backend (and with anything
 * else running), so the figures come with the conditions they were taken in.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import Table from "cli-table3";
import { failed, startLocalLoad } from "../automation/load";
import { percentileMs } from "../automation/load/latency";
import { runCli } from "../automation/shared/cli";
import { UsageError } from "../automation/shared/errors";
import { parseFlags, seconds as secondsFlag, wholeNumber } from "../automation/shared/parse";
import { sleep } from "../automation/shared/sleep";
import { startApp } from "../test/support/local-app";

const USAGE = `Usage: npm run bench:load -- [--duration S] [--connections N] [--rates R,R,...] [--wrk-threads N] [--path P] [--json]
  --duration S      seconds measured per row, after a 2 s warm-up (default 10)
  --connections N   the most connections our generator opens, and wrk's connections (default 50)
  --rates R,R,...   the fixed rates to ask, req/s (default 1,5,20,100,1000)
  --wrk-threads N   wrk threads (default 1, like our generator's single thread)
  --path P          request path on the backend (default /api/health)
  --json            the rows as JSON on stdout instead of the table`;

/** What "uncapped" asks: far beyond what any host sends over loopback, so the connections are the limit. */
const UNCAPPED = 1_000_000;
const WARM_UP_MS = 2000;

interface Row {
  tool: "ours" | "wrk";
  /** Requests per second asked; null for the maximum (ours uncapped, or wrk). */
  askedReqPerSec: number | null;
  achievedReqPerSec: number;
  /** (achieved − asked) ÷ asked, percent; null at the maximum. */
  errorPercent: number | null;
  /** CPU of the generator's process, user + system, ms per 1,000 responses. */
  cpuMsPer1000: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Requests that waited for a connection, and those dropped; null for wrk, which does not say. */
  queued: number | null;
  dropped: number | null;
  failed: number;
  /** Whether the row is within the target (fixed rates only). */
  withinTarget: boolean | null;
}

/** The target: within ±5 % of the asked rate, and within ±1 req/s below 20 req/s. */
export function withinTarget(asked: number, achieved: number): boolean {
  const allowed = Math.max(0.05 * asked, asked < 20 ? 1 : 0);
  return Math.abs(achieved - asked) <= allowed;
}

/** `--rates`: decimal req/s, comma-separated, each from 0.01 to 100 000. */
export function rateList(text: string): number[] {
  return text.split(",").map((part) => {
    const value = /^\d{1,6}(\.\d{1,3})?$/.test(part.trim()) ? Number(part) : NaN;
    if (!(value >= 0.01 && value <= 100_000)) {
      throw new UsageError(
        `--rates must list rates from 0.01 to 100000 req/s, such as 1,5,20 (got ${JSON.stringify(part)}).`,
      );
    }
    return value;
  });
}

/** Our generator at `rate` for `seconds`, measured after the warm-up. */
async function runOurs(url: string, connections: number, rate: number, seconds: number): Promise<Row> {
  const run = startLocalLoad({ url, connections, rate, maxSeconds: seconds + 30 });
  try {
    await sleep(WARM_UP_MS);
    run.takeWindow();
    const cpuMark = process.cpuUsage();
    await sleep(seconds * 1000);
    const { window } = run.takeWindow();
    const cpu = process.cpuUsage(cpuMark);
    const achieved = window.responses / ((window.endMs - window.startMs) / 1000);
    const fixed = rate !== UNCAPPED;
    return {
      tool: "ours",
      askedReqPerSec: fixed ? rate : null,
      achievedReqPerSec: achieved,
      errorPercent: fixed ? ((achieved - rate) / rate) * 100 : null,
      cpuMsPer1000: ((cpu.user + cpu.system) / 1000 / Math.max(1, window.responses)) * 1000,
      p50Ms: percentileMs(window.latency, 50),
      p99Ms: percentileMs(window.latency, 99),
      queued: window.queued,
      dropped: window.dropped,
      failed: failed(window),
      withinTarget: fixed ? withinTarget(rate, achieved) : null,
    };
  } finally {
    await run.stop();
  }
}

/** wrk's figures: Requests/sec, the request count and its latency distribution's 50 % and 99 %. */
export function parseWrk(output: string): { rate: number; requests: number; p50Ms: number; p99Ms: number } {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const requests = /(\d+) requests in/.exec(output);
  if (!rate || !requests) throw new Error(`wrk printed no Requests/sec line:\n${output}`);
  const ms = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, "m").exec(output);
    if (!m) return NaN;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2] as "us" | "ms" | "s"];
  };
  return { rate: Number(rate[1]), requests: Number(requests[1]), p50Ms: ms("50"), p99Ms: ms("99") };
}

/**
 * CPU of the children a shell waited for, ms: /proc/<pid>/stat's cutime and
 * cstime (fields 16 and 17), read by the shell itself once wrk has exited.
 */
export function childCpuMs(stat: string, ticksPerSecond: number): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After "pid (comm) ": state is field 3, so field n is at index n − 3.
  return ((Number(fields[13]) + Number(fields[14])) / ticksPerSecond) * 1000;
}

async function runWrk(url: string, connections: number, seconds: number, threads: number): Promise<Row> {
  const args = [`-t${Math.min(threads, connections)}`, `-c${connections}`, `-d${seconds}s`, "--latency", url];
  // The shell runs wrk, then reads its own stat, whose children's CPU is then wrk's.
  const script = 'wrk "$@"; echo; cat /proc/$$/stat';
  const output = await new Promise<string>((resolve, reject) =>
    execFile("sh", ["-c", script, "sh", ...args], (err, stdout) => (err ? reject(err) : resolve(stdout))),
  );
  const statLine = output.trim().split("\n").pop() ?? "";
  const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const wrk = parseWrk(output);
  return {
    tool: "wrk",
    askedReqPerSec: null,
    achievedReqPerSec: wrk.rate,
    errorPercent: null,
    cpuMsPer1000: (childCpuMs(statLine, ticks) / Math.max(1, wrk.requests)) * 1000,
    p50Ms: wrk.p50Ms,
    p99Ms: wrk.p99Ms,
    queued: null,
    dropped: null,
    failed: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    withinTarget: null,
  };
}

const dash = (n: number | null, digits = 1) => (n === null || Number.isNaN(n) ? "-" : n.toFixed(digits));

function table(rows: Row[]): string {
  const t = new Table({
    head: [
      "tool",
      "asked req/s",
      "achieved req/s",
      "error",
      "CPU ms / 1000 req",
      "p50 ms",
      "p99 ms",
      "waited",
      "dropped",
    ],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    t.push([
      r.tool === "ours" ? "ours" : "wrk",
      r.askedReqPerSec === null ? (r.tool === "ours" ? "uncapped" : "(max)") : String(r.askedReqPerSec),
      dash(r.achievedReqPerSec, r.achievedReqPerSec < 100 ? 2 : 0),
      r.errorPercent === null ? "-" : `${r.errorPercent >= 0 ? "+" : ""}${r.errorPercent.toFixed(1)} %`,
      dash(r.cpuMsPer1000),
      dash(r.p50Ms, 2),
      dash(r.p99Ms, 2),
      r.queued === null ? "-" : String(r.queued),
      r.dropped === null ? "-" : String(r.dropped),
    ]);
  }
  return t.toString();
}

async function main(argv: string[]): Promise<number> {
  const values = parseFlags(argv, {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    rates: { type: "string", default: "1,5,20,100,1000" },
    "wrk-threads": { type: "string", default: "1" },
    path: { type: "string", default: "/api/health" },
    json: { type: "boolean", default: false },
    debug: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const seconds = secondsFlag("--duration", values.duration, 1, 3600);
  const connections = wholeNumber("--connections", values.connections, 1, 10_000);
  const rates = rateList(values.rates);
  const wrkThreads = wholeNumber("--wrk-threads", values["wrk-threads"], 1, 256);
  const haveWrk = !spawnSync("wrk", ["--version"]).error;
  if (!haveWrk) {
    process.stderr.write("wrk is not installed (apt-get install -y wrk, or brew install wrk): its row is left out.\n");
  }
  const app = await startApp("backend");
  const url = `http://127.0.0.1:${app.port}${values.path}`;
  const rows: Row[] = [];
  const progress = (text: string) => process.stderr.isTTY && process.stderr.write(`\r\x1b[2K${text}`);
  try {
    for (const rate of rates) {
      progress(`ours at ${rate} req/s...`);
      rows.push(await runOurs(url, connections, rate, seconds));
    }
    progress("ours uncapped...");
    rows.push(await runOurs(url, connections, UNCAPPED, seconds));
    if (haveWrk) {
      progress("wrk...");
      await runWrk(url, connections, 2, wrkThreads); // its warm-up
      rows.push(await runWrk(url, connections, seconds, wrkThreads));
    }
  } finally {
    progress("");
    await app.stop();
  }
  const fixed = rows.filter((r) => r.withinTarget !== null);
  const met = fixed.every((r) => r.withinTarget);
  const host = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown CPU",
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ path: values.path, connections, seconds, host, rows, met }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `${table(rows)}\n` +
        `GET ${values.path} on the stand-in backend, at most ${connections} connections, ${seconds} s per row after a ${WARM_UP_MS / 1000} s warm-up; ` +
        `uncapped asks ${UNCAPPED.toLocaleString("en")} req/s, so its latency is mostly the wait for a connection.\n` +
        `Host: ${host.cores} cores (${host.cpu}), load average ${host.loadAverage.join(" ")} at the end.\n` +
        `Target (within ±5 %, ±1 req/s below 20 req/s) at every fixed rate: ${met ? "met" : "NOT met"}` +
        `${
          met
            ? ""
            : ` (${fixed
                .filter((r) => !r.withinTarget)
                .map((r) => `${r.askedReqPerSec} req/s`)
                .join(", ")})`
        }.\n`,
    );
  }
  return met ? 0 : 1;
}

if (require.main === module) {
  runCli("bench:load", main);
}
