"use strict";
/**
 * FeastFlow frontend stand-in: serves the static page in `public/` from memory
 * (read once at start-up, so a read-only root filesystem is fine) and answers
 * `/healthz` for the readiness probe. Logs one JSON line per lifecycle event.
 */
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");
const { setImmediate } = require("node:timers");

const PORT = Number(process.env.PORT || 8080);
/** Longest a drain may take before the process gives up on in-flight requests. */
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS || 20000);
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };

const log = (event, fields) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), app: "frontend", event, ...fields }));

/** Every file of `public/`, keyed by URL path; `/` is index.html. */
const publicDir = path.join(__dirname, "public");
const files = new Map(
  fs
    .readdirSync(publicDir)
    .map((name) => [
      `/${name}`,
      { body: fs.readFileSync(path.join(publicDir, name)), type: TYPES[path.extname(name)] },
    ]),
);
files.set("/", files.get("/index.html"));

let stopping = false;

const server = http.createServer((req, res) => {
  // Once stopping, ask keep-alive clients to reconnect so kube-proxy picks a live pod.
  const headers = stopping ? { connection: "close" } : {};
  const pathname = (req.url || "/").split("?")[0];
  if (pathname === "/healthz") {
    res.writeHead(stopping ? 503 : 200, { ...headers, "content-type": "text/plain" });
    return res.end(stopping ? "draining\n" : "ok\n");
  }
  const file = files.get(pathname);
  if (!file) {
    res.writeHead(404, { ...headers, "content-type": "text/plain" });
    return res.end("not found\n");
  }
  res.writeHead(200, {
    ...headers,
    "content-type": file.type || "application/octet-stream",
    "cache-control": "public, max-age=60",
  });
  res.end(req.method === "HEAD" ? undefined : file.body);
});

/** SIGTERM/SIGINT: readiness fails at once, the listener closes, open requests complete, then exit 0. */
function stop(signal) {
  if (stopping) return;
  stopping = true;
  log("draining", { signal });
  setImmediate(() => server.close(() => (log("stopped", {}), process.exit(0)))); // after requests already on the wire are read
  setTimeout(() => (log("shutdown-timeout", {}), process.exit(1)), SHUTDOWN_TIMEOUT_MS).unref();
}

process.on("SIGTERM", stop).on("SIGINT", stop);
server.listen(PORT, () => log("listening", { port: server.address().port, files: files.size }));
