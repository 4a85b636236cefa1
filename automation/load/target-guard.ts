/**
 * Where the scale test may send load: this machine only. Loopback, an address
 * of one of this host's own interfaces (a local cluster's node address), or an
 * address the caller vouches for (the cluster's Service address reached through
 * this host's kube-proxy). Anything else is refused, so a typo in --url cannot
 * point a load generator at somebody else's server.
 */
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";

/** Addresses of this host's network interfaces. */
export function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((info) => info.address);
}

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  return bare === "localhost" || bare === "::1" || (isIP(bare) === 4 && bare.startsWith("127."));
}

/**
 * Throws unless `url` targets this machine. `extraAllowed` lists further
 * addresses the caller knows are local (e.g. a Service's cluster IP).
 */
export function assertLocalTarget(url: string, extraAllowed: string[] = [], local: string[] = localAddresses()): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`The load target "${url}" is not a valid URL; pass e.g. --url http://127.0.0.1:30500.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`The load target "${url}" must use http or https.`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (!isLoopback(host) && !local.includes(host) && !extraAllowed.includes(host)) {
    throw new Error(
      `Refusing to send load to ${parsed.host}: the scale test only targets this machine (localhost, 127.0.0.1 or one of its own addresses).`,
    );
  }
  return parsed;
}
