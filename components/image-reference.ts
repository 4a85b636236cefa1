/**
 * Container image references, checked against the reference grammar of the
 * OCI distribution spec as Docker and containerd parse it
 * (github.com/distribution/reference, reference.go):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ host [ ":" port ] "/" ] component ( "/" component )*
 *   host      := DNS labels joined by "." (letters, digits, "-"), or an [IPv6] literal
 *   component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag       := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
 *   digest    := "sha256:" 64 lowercase hex digits | "sha512:" 128 lowercase hex digits
 *
 * The name is at most 255 characters. Its first part is a registry host only
 * when it looks like one (a ".", a ":", an uppercase letter, or "localhost"),
 * so `feastflow/backend` is a Docker Hub path, not a host named feastflow.
 */

const NAME_MAX = 255;
/** Name, ":" + tag and "@" + the longest digest: anything longer is not a reference. */
const REFERENCE_MAX = NAME_MAX + 1 + 128 + 1 + "sha512:".length + 128;

const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^(?:sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;

/** True when `text` is a well-formed image reference, e.g. `ghcr.io/feastflow/backend:1.0.0`. */
export function isImageReference(text: string): boolean {
  // Bounded first: the grammar's regexes then run on short strings only.
  if (text.length > REFERENCE_MAX) return false;
  const at = text.indexOf("@");
  if (at >= 0 && !DIGEST.test(text.slice(at + 1))) return false;
  const named = at >= 0 ? text.slice(0, at) : text;
  // A ":" after the last "/" starts the tag; one before it belongs to a host's port.
  const colon = named.lastIndexOf(":");
  const tagged = colon > named.lastIndexOf("/");
  if (tagged && !TAG.test(named.slice(colon + 1))) return false;
  const name = tagged ? named.slice(0, colon) : named;
  return name.length <= NAME_MAX && isName(name);
}

function isName(name: string): boolean {
  const slash = name.indexOf("/");
  const first = slash > 0 ? name.slice(0, slash) : "";
  const hasHost = /[.:A-Z]/.test(first) || first === "localhost";
  if (!hasHost) return PATH.test(name);
  return HOST.test(first) && PATH.test(name.slice(slash + 1));
}
