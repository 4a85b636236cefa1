import { expect } from "chai";
import http from "node:http";
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

    it("drains on SIGTERM and exits 0", async () => {
      app.child.kill("SIGTERM");
      expect(await app.exited).to.equal(0);
      expect(app.events.map((e) => e.event)).to.deep.equal(["listening", "draining", "stopped"]);
    });
  });
});
