"use strict";
/**
 * FeastFlow backend stand-in: a dependency-free JSON API that gives the HPA
 * something real to react to. `GET /api/menu/search` does genuine per-request
 * CPU work (filter, score, sort and serialize an in-memory menu), so CPU
 * utilization tracks request rate the way a real API's would.
 *
 * Runs on a read-only root filesystem as a non-root user: it writes nothing to
 * disk and logs one JSON line per lifecycle event to stdout.
 */
const http = require("node:http");
const { setImmediate } = require("node:timers");
const { URLSearchParams } = require("node:url");

const PORT = Number(process.env.PORT || 5000);
/**
 * Bounds of the search's query parameters. A search costs CPU in proportion to
 * rounds (and a little to limit), so an unbounded value would let one request
 * hold a pod's CPU for minutes; a value out of bounds is a 400, not clamped, so
 * a load test never measures a cost it did not ask for.
 */
const ROUNDS = { min: 0.1, max: 200 };
const LIMIT = { min: 1, max: 100 };
const QUERY_MAX_CHARS = 64;
/** Longest request target served (414 past it); Node refuses request heads over 16 KiB with a 431 itself. */
const TARGET_MAX_CHARS = 2048;
/** How many times a search repeats its work, in tenths (1.5 = one and a half); the knob for CPU cost per request. */
const SEARCH_ROUNDS = Number(process.env.SEARCH_ROUNDS || 5);
const MENU_SIZE = Number(process.env.MENU_SIZE || 3000);
/** Longest a drain may take before the process gives up on in-flight requests. */
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS || 20000);

const log = (event, fields) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), app: "backend", event, ...fields }));

/** Deterministic PRNG (mulberry32) so every pod holds the same menu. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildMenu(size) {
  const rnd = random(42);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const styles = ["Smoky", "Crispy", "Spicy", "Garlic", "Lemon", "Herb", "Sweet", "Tandoori", "Teriyaki", "Truffle"];
  const dishes = [
    "Chicken",
    "Tofu",
    "Paneer",
    "Salmon",
    "Noodles",
    "Burger",
    "Pizza",
    "Tacos",
    "Curry",
    "Salad",
    "Ramen",
  ];
  const cuisines = ["italian", "indian", "mexican", "japanese", "thai", "american", "greek", "korean"];
  const tags = ["vegan", "vegetarian", "gluten-free", "spicy", "halal", "kids", "popular", "new", "low-carb"];
  return Array.from({ length: size }, (_, id) => ({
    id,
    name: `${pick(styles)} ${pick(dishes)} ${pick(["Bowl", "Plate", "Wrap", "Combo", "Special"])} #${id}`,
    cuisine: pick(cuisines),
    tags: [pick(tags), pick(tags)],
    priceCents: 500 + Math.floor(rnd() * 2500),
    rating: Math.round((2.5 + rnd() * 2.5) * 10) / 10,
    calories: 200 + Math.floor(rnd() * 900),
    restaurant: `Kitchen ${1 + Math.floor(rnd() * 120)}`,
  }));
}

const MENU = buildMenu(MENU_SIZE);

/** Relevance of one dish for a lowercase query; 0 means no match. */
function score(dish, q) {
  if (!q) return dish.rating;
  const text = `${dish.name} ${dish.cuisine} ${dish.tags.join(" ")} ${dish.restaurant}`.toLowerCase();
  const at = text.indexOf(q);
  return at < 0 ? 0 : dish.rating + 10 / (1 + at);
}

/** One round: score, sort and serialize the matches among `dishes`. */
function searchRound(dishes, q, limit) {
  const hits = dishes.map((dish) => ({ dish, s: score(dish, q) })).filter((hit) => hit.s > 0);
  hits.sort((a, b) => b.s - a.s || a.dish.priceCents - b.dish.priceCents || a.dish.id - b.dish.id);
  return JSON.stringify({ query: q, total: hits.length, results: hits.slice(0, limit).map((hit) => hit.dish) });
}

/**
 * The CPU-bound search: every whole round works through the whole menu; a
 * fraction of a round works through that fraction of it. The answer is the
 * last whole round's (the partial one's when there is none).
 */
function searchMenu(q, rounds, limit) {
  const whole = Math.floor(rounds + 1e-9);
  const part = Math.round((rounds - whole) * MENU.length);
  let body = part > 0 ? searchRound(MENU.slice(0, part), q, limit) : "";
  for (let round = 0; round < whole; round++) body = searchRound(MENU, q, limit);
  return body;
}

/**
 * Splits a request target into path and query, or says why it is malformed.
 * Origin-form ("/path?query") is served; absolute-form ("http://host/path") is
 * served by its path, as RFC 9112 3.2.2 requires of servers; anything else,
 * "*" included, is a 400. Characters must be RFC 3986 ones with complete %XX
 * escapes. The path is matched as sent: "//" is a path this app does not serve.
 * The frontend holds the same function: each app ships as one file.
 */
