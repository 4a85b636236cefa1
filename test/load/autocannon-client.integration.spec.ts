import { expect } from "chai";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type ConnectionEvents, type HttpConnection, openConnection } from "../../automation/load/autocannon-client";
import { sleep, until } from "../../automation/shared/sleep";

/**
 * The request/response cycle of autocannon's Client as autocannon-client.ts
 * relies on it, against a stand-in server on loopback: a request only when
 * asked, one answer per request, the socket's failures and timeouts, and no
 * reconnect of its own. An autocannon upgrade that changes any of it fails
 * here, not in a scale test.
 */
describe("autocannon's client, one request at a time (against a stand-in server)", () => {
  let server: http.Server;
  let url: URL;
  /** Requests received per server-side socket, in order of connection, and the sockets closed since. */
  let perSocket: number[];
  let closedSockets: number;
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  let conn: HttpConnection | undefined;
  let events: Array<[string, ...unknown[]]>;
  const recorder: ConnectionEvents = {
    answered: (status, keepAlive) => events.push(["answered", status, keepAlive]),
    failed: (reason) => events.push(["failed", reason]),
    closedIdle: () => events.push(["closedIdle"]),
  };
  const eventually = (count: number) => until(() => events.length >= count, 5000, 5);

  beforeEach(async () => {
    perSocket = [];
    closedSockets = 0;
    events = [];
    handle = (_req, res) => res.end("ok");
    server = http.createServer((req, res) => {
      perSocket[(req.socket as Socket & { index: number }).index]++;
      handle(req, res);
    });
    server.on("connection", (socket: Socket & { index: number }) => {
      socket.index = perSocket.push(0) - 1;
      socket.on("close", () => closedSockets++);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/menu?q=1`);
  });
  afterEach(() => {
    conn?.close();
    conn = undefined;
    server.closeAllConnections();
    server.close();
  });

  it("writes exactly the requests asked for: none when it connects, none of its own after an answer", async () => {
    conn = openConnection({ url, timeoutSeconds: 5 }, recorder);
    conn.send();
    await eventually(1);
    conn.send();
    await eventually(2);
    // Closed on a later turn, and counted once the server saw the close: a request autocannon wrote by
    // itself, at the connect or after an answer, went out before it and would be counted.
    await sleep(20);
    conn.close();
    await until(() => closedSockets === 1, 5000, 5);
    expect(events).to.deep.equal([
      ["answered", 200, true],
      ["answered", 200, true],
    ]);
    expect(perSocket).to.deep.equal([2], "two requests on one connection");
  });

  it("passes the path and query, and each answer's status", async () => {
    const seen: string[] = [];
    handle = (req, res) => {
      seen.push(req.url ?? "");
      res.statusCode = 503;
      res.end();
    };
    conn = openConnection({ url, timeoutSeconds: 5 }, recorder);
    conn.send();
    await eventually(1);
    expect(seen).to.deep.equal(["/api/menu?q=1"]);
    expect(events).to.deep.equal([["answered", 503, true]]);
  });

  it("says when the server will close the connection after an answer (Connection: close)", async () => {
    handle = (_req, res) => {
      res.setHeader("connection", "close");
      res.end("bye");
    };
    conn = openConnection({ url, timeoutSeconds: 5 }, recorder);
    conn.send();
    await eventually(1);
    expect(events[0]).to.deep.equal(["answered", 200, false]);
  });

  it("reports a reset socket as a failed request, once, and does not reconnect by itself", async () => {
    handle = (req) => req.socket.resetAndDestroy();
    conn = openConnection({ url, timeoutSeconds: 5 }, recorder);
    conn.send();
    await eventually(1);
    await sleep(100);
    expect(events).to.deep.equal([["failed", "error"]]);
    expect(perSocket).to.have.length(1, "autocannon's own reconnect would have opened a second connection");
  });

  it("reports a request out when the server ends the connection as failed at once, not after the timeout", async () => {
    handle = (req) => req.socket.end();
    // Waiting at most 5 s for a report: autocannon alone would reconnect quietly and the request time out at 30 s.
    conn = openConnection({ url, timeoutSeconds: 30 }, recorder);
    conn.send();
    await eventually(1);
    expect(events).to.deep.equal([["failed", "error"]]);
  });

  it("reports a request unanswered within the timeout as timed out", async () => {
    handle = () => undefined;
    conn = openConnection({ url, timeoutSeconds: 0.3 }, recorder);
    conn.send();
    await eventually(1);
    expect(events).to.deep.equal([["failed", "timeout"]]);
  });

  it("reports an idle connection the server closed as closed, with no request lost", async () => {
    conn = openConnection({ url, timeoutSeconds: 5 }, recorder);
    conn.send();
    await eventually(1);
    server.closeAllConnections();
    await eventually(2);
    expect(events).to.deep.equal([["answered", 200, true], ["closedIdle"]]);
  });

  it("reports a refused connection as a failed request", async () => {
    const refused = new URL(url.href);
    server.close();
    conn = openConnection({ url: refused, timeoutSeconds: 5 }, recorder);
    conn.send();
    await eventually(1);
    expect(events).to.deep.equal([["failed", "error"]]);
  });

  it("reports nothing once closed, though a request was out", async () => {
    handle = (_req, res) => setTimeout(() => res.end("late"), 100);
    conn = openConnection({ url, timeoutSeconds: 5 }, recorder);
    conn.send();
    await until(() => perSocket[0] === 1, 2000, 5);
    conn.close();
    await sleep(300);
    expect(events).to.deep.equal([]);
  });

  it("refuses a second request while one is out", () => {
    handle = () => undefined;
    conn = openConnection({ url, timeoutSeconds: 5 }, recorder);
    conn.send();
    expect(() => conn?.send()).to.throw("one request at a time");
  });
});
