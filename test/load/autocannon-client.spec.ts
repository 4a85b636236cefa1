import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AUTOCANNON_CLIENT } from "../../automation/load/autocannon-client";

const ROOT = join(__dirname, "..", "..");

/** What autocannon's Client exposes that the spec reads; lib/httpClient.js has no types. */
type ClientClass = (new (opts: Record<string, unknown>) => { timeoutTicker: { clear(): void } }) & {
  prototype: Record<string, unknown>;
};

/**
 * The parts of autocannon the load generator relies on that can be checked
 * without a socket; the request/response cycle is checked against a stand-in
 * server in autocannon-client.integration.spec.ts. A failure here after an
 * upgrade names what autocannon-client.ts must follow.
 */
describe("autocannon as the load generator's HTTP engine", () => {
  it("is autocannon 8, whose per-connection client autocannon-client.ts was written against", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "node_modules", "autocannon", "package.json"), "utf8")) as {
      version: string;
    };
    expect(manifest.version).to.match(/^8\./);
  });

  it("has its Client where we require it, with the methods we gate and call", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Client = require(AUTOCANNON_CLIENT.module) as ClientClass;
    expect(Client).to.be.a("function");
    for (const method of AUTOCANNON_CLIENT.methods) expect(Client.prototype[method], method).to.be.a("function");
  });

  it("calls setupClient before it connects, so the gate is in place before the first request could go", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Client = require(AUTOCANNON_CLIENT.module) as ClientClass;
    const order: string[] = [];
    const client = new Client({
      hostname: "127.0.0.1",
      port: 1,
      path: "/",
      method: "GET",
      headers: {},
      timeout: 10,
      setupClient: (c: Record<string, unknown>) => {
        order.push("setupClient");
        // No socket in this spec: the connect that follows is recorded, not made.
        c._connect = () => order.push("_connect");
      },
    });
    client.timeoutTicker.clear();
    expect(order).to.deep.equal(["setupClient", "_connect"]);
  });
});
