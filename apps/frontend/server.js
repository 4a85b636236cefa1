"use strict";
/**
 * FeastFlow frontend stand-in: renders the menu page on the server for every
 * `GET /menu` (menu-page.js), the CPU work the frontend's HPA scales on;
 * serves the static page in `public/` from memory (read once at start-up, so a
 * read-only root filesystem is fine) and answers `/healthz` for the readiness
 * probe. Logs one JSON line per lifecycle event.
 */
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");
const { setImmediate } = require("node:timers");
const { URLSearchParams } = require("node:url");
const { buildCatalog, renderMenuPage } = require("./menu-page");

const PORT = Number(process.env.PORT || 8080);
/** Longest a drain may take before the process gives up on in-flight requests. */
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS || 20000);
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
/** Longest request target served (414 past it); Node refuses request heads over 16 KiB with a 431 itself. */
const TARGET_MAX_CHARS = 2048;
const ALLOW = "GET, HEAD, OPTIONS";
/**
 * Dishes on one menu page (`/menu?items=N`): the knob for a page's CPU cost, which
 * grows about in proportion. Bounded so one request cannot hold a pod's CPU or
 * memory; out of bounds is a 400, never clamped, so a load test gets the cost it asked for.
 */
const ITEMS = { min: 1, max: 1000, fallback: 250 };
const CATALOG = buildCatalog(ITEMS.max);

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

/**
 * The path of a request target, or the status that refuses it. Origin-form
 * ("/path?query") is served; absolute-form ("http://host/path") is served by its
 * path, as RFC 9112 3.2.2 requires of servers; anything else, "*" included, is
 * a 400. Characters must be RFC 3986 ones with complete %XX escapes.
 * The backend holds the same function: each app ships as one file.
 */
function parseTarget(target) {
  if (target.length > TARGET_MAX_CHARS) return { status: 414 };
  const absolute = /^https?:\/\/[A-Za-z0-9\-._~!$&'()*+,;=:@%[\]]*/i.exec(target);
  const origin = absolute ? target.slice(absolute[0].length) || "/" : target;
  const form = /^(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)(?:\?([A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*))?$/.exec(origin);
  if (!form || /%(?![0-9A-Fa-f]{2})/.test(origin)) return { status: 400 };
  return { path: form[1], query: new URLSearchParams(form[2] ?? "") };
}

/** The menu's dish count: given at most once, as plain digits within ITEMS; the fallback when absent. */
function itemsParam(query) {
  const values = query.getAll("items");
  if (values.length === 0) return { value: ITEMS.fallback };
  const value = Number(values[0]);
  if (values.length > 1 || !/^\d{1,9}$/.test(values[0]) || value < ITEMS.min || value > ITEMS.max) {
    return { error: `items must be given once, as an integer from ${ITEMS.min} to ${ITEMS.max}` };
  }
  return { value };
}

let stopping = false;

/** Status and body of one request; HEAD gets the same status and headers, Node drops the body. */
function respond(req) {
  // "*" asks about the server as a whole, and only OPTIONS may send it (RFC 9112 3.2.4).
  if (req.url === "*" && req.method === "OPTIONS") return { status: 204, headers: { allow: ALLOW } };
  const target = parseTarget(req.url);
  if (target.status === 414) return { status: 414, text: "request target too long\n" };
  if (target.status === 400) return { status: 400, text: "malformed request target\n" };
  if (req.method === "OPTIONS") return { status: 204, headers: { allow: ALLOW } };
  if (req.method !== "GET" && req.method !== "HEAD") {
    return { status: 405, text: "method not allowed\n", headers: { allow: ALLOW } };
  }
  if (target.path === "/healthz") return { status: stopping ? 503 : 200, text: stopping ? "draining\n" : "ok\n" };
  if (target.path === "/menu") {
    const items = itemsParam(target.query);
    if (items.error) return { status: 400, text: `${items.error}\n` };
    // A page with a cart on it belongs to one visitor: rendered per request, never cached.
    const page = renderMenuPage(CATALOG, items.value);
    return { status: 200, body: page, headers: { "content-type": TYPES[".html"], "cache-control": "no-store" } };
  }
  const file = files.get(target.path);
  if (!file) return { status: 404, text: "not found\n" };
  return {
    status: 200,
    body: file.body,
    headers: { "content-type": file.type || "application/octet-stream", "cache-control": "public, max-age=60" },
  };
}

const server = http.createServer((req, res) => {
  let answer;
  try {
    answer = respond(req);
  } catch (error) {
    // Last line of defence: one bad request must never take the pod's other requests down with it.
    log("request-error", { error: String(error), target: String(req.url).slice(0, 100) });
    answer = { status: 500, text: "internal error\n" };
  }
  const { status, text, body, headers } = answer;
  // Once stopping, ask keep-alive clients to reconnect so kube-proxy picks a live pod; after a
  // malformed request, the rest of the stream cannot be trusted.
  const close = stopping || status === 400 || status === 414 ? { connection: "close" } : {};
  res.writeHead(status, { ...(text === undefined ? {} : { "content-type": "text/plain" }), ...close, ...headers });
  res.end(body ?? text);
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
server.listen(PORT, () =>
  log("listening", { port: server.address().port, files: files.size, menuItems: ITEMS.fallback }),
);
