/**
 * autocannon as the HTTP engine, one connection at a time: everything the
 * load generator touches of autocannon's internals is in this file. We use
 * its per-connection client (autocannon 8, lib/httpClient.js: a keep-alive
 * socket with its own HTTP parser and request timeout) and leave its
 * scheduler out: that one sends the next request as soon as a response
 * arrives (a closed loop), paced only in whole requests per second per
 * connection. What we rely on, checked by test/load/autocannon-client*.spec.ts:
 *
 * - `new Client(opts)` connects at once and calls `opts.setupClient(client)`
 *   before it does (autocannon's own `setupClient` hook);
 * - `client._doRequest()` is the one place a request is written: on each
 *   connect (once per pipelined slot) and after each response. The hook
 *   replaces it on the instance with a gate that writes only when send()
 *   asked, so the client sends exactly the requests we schedule;
 * - `client._connect()` opens the socket, `client.conn`; when the server
 *   ends it the client quietly connects again, and a request out on it
 *   would be lost until the timeout. The hook wraps _connect to see that
 *   'end' and report the request as failed at once;
 * - events: 'headers' (the parser's info, with `shouldKeepAlive` false for
 *   `Connection: close`) before each 'response',
 *   'response' (statusCode, bytes, ms) once per answered request,
 *   'connError' (error) when the socket fails, after which the client would
 *   reconnect by itself unless destroyed, and 'timeout' when no response
 *   came within `timeout` seconds of the last request written (also on an
 *   idle socket: the timer runs from the last write);
 * - `client.destroy()` closes the socket and stops the client's timer.
 *
 * autocannon is required when the first connection opens, not on import:
 * the CLIs import the load package to parse their options.
 */

/** The fields of autocannon's Client we use (lib/httpClient.js has no types). */
interface AutocannonClient {
  _doRequest(): void;
  _connect(): void;
  conn: { on(event: "end", listener: () => void): unknown };
  destroy(): void;
  on(event: "headers", listener: (info: { shouldKeepAlive?: boolean }) => void): this;
  on(event: "response", listener: (statusCode: number, bytes: number, ms: number) => void): this;
  on(event: "connError", listener: (error: Error) => void): this;
  on(event: "timeout", listener: () => void): this;
}

/** The options of autocannon's Client we pass (it takes what its run.js builds from url.parse). */
interface ClientOptions {
  protocol: string;
  hostname: string;
  port: number;
  path: string;
  method: "GET";
  headers: Record<string, string>;
  /** Seconds. */
  timeout: number;
  setupClient: (client: AutocannonClient) => void;
}

type ClientClass = new (options: ClientOptions) => AutocannonClient;

/** The module and the methods we rely on, for the spec that watches autocannon upgrades. */
export const AUTOCANNON_CLIENT = {
  module: "autocannon/lib/httpClient",
  methods: ["_doRequest", "_connect", "destroy"],
} as const;

let clientClass: ClientClass | undefined;

/** autocannon's Client, required on first use. */
function loadClient(): ClientClass {
  // A plain require, so importing this file costs nothing; the module has no types of its own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  clientClass ??= require(AUTOCANNON_CLIENT.module) as ClientClass;
  return clientClass;
}

/** Where the requests go: GET `path` at `url`'s host. */
export interface ConnectionTarget {
  url: URL;
  /** A request not answered within this many seconds times out. */
  timeoutSeconds: number;
}

/** What a connection reports; after `failed` it is closed and reports nothing more. */
export interface ConnectionEvents {
  /** The request sent was answered; `keepAlive` false when the server will close the connection (`Connection: close`). */
  answered(statusCode: number, keepAlive: boolean): void;
  /** The request sent failed: `timeout` when no answer came in time, else the socket's error. */
  failed(reason: "error" | "timeout", error?: Error): void;
  /** The connection timed out or failed with no request out: it closed, nothing was lost. */
  closedIdle(): void;
}

/** One keep-alive HTTP/1.1 connection that sends one request at a time, when told. */
export interface HttpConnection {
  /** Writes the next request; the connection must have none out. It connects on its first. */
  send(): void;
  /** Closes the connection; a request out is abandoned and reported nowhere. Safe to call twice. */
  close(): void;
}

/** Opens a connection to the target through autocannon's Client (see the file comment). */
export function openConnection(target: ConnectionTarget, events: ConnectionEvents): HttpConnection {
  const Client = loadClient();
  const { url } = target;
  let permits = 0;
  let outstanding = false;
  let closed = false;
  let keepAlive = true;
  const client = new Client({
    protocol: url.protocol,
    // URL keeps an IPv6 host in brackets; a socket wants it bare.
    hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: Number(url.port) || (url.protocol === "https:" ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: "GET",
    headers: {},
    timeout: target.timeoutSeconds,
    setupClient: (c) => {
      const write = c._doRequest;
      c._doRequest = function gated(this: AutocannonClient) {
        if (permits === 0) return;
        permits--;
        write.call(this);
      };
      const connect = c._connect;
      c._connect = function watched(this: AutocannonClient) {
        connect.call(this);
        this.conn.on("end", () => fail("error", new Error("the server closed the connection")));
      };
    },
  });
  const close = () => {
    if (closed) return;
    closed = true;
    client.destroy();
  };
  client.on("headers", (info) => (keepAlive = info.shouldKeepAlive !== false));
  client.on("response", (statusCode) => {
    if (closed || !outstanding) return;
    outstanding = false;
    events.answered(statusCode, keepAlive);
  });
  const fail = (reason: "error" | "timeout", error?: Error) => {
    if (closed) return;
    const lost = outstanding;
    outstanding = false;
    // Closed here, inside the event, so the client does not reconnect by itself.
    close();
    if (lost) events.failed(reason, error);
    else events.closedIdle();
  };
  client.on("connError", (error) => fail("error", error));
  client.on("timeout", () => fail("timeout"));
  return {
    send: () => {
      if (closed || outstanding) throw new Error("a connection sends one request at a time");
      outstanding = true;
      permits = 1;
      client._doRequest();
    },
    close,
  };
}
