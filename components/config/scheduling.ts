/**
 * Where a workload's pods may run: a nodeSelector and tolerations, checked as
 * the API server would (label grammar, operators, effects) so a mistake fails
 * the preview, naming the key, rather than the Deployment at apply time.
 */
import { Checker, isObject, show } from "./checker";
import { SchedulingConfig, TAINT_EFFECTS, TOLERATION_OPERATORS, Toleration } from "./types";

/** A label name (the part after an optional prefix, or a whole value): ≤ 63, alphanumeric at both ends. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A DNS-1123 subdomain, as a label key's prefix: ≤ 253. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PREFIX_MAX = 253;
/** Far beyond any real pod's; it keeps a runaway list from becoming a runaway message. */
const MAX_ENTRIES = 64;

const LABEL_KEY_RULE =
  "a label key: [prefix/]name, name up to 63 letters, digits, '-', '_', '.' (alphanumeric at both ends), prefix a DNS subdomain";
const LABEL_VALUE_RULE = "a label value: empty, or up to 63 letters, digits, '-', '_', '.' (alphanumeric at both ends)";

export function isLabelKey(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= PREFIX_MAX && DNS_SUBDOMAIN.test(prefix) && LABEL_NAME.test(key.slice(slash + 1));
}

export function isLabelValue(value: string): boolean {
  return value === "" || LABEL_NAME.test(value);
}

function checkNodeSelector(c: Checker, key: string, selector: Record<string, unknown>): void {
  const entries = Object.entries(selector);
  if (entries.length > MAX_ENTRIES) {
    c.problems.push(`${key} (${entries.length} labels) must hold at most ${MAX_ENTRIES}`);
    return;
  }
  for (const [label, value] of entries) {
    if (!isLabelKey(label)) c.problems.push(`${key} key ${show(label)} must be ${LABEL_KEY_RULE}`);
    c.text(`${key}.${label}`, value, isLabelValue, LABEL_VALUE_RULE);
  }
}

function checkToleration(c: Checker, at: string, t: Toleration): void {
  const operator = t.operator ?? "Equal";
  if (t.operator !== undefined) c.oneOf(`${at}.operator`, t.operator, TOLERATION_OPERATORS);
  if (t.key === undefined || t.key === "") {
    // An empty key matches every taint, which only "Exists" can say.
    if (operator !== "Exists")
      c.fail(`${at}.key`, t.key ?? "", 'may be empty only with operator "Exists" (tolerate every taint)');
  } else {
    c.text(`${at}.key`, t.key, isLabelKey, LABEL_KEY_RULE);
  }
  if (t.value !== undefined) {
    if (operator === "Exists" && t.value !== "") c.fail(`${at}.value`, t.value, 'must be empty with operator "Exists"');
    else c.text(`${at}.value`, t.value, isLabelValue, LABEL_VALUE_RULE);
  }
  if (t.effect !== undefined) c.oneOf(`${at}.effect`, t.effect, TAINT_EFFECTS);
  if (t.tolerationSeconds !== undefined) {
    c.integer(`${at}.tolerationSeconds`, t.tolerationSeconds, 0);
    if (t.effect !== "NoExecute") c.fail(`${at}.tolerationSeconds`, t.tolerationSeconds, 'needs effect "NoExecute"');
  }
}

export function checkScheduling(c: Checker, key: string, s: SchedulingConfig): void {
  const at = `${key}.scheduling`;
  checkNodeSelector(c, `${at}.nodeSelector`, s.nodeSelector);
  if (s.tolerations.length > MAX_ENTRIES) {
    c.problems.push(`${at}.tolerations (${s.tolerations.length} tolerations) must hold at most ${MAX_ENTRIES}`);
    return;
  }
  s.tolerations.forEach((t, i) => {
    const item = `${at}.tolerations[${i}]`;
    if (!isObject(t)) return c.fail(item, t, "must be an object { key, operator, value, effect, tolerationSeconds }");
    checkToleration(c, item, t);
  });
}