function parseTarget(target) {
  if (target.length > TARGET_MAX_CHARS)
    return { status: 414, error: `request target over ${TARGET_MAX_CHARS} characters` };
  const absolute = /^https?:\/\/[A-Za-z0-9\-._~!$&'()*+,;=:@%[\]]*/i.exec(target);
  const origin = absolute ? target.slice(absolute[0].length) || "/" : target;
  const form = /^(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)(?:\?([A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*))?$/.exec(origin);
  if (!form || /%(?![0-9A-Fa-f]{2})/.test(origin)) return { status: 400, error: "malformed request target" };
  return { path: form[1], query: new URLSearchParams(form[2] ?? "") };
}

/** An integer query parameter within bounds, given at most once; `fallback` when absent. */
function intParam(query, name, { min, max }, fallback) {
  const values = query.getAll(name);
  if (values.length === 0) return { value: fallback };
  const value = Number(values[0]);
  if (values.length > 1 || !/^\d{1,9}$/.test(values[0]) || value < min || value > max) {
    return { error: `${name} must be given once, as an integer from ${min} to ${max}` };
  }
  return { value };
}

/** A decimal query parameter with at most one decimal place, within bounds, given at most once. */
function tenthsParam(query, name, { min, max }, fallback) {
  const values = query.getAll(name);
  if (values.length === 0) return { value: fallback };
  const value = Number(values[0]);
  if (values.length > 1 || !/^\d{1,9}(\.\d)?$/.test(values[0]) || value < min || value > max) {
    return { error: `${name} must be given once, as a number from ${min} to ${max} with at most one decimal` };
  }
  return { value };
}

/** The search's parameters, or the first error among them. */
function searchParams(query) {
  const q = query.getAll("q");
  if (q.length > 1 || (q[0] ?? "").length > QUERY_MAX_CHARS) {
    return { error: `q must be given once, with at most ${QUERY_MAX_CHARS} characters` };
  }
  const rounds = tenthsParam(query, "rounds", ROUNDS, SEARCH_ROUNDS);
  const limit = intParam(query, "limit", LIMIT, 20);
  const error = rounds.error ?? limit.error;
  return error ? { error } : { q: (q[0] ?? "").toLowerCase(), rounds: rounds.value, limit: limit.value };
}

let draining = false;
let inFlight = 0;
/** Searches answered (any status) since start: what a load test reads to count, at the server, what it sent. */
let searches = 0;
const startedAt = new Date().toISOString();

const ALLOW = "GET, HEAD, OPTIONS";

/** Sends JSON; HEAD gets the same status and headers without the body (Node drops it). */
function send(res, status, body, headers = {}) {
  // After a malformed request the rest of the stream cannot be trusted: answer and close.
  const close = status === 400 || status === 414 ? { connection: "close" } : {};
  res.writeHead(status, {
    "content-type": "application/json",
    "access-control-allow-origin": "*",
    ...close,
    ...headers,
  });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

function route(req, res) {
  // "*" asks about the server as a whole, and only OPTIONS may send it (RFC 9112 3.2.4).
  if (req.url === "*" && req.method === "OPTIONS") return send(res, 204, "", { allow: ALLOW });
  const target = parseTarget(req.url);
  if (target.error) return send(res, target.status, { error: target.error });
  if (req.method === "OPTIONS") return send(res, 204, "", { allow: ALLOW });
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, 405, { error: "method not allowed" }, { allow: ALLOW });
  }
  if (target.path === "/api/health")
    return send(res, draining ? 503 : 200, { status: draining ? "draining" : "ok", inFlight });
  if (target.path === "/api/stats") return send(res, 200, { searches, since: startedAt });
  if (target.path === "/api/menu/search") {
    searches++;
    const search = searchParams(target.query);
    if (search.error) return send(res, 400, { error: search.error });
    return send(res, 200, searchMenu(search.q, search.rounds, search.limit));
  }
  return send(res, 404, { error: "not found", path: target.path.slice(0, 100) });
}

const server = http.createServer((req, res) => {
  inFlight++;
  res.on("close", () => inFlight--);
  // While draining, ask keep-alive clients to reconnect so kube-proxy sends them to a live pod.
  if (draining) res.setHeader("connection", "close");
  try {
    route(req, res);
  } catch (error) {
    // Last line of defence: one bad request must never take the pod's other requests down with it.
    log("request-error", { error: String(error), target: String(req.url).slice(0, 100) });
    if (!res.headersSent) send(res, 500, { error: "internal error" });
    else res.destroy();
  }
});

/** Graceful stop: fail readiness at once, refuse new connections, let in-flight requests finish. */
function drain(signal) {
  if (draining) return;
  draining = true;
  log("draining", { signal, inFlight });
  // close() stops accepting and (Node 19+) closes idle keep-alive sockets. Deferred one turn so requests that
  // arrived with the signal are read first: a socket whose request is still unread counts as idle.
  setImmediate(() => server.close(() => (log("stopped", {}), process.exit(0))));
  setTimeout(() => (log("shutdown-timeout", { inFlight }), process.exit(1)), SHUTDOWN_TIMEOUT_MS).unref();
}

if (!/^\d{1,9}(\.\d)?$/.test(String(SEARCH_ROUNDS)) || SEARCH_ROUNDS < ROUNDS.min || SEARCH_ROUNDS > ROUNDS.max) {
  log("invalid-env", { SEARCH_ROUNDS: process.env.SEARCH_ROUNDS, allowed: `${ROUNDS.min}..${ROUNDS.max}` });
  process.exit(2);
}
process.on("SIGTERM", drain).on("SIGINT", drain);
server.listen(PORT, () =>
  log("listening", { port: server.address().port, menuSize: MENU.length, searchRounds: SEARCH_ROUNDS }),
);
