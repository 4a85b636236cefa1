import { expect } from "chai";
import http from "node:http";
import net from "node:net";
import { AppProcess, startApp } from "../support/local-app";

/** GET on a dedicated keep-alive agent; resolves with status and body. */
function get(
  port: number,
  path: string,
  agent?: http.Agent,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on("error", reject);
  });
}

/**
 * Sends exactly these bytes on a fresh connection and resolves with the status
 * line's code (0 if the server closed without answering) once the server closes.
 */
function raw(port: number, bytes: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(bytes));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Number(/^HTTP\/1\.1 (\d{3}) /.exec(Buffer.concat(chunks).toString("latin1"))?.[1] ?? 0));
    });
  });
}

/** A request with the given method, target and header lines, asking the server to close after it. */
function request(target: string, { method = "GET", headers = "Host: app\r\n" } = {}): string {
  return `${method} ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`;
}

const nonAscii = (prefix: string) =>
  Buffer.concat([
    Buffer.from(`GET ${prefix}caf`),
    Buffer.from([0xc3, 0xa9]),
    Buffer.from(" HTTP/1.1\r\nHost: app\r\n\r\n"),
  ]);

/** What both apps answer, whatever their routes: the request target and protocol rules in apps/README.md. */
function malformed(health: string): Array<[string, string | Buffer, number]> {
  return [
    ["GET // (curl's http://host:port//)", request("//"), 404],
    ["GET //evil.example (a host, read as a path)", request(`//evil.example${health}`), 404],
    ["GET *", request("*"), 400],
    ["OPTIONS *", request("*", { method: "OPTIONS" }), 204],
    ["an absolute-form target, served by its path", request(`http://app${health}`), 200],
    ["a lone %", request("/%"), 400],
    ["a bad %-escape in the query", request(`${health}?x=%zz`), 400],
    ["a fragment", request(`${health}#top`), 400],
    ["a backslash path", request("\\api\\health"), 400],
    ["a query without a path", request("?x=1"), 400],
    ["non-ASCII bytes in the path", nonAscii("/"), 400],
    ["a 3000-character path", request(`/${"a".repeat(3000)}`), 414],
    ["a 20 KiB header", request(health, { headers: `Host: app\r\nX-Big: ${"b".repeat(20000)}\r\n` }), 431],
    ["a header line without a colon", request(health, { headers: "Host: app\r\nno colon here\r\n" }), 400],
    ["no Host header", request(health, { headers: "" }), 400],
    ["an unknown method", request(health, { method: "FETCH" }), 400],
    ["HEAD", request(health, { method: "HEAD" }), 200],
    ["POST", request(health, { method: "POST", headers: "Host: app\r\nContent-Length: 0\r\n" }), 405],
    ["OPTIONS on a path", request(health, { method: "OPTIONS" }), 204],
  ];
}

/** Sends every case at once, each on its own connection, and pairs each name with the status it got. */
async function burst(port: number, cases: Array<[string, string | Buffer, number]>): Promise<string[]> {
  const statuses = await Promise.all(cases.map(([, bytes]) => raw(port, bytes)));
  return cases.map(([name], i) => `${name}: ${statuses[i]}`);
}

