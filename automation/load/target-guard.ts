/**
 * Where the scale test may send load. From this machine: this machine only.
 * Loopback, an address of one of this host's own interfaces (a local
 * cluster's node address), or an address the caller vouches for (the
 * cluster's Service address reached through this host's kube-proxy). From
 * inside the cluster: the stack's own Service by its cluster name,
 * `<service>.<namespace>.svc` (or with `.cluster.local`). Anything else is
 * refused, so a typo cannot point a load generator at somebody else's server.
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

function parse(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`The load target "${url}" is not a valid URL; pass e.g. --url http://127.0.0.1:30500.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error(`The load target "${url}" must use http or https.`);
  }
  return parsed;
}

/**
 * Throws unless `url` targets this machine. `extraAllowed` lists further
 * addresses the caller knows are local (e.g. a Service's cluster IP).
 */
export function assertLocalTarget(url: string, extraAllowed: string[] = [], local: string[] = localAddresses()): URL {
  const parsed = parse(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (!isLoopback(host) && !local.includes(host) && !extraAllowed.includes(host)) {
    throw new Error(
      `Refusing to send load to ${parsed.host}: the scale test only targets this machine (localhost, 127.0.0.1 or one of its own addresses).`,
    );
  }
  return parsed;
}

/** A Service's name inside the cluster, whatever the cluster's domain: `<service>.<namespace>.svc`. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc`;
}

/**
 * Throws unless `url` names the given Service from inside the cluster:
 * `<service>.<namespace>.svc` or `<service>.<namespace>.svc.cluster.local`,
 * on the Service's port when one is given.
 */
export function assertServiceTarget(url: string, service: { name: string; namespace: string; port?: number }): URL {
  const parsed = parse(url);
  const own = serviceHost(service.name, service.namespace);
  const host = parsed.hostname.toLowerCase();
  if (host !== own && host !== `${own}.cluster.local`) {
    throw new Error(
      `Refusing to send load from inside the cluster to ${parsed.host}: only the stack's own Service ${own} may be targeted.`,
    );
  }
  const port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  if (service.port !== undefined && port !== service.port) {
    throw new Error(`Refusing to send load to ${parsed.host}: the Service ${own} serves port ${service.port}.`);
  }
  return parsed;
}
