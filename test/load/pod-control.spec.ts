import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { controlReader, inClusterSource } from "../../automation/load/pod-control";

/** A stand-in apiserver: answers the one ConfigMap path with `reply`, recording what it was asked. */
async function apiserver(reply: (req: http.IncomingMessage) => { status: number; body: unknown }) {
  const seen: Array<{ path?: string; auth?: string }> = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url, auth: req.headers.authorization });
    const { status, body } = reply(req);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { seen, baseUrl: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

describe("load pod control", () => {
  it("gets its ConfigMap with its current token and reads the control from it", async () => {
    const api = await apiserver(() => ({
      status: 200,
      body: { data: { rate: "42", startAt: "1700000000000", stop: "false", heartbeat: "3" } },
    }));
    let token = "first";
    const read = controlReader({
      baseUrl: api.baseUrl,
      namespace: "feastflow",
      name: "run-control",
      token: () => token,
    });
    expect(await read()).to.deep.equal({ rate: 42, startAt: 1_700_000_000_000, stop: false, heartbeat: 3 });
    token = "rotated";
    await read();
    expect(api.seen).to.deep.equal([
      { path: "/api/v1/namespaces/feastflow/configmaps/run-control", auth: "Bearer first" },
      { path: "/api/v1/namespaces/feastflow/configmaps/run-control", auth: "Bearer rotated" },
    ]);
    await api.close();
  });

  it("says gone on 404 and fails with the apiserver's reason otherwise", async () => {
    let status = 404;
    const api = await apiserver(() => ({ status, body: { kind: "Status", message: "configmaps is forbidden" } }));
    const read = controlReader({ baseUrl: api.baseUrl, namespace: "ns", name: "c", token: () => "t" });
    expect(await read()).to.equal("gone");
    status = 403;
    let error: Error | undefined;
    await read().catch((err: Error) => (error = err));
    expect(error?.message).to.equal("HTTP 403: configmaps is forbidden");
    await api.close();
  });

  it("finds the apiserver, token and CA the way every pod has them", () => {
    const dir = mkdtempSync(join(tmpdir(), "sa-"));
    writeFileSync(join(dir, "token"), "abc\n");
    writeFileSync(join(dir, "ca.crt"), "CA");
    const source = inClusterSource(
      { KUBERNETES_SERVICE_HOST: "10.215.0.1", KUBERNETES_SERVICE_PORT: "443" },
      "ns",
      "c",
      dir,
    );
    expect([source.baseUrl, source.token(), source.ca]).to.deep.equal(["https://10.215.0.1:443", "abc", "CA"]);
    expect(inClusterSource({ KUBERNETES_SERVICE_HOST: "fd00::1" }, "ns", "c", dir).baseUrl).to.equal(
      "https://[fd00::1]:443",
    );
    expect(() => inClusterSource({}, "ns", "c", dir)).to.throw("KUBERNETES_SERVICE_HOST is not set");
  });
});
