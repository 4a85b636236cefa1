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

    it("drains on SIGTERM and exits 0", async () => {
      app.child.kill("SIGTERM");
      expect(await app.exited).to.equal(0);
      expect(app.events.map((e) => e.event)).to.deep.equal(["listening", "draining", "stopped"]);
    });
  });
});
