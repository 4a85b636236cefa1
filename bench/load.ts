/**
 * `npm run bench:load`: our load runner (autocannon through automation/load)
 * against wrk, on the stand-in backend's /api/health over loopback, with the
 * same connections and duration, alternating for several rounds. Prints each
 * round and the medians on stdout; the goal is autocannon ≥ 0.8 × wrk.
 *
 * Both generators share the host's cores with the server (and with anything
 * else running), so the figures come with the conditions they were taken in.
 */
import { execFile, spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { startApp } from "../test/support/local-app";
import { failed, ratePerSecond, startLocalLoad } from "../automation/load";
import { runCli } from "../automation/shared/cli";
import { wholeNumber } from "../automation/shared/parse";

const USAGE = `Usage: npm run bench:load -- [--connections N] [--duration S] [--rounds N] [--wrk-threads N] [--path P]
  --connections N   concurrent connections for both tools (default 50)
  --duration S      seconds per run (default 5)
  --rounds N        autocannon/wrk pairs, alternating, after a 2 s warm-up of each (default 5)
  --wrk-threads N   wrk threads (default 1, like autocannon's single thread)
  --path P          request path on the backend (default /api/health)`;

/** A rate no loopback run reaches: the runner's rate limit stays out of the way. */
const UNCAPPED = 10_000_000;

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "5" },
    rounds: { type: "string", default: "5" },
    "wrk-threads": { type: "string", default: "1" },
    path: { type: "string", default: "/api/health" },
    help: { type: "boolean", short: "h", default: false },
  },
});

/** Requests per second our runner reaches in `seconds`, refusing figures with failures. */
async function runOurs(url: string, connections: number, seconds: number): Promise<number> {
  const run = startLocalLoad({ url, connections, rate: UNCAPPED, maxSeconds: seconds + 5 });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const { window } = run.takeWindow();
  await run.stop();
  if (failed(window) > 0)
    throw new Error(`autocannon saw ${failed(window)} failed requests; the figures would mean nothing.`);
  return ratePerSecond(window);
}

/** wrk's "Requests/sec:" figure. */
export function parseWrkRate(output: string): number {
  const match = /Requests\/sec:\s+([\d.]+)/.exec(output);
  if (!match) throw new Error(`wrk printed no Requests/sec line:\n${output}`);
  return Number(match[1]);
}

function runWrk(url: string, connections: number, seconds: number, threads: number): Promise<number> {
  const args = [`-t${Math.min(threads, connections)}`, `-c${connections}`, `-d${seconds}s`, url];
  return new Promise((resolve, reject) =>
    execFile("wrk", args, (err, stdout) => (err ? reject(err) : resolve(parseWrkRate(stdout)))),
  );
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<number> {
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (spawnSync("wrk", ["--version"]).error) {
    process.stderr.write(
      "wrk is not installed; install it with `apt-get install -y wrk` (Debian/Ubuntu) or `brew install wrk`.\n",
    );
    return 1;
  }
  const connections = wholeNumber("--connections", values.connections, 1, 10_000);
  const seconds = wholeNumber("--duration", values.duration, 1, 3600);
  const rounds = wholeNumber("--rounds", values.rounds, 1, 100);
  const wrkThreads = wholeNumber("--wrk-threads", values["wrk-threads"], 1, 256);
  const app = await startApp("backend");
  const url = `http://127.0.0.1:${app.port}${values.path}`;
  const table = new Table({
    head: ["round", "autocannon req/s", "wrk req/s", "ratio"],
    style: { head: [], border: [] },
  });
  const ratios: number[] = [];
  const tty = process.stderr.isTTY;
  try {
    // Warm both sides up (the server's JIT, the kernel's loopback) so round 1 is not the odd one out.
    if (tty) process.stderr.write("warming up...");
    await runOurs(url, connections, 2);
    await runWrk(url, connections, 2, wrkThreads);
    for (let round = 1; round <= rounds; round++) {
      if (tty) process.stderr.write(`\rround ${round}/${rounds}: autocannon...`);
      const ours = await runOurs(url, connections, seconds);
      if (tty) process.stderr.write(`\rround ${round}/${rounds}: wrk...       `);
      const theirs = await runWrk(url, connections, seconds, wrkThreads);
      ratios.push(ours / theirs);
      table.push([round, ours.toFixed(0), theirs.toFixed(0), (ours / theirs).toFixed(2)]);
    }
  } finally {
    if (tty) process.stderr.write("\r\x1b[2K");
    await app.stop();
  }
  process.stdout.write(`${table.toString()}\n`);
  const ratio = median(ratios);
  process.stdout.write(
    `GET ${values.path}, ${connections} connections, ${seconds} s per run, ${rounds} rounds, wrk threads ${wrkThreads}.\n` +
      `Host: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} at the end.\n` +
      `Median ratio autocannon/wrk: ${ratio.toFixed(2)} (goal >= 0.80): ${ratio >= 0.8 ? "met" : "NOT met"}.\n`,
  );
  return ratio >= 0.8 ? 0 : 1;
}

if (require.main === module) {
  runCli("bench:load", main);
}
