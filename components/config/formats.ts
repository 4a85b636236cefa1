/**
 * The config values that are strings with a grammar: the namespace, image
 * references, health paths and metrics-server's resolution. Each check says in
 * its message what the value may be.
 */
import { Checker } from "./checker";
import { isImageReference } from "../image-reference";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/**
 * The stack creates, labels ("restricted" Pod Security) and on destroy deletes
 * its namespace. Kubernetes' own namespaces must never be that one, and `kube-`
 * is reserved for them (kubernetes.io "Namespaces": avoid the kube- prefix).
 */
const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export function checkNamespace(c: Checker, key: string, value: unknown): void {
  if (typeof value === "string" && (SYSTEM_NAMESPACES.includes(value) || value.startsWith("kube-"))) {
    c.fail(key, value, "is a Kubernetes system namespace; use one of FeastFlow's own (not default or kube-*)");
  } else {
    c.text(key, value, (name) => DNS_LABEL.test(name), "a DNS-1123 label (lowercase letters, digits, '-')");
  }
}

export function checkImage(c: Checker, key: string, value: unknown): void {
  c.text(
    key,
    value,
    isImageReference,
    "an image reference [host[:port]/]name[:tag][@sha256:<64 hex>] with a lowercase name",
  );
}

const HEALTH_PATH_MAX = 256;
/**
 * An origin-form path as the kubelet's probe sends it: one leading "/" (a
 * leading "//" would read as a host), RFC 3986 path and query characters,
 * complete %XX escapes; no scheme, spaces, control characters or fragment.
 */
const HEALTH_PATH = /^\/(?!\/)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

export function checkHealthPath(c: Checker, key: string, value: unknown): void {
  c.text(
    key,
    value,
    (path) => path.length <= HEALTH_PATH_MAX && HEALTH_PATH.test(path),
    `an HTTP path starting with a single "/" (RFC 3986 characters, %XX escapes, at most ${HEALTH_PATH_MAX} characters)`,
  );
}

/**
 * metrics-server's --metric-resolution, in whole seconds: it refuses less than
 * 10s, and beyond an hour the HPA would act on hour-old usage. Go would also
 * take "1m"; one form keeps the config and its readers (metricResolutionSeconds) simple.
 */
const RESOLUTION = { min: 10, max: 3600 };

/** A validated metricResolution in seconds ("15s" → 15). */
export function metricResolutionSeconds(text: string): number {
  return Number(/^(\d+)s$/.exec(text)?.[1] ?? NaN);
}

export function checkMetricResolution(c: Checker, key: string, value: unknown): void {
  const n = typeof value === "string" ? metricResolutionSeconds(value) : NaN;
  if (!(n >= RESOLUTION.min && n <= RESOLUTION.max)) {
    c.fail(
      key,
      value,
      `must be whole seconds from ${RESOLUTION.min}s to ${RESOLUTION.max}s, e.g. "15s" (write "60s", not "1m")`,
    );
  }
}