describe("stand-in apps", () => {
  describe("backend", () => {
    let app: AppProcess;
    beforeEach(async () => {
      app = await startApp("backend");
    });
    afterEach(() => app.stop());

    it("answers /api/health with 200 JSON and logs that it listens", async () => {
      const res = await get(app.port, "/api/health");
      expect(res.status).to.equal(200);
      expect(JSON.parse(res.body)).to.include({ status: "ok" });
      expect(app.events[0]).to.include({ app: "backend", event: "listening", port: app.port });
    });

    it("searches the menu, best matches first, limited as asked", async () => {
      const res = await get(app.port, "/api/menu/search?q=curry&limit=5&rounds=1");
      const { total, results } = JSON.parse(res.body) as {
        total: number;
        results: Array<{ name: string; cuisine: string; tags: string[]; restaurant: string }>;
      };
      expect(res.status).to.equal(200);
      expect(total).to.be.greaterThan(50);
      expect(results).to.have.length(5);
      for (const dish of results)
        expect(`${dish.name} ${dish.cuisine} ${dish.tags} ${dish.restaurant}`.toLowerCase()).to.include("curry");
    });

    it("counts the searches it answered, bad ones included, and nothing else, in /api/stats", async () => {
      const stats = async () =>
        JSON.parse((await get(app.port, "/api/stats")).body) as { searches: number; since: string };
      const before = await stats();
      expect(before.searches).to.equal(0);
      expect(Number.isFinite(Date.parse(before.since))).to.equal(true);
      await get(app.port, "/api/menu/search?q=a&rounds=0.1");
      await get(app.port, "/api/menu/search?rounds=0");
      await get(app.port, "/api/health");
      await get(app.port, "/api/stats");
      expect(await stats()).to.deep.equal({ searches: 2, since: before.since });
    });

    it("works through a fraction of the menu for a fraction of a round: the knob for a request's cost", async () => {
      const total = async (rounds: string) => {
        const res = await get(app.port, `/api/menu/search?q=a&rounds=${rounds}`);
        expect(res.status, rounds).to.equal(200);
        return (JSON.parse(res.body) as { total: number }).total;
      };
      const whole = await total("1");
      const half = await total("0.5");
      // Half a round scores the first half of the menu: about half the matches, never all of them.
      expect(half).to.be.within(whole * 0.4, whole * 0.6);
      // 1.5 rounds answer with the last whole round's result.
      expect(await total("1.5")).to.equal(whole);
      for (const bad of ["0.05", "1.55", "0", ".5"]) {
        expect((await get(app.port, `/api/menu/search?rounds=${bad}`)).status, bad).to.equal(400);
      }
    });

    it("answers a burst of malformed requests each with its status and keeps serving /api/health", async () => {
      const search = (query: string) => request(`/api/menu/search?${query}`);
      const cases: Array<[string, string | Buffer, number]> = [
        ...malformed("/api/health"),
        ["a 10000-character q", search(`q=${"a".repeat(10000)}`), 414],
        ["rounds=1e9", search("rounds=1e9"), 400],
        ["rounds=-5", search("rounds=-5"), 400],
        ["rounds=NaN", search("rounds=NaN"), 400],
        ["rounds=201", search("rounds=201"), 400],
        ["rounds=", search("rounds="), 400],
        ["rounds given twice", search("rounds=1&rounds=100000"), 400],
        ["limit=-5", search("limit=-5"), 400],
        ["limit=101", search("limit=101"), 400],
        ["a 65-character q", search(`q=${"a".repeat(65)}`), 400],
        ["a search within every bound", search(`q=${"a".repeat(64)}&rounds=200&limit=100`), 200],
      ];
      expect(await burst(app.port, cases)).to.deep.equal(cases.map(([name, , status]) => `${name}: ${status}`));
      expect((await get(app.port, "/api/health")).status).to.equal(200);
      expect(app.child.exitCode).to.equal(null);
    });

    it("says which search parameter is out of bounds and what is allowed", async () => {
      const errors = await Promise.all(
        ["rounds=1e9", "limit=-5&rounds=1", `q=${"x".repeat(65)}`].map(async (query) => {
          const res = await get(app.port, `/api/menu/search?${query}`);
          return [res.status, JSON.parse(res.body)];
        }),
      );
      expect(errors).to.deep.equal([
        [400, { error: "rounds must be given once, as a number from 0.1 to 200 with at most one decimal" }],
        [400, { error: "limit must be given once, as an integer from 1 to 100" }],
        [400, { error: "q must be given once, with at most 64 characters" }],
      ]);
    });

    it("answers OPTIONS and refused methods with Allow, and HEAD without a body", async () => {
      const ask = (method: string) =>
        new Promise<http.IncomingMessage & { body: string }>((resolve, reject) => {
          const req = http.request({ host: "127.0.0.1", port: app.port, path: "/api/health", method }, (res) => {
            let body = "";
            res.on("data", (chunk: Buffer) => (body += chunk.toString()));
            res.on("end", () => resolve(Object.assign(res, { body })));
          });
          req.on("error", reject).end();
        });
      const [options, post, head] = await Promise.all(["OPTIONS", "DELETE", "HEAD"].map(ask));
      expect([options.statusCode, options.headers.allow]).to.deep.equal([204, "GET, HEAD, OPTIONS"]);
      expect([post.statusCode, post.headers.allow]).to.deep.equal([405, "GET, HEAD, OPTIONS"]);
      expect([head.statusCode, head.body]).to.deep.equal([200, ""]);
    });

    it("refuses to start when SEARCH_ROUNDS is out of bounds", async () => {
      await app.stop();
      const outcome = await startApp("backend", { SEARCH_ROUNDS: "1e9" }).then(
        async (started) => (await started.stop(), "started"),
        (error: Error) => error.message,
      );
      expect(outcome).to.equal("backend exited with 2 before listening");
    });

    it("on SIGTERM fails readiness, finishes in-flight requests with none failed, and exits 0", async function () {
      this.timeout(10000);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
      await Promise.all([0, 1, 2, 3].map(() => get(app.port, "/api/health", agent))); // open the connections
      const slow = [0, 1, 2, 3].map(() => get(app.port, "/api/menu/search?rounds=40", agent));
      await new Promise((resolve) => setTimeout(resolve, 20));
      app.child.kill("SIGTERM");
      const responses = await Promise.all(slow);
      expect(responses.map((r) => r.status)).to.deep.equal([200, 200, 200, 200]);
      expect(
        responses.every((r) => r.headers.connection === "close" || r.headers.connection === "keep-alive"),
      ).to.equal(true);
      expect(await app.exited).to.equal(0);
      expect(app.events.map((e) => e.event)).to.deep.equal(["listening", "draining", "stopped"]);
      agent.destroy();
    });

    it("answers 503 on health once draining, and closes the connection after the response", async function () {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
      await get(app.port, "/api/health", agent);
      const slow = get(app.port, "/api/menu/search?rounds=60", agent);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const health = get(app.port, "/api/health", agent);
      app.child.kill("SIGTERM");
      const [first, second] = await Promise.all([slow, health]);
      expect(first.status).to.equal(200);
      expect(second.status).to.equal(503);
      expect(second.headers.connection).to.equal("close");
      expect(await app.exited).to.equal(0);
      agent.destroy();
    });
  });

  describe("frontend", () => {
    let app: AppProcess;
    before(async () => {
      app = await startApp("frontend");
    });
    after(() => app.stop());

    it("serves the FeastFlow page, its assets and /healthz, and 404 for the rest", async () => {
      const page = await get(app.port, "/");
      expect(page.status).to.equal(200);
      expect(page.headers["content-type"]).to.equal("text/html; charset=utf-8");
      expect(page.body).to.include("<title>FeastFlow</title>");
      expect((await get(app.port, "/styles.css")).headers["content-type"]).to.equal("text/css");
      expect((await get(app.port, "/healthz")).status).to.equal(200);
      expect((await get(app.port, "/nope")).status).to.equal(404);
    });

    it("answers a burst of malformed requests each with its status and keeps serving /healthz", async () => {
      const cases: Array<[string, string | Buffer, number]> = [
        ...malformed("/healthz"),
        ["a bad %-escape in a file name", request("/index.html%zz"), 400],
        ["POST /", request("/", { method: "POST", headers: "Host: app\r\nContent-Length: 0\r\n" }), 405],
        ["HEAD /", request("/", { method: "HEAD" }), 200],
      ];
      expect(await burst(app.port, cases)).to.deep.equal(cases.map(([name, , status]) => `${name}: ${status}`));
      expect((await get(app.port, "/healthz")).status).to.equal(200);
      expect(app.child.exitCode).to.equal(null);
    });

    /** What a menu page shows, read back from its HTML. */
    function readMenu(html: string) {
      const cents = (kind: string) => Number(new RegExp(`<tr class="${kind}" data-cents="(\\d+)">`).exec(html)?.[1]);
      return {
        dishes: html.match(/<li class="dish" /g)?.length ?? 0,
        prices: html.match(/<span class="price">\$\d+\.\d\d<\/span>/g)?.length ?? 0,
        sectionCounts: [...html.matchAll(/<h2>[^<]+ \((\d+)\)<\/h2>/g)].map((m) => Number(m[1])),
        summary: /<p class="summary">([^<]*)<\/p>/.exec(html)?.[1],
        cartLines: [...html.matchAll(/<tr class="line" data-cents="(\d+)">/g)].map((m) => Number(m[1])),
        subtotal: cents("subtotal"),
        delivery: cents("delivery"),
        tax: cents("tax"),
        total: cents("total"),
      };
    }

    it("renders the menu on the server: as many dishes as asked, each priced, in sections, with a cart that adds up", async () => {
      const res = await get(app.port, "/menu?items=12");
      expect(res.status).to.equal(200);
      expect(res.headers["content-type"]).to.equal("text/html; charset=utf-8");
      expect(res.headers["cache-control"]).to.equal("no-store");
      expect(res.body)
        .to.match(/^<!doctype html>/)
        .and.include("<title>Menu · FeastFlow</title>");
      const menu = readMenu(res.body);
      expect(menu).to.include({ dishes: 12, prices: 12 });
      expect(menu.summary).to.match(/^12 dishes from \d+ kitchens$/);
      expect(menu.sectionCounts.reduce((a, b) => a + b, 0)).to.equal(12);
      // The cart, checked by hand: 4 lines, their sum, 8.875 % tax to the cent, free delivery from $50.
      expect(menu.cartLines).to.have.length(4);
      expect(menu.subtotal).to.equal(menu.cartLines.reduce((a, b) => a + b, 0));
      expect(menu.tax).to.equal(Math.round(menu.subtotal * 0.08875));
      expect(menu.delivery).to.equal(menu.subtotal >= 5000 ? 0 : 299);
      expect(menu.total).to.equal(menu.subtotal + menu.delivery + menu.tax);
    });

    it("renders 250 dishes by default, with every name and description HTML-escaped", async () => {
      const res = await get(app.port, "/menu");
      expect(res.status).to.equal(200);
      expect(readMenu(res.body).dishes).to.equal(250);
      // The catalog's texts hold &, <, > and quotes ("Mac & Cheese", "<limited time only>"): all escaped,
      // so every < left on the page opens a tag.
      expect(res.body).to.include("Mac &amp; Cheese").and.include("&lt;limited time only&gt;");
      const text = res.body.replace(/^<!doctype html>/, "").replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/g, "");
      expect(text).not.to.match(/[<>]/);
    });

    it("renders a longer page for more items: the knob for a page's cost", async () => {
      const pages = await Promise.all(["1", "10", "100", "1000"].map((n) => get(app.port, `/menu?items=${n}`)));
      expect(pages.map((page) => readMenu(page.body).dishes)).to.deep.equal([1, 10, 100, 1000]);
      const lengths = pages.map((page) => page.body.length);
      expect(
        lengths.slice(1).every((length, i) => length > lengths[i]),
        String(lengths),
      ).to.equal(true);
      // Ten times the dishes, about ten times the page once the fixed parts no longer count.
      expect(lengths[3] / lengths[2]).to.be.within(8, 12);
    });

    it("says in one line what items allows", async () => {
      const res = await get(app.port, "/menu?items=1001");
      expect([res.status, res.headers["content-type"], res.body]).to.deep.equal([
        400,
        "text/plain",
        "items must be given once, as an integer from 1 to 1000\n",
      ]);
    });

    it("answers hostile /menu parameters each with its status and keeps serving the menu", async () => {
      const menu = (query: string) => request(`/menu?${query}`);
      const cases: Array<[string, string | Buffer, number]> = [
        ["items=abc", menu("items=abc"), 400],
        ["items=NaN", menu("items=NaN"), 400],
        ["items=-5", menu("items=-5"), 400],
        ["items=0", menu("items=0"), 400],
        ["items=1001", menu("items=1001"), 400],
        ["items=1e3", menu("items=1e3"), 400],
        ["items=5.5", menu("items=5.5"), 400],
        ["items=0x10", menu("items=0x10"), 400],
        ["items=+5 (a space once decoded)", menu("items=+5"), 400],
        ["items=", menu("items="), 400],
        ["items=99999999999999999999", menu("items=99999999999999999999"), 400],
        ["items given twice", menu("items=1&items=1000"), 400],
        ["items=%zz (a bad %-escape)", menu("items=%zz"), 400],
        ["items=%FF (not UTF-8 once decoded)", menu("items=%FF"), 400],
        ["a 2000-digit items, within the target's cap", menu(`items=${"9".repeat(2000)}`), 400],
        ["a 10000-character query, over the target's cap", menu(`items=5&pad=${"a".repeat(10000)}`), 414],
        ["a fragment", request("/menu?items=5#cart"), 400],
        ["braces in the query", request("/menu?items={5}"), 400],
        ["a target without its leading /", request("menu?items=5"), 400],
        ["HEAD /menu", request("/menu?items=5", { method: "HEAD" }), 200],
        ["items=%31%30 (10, %-escaped)", menu("items=%31%30"), 200],
        ["items=1000 with an unknown parameter", menu("items=1000&sort=price"), 200],
      ];
      expect(await burst(app.port, cases)).to.deep.equal(cases.map(([name, , status]) => `${name}: ${status}`));
      expect(readMenu((await get(app.port, "/menu?items=3")).body).dishes).to.equal(3);
      expect((await get(app.port, "/healthz")).status).to.equal(200);
      expect(app.child.exitCode).to.equal(null);
    });

    it("drains on SIGTERM and exits 0", async () => {
      app.child.kill("SIGTERM");
      expect(await app.exited).to.equal(0);
      expect(app.events.map((e) => e.event)).to.deep.equal(["listening", "draining", "stopped"]);
    });
  });
});
