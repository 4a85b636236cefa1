/**
 * Reads a scenario file (YAML, or JSON, which is YAML too) into a Scenario,
 * judged like stack config before anything is deployed or loaded: every bad
 * key and value is named with what is allowed, and all of them come back at
 * once in one UsageError (exit 2). What only the stack can answer (does its
 * config take these values?) is judged by resolve.ts.
 */
import YAML from "yaml";
import { UsageError } from "../shared/errors";
import { parseOverride } from "../shared/overrides";
import type { Amount, ConfigChange, Phase, PhaseLoad, Scenario } from "./types";

/** Bounds: a week of phases is already far beyond any HPA story; a thousand cores beyond any stack here. */
const LIMITS = {
  phases: 50,
  seconds: 7 * 86_400,
  cores: 1000,
  pods: 10_000,
  clients: 1000,
  rate: 100_000,
  description: 300,
} as const;
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PHASE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/;
const TOP_KEYS = ["name", "description", "target", "phases"];
const PHASE_KEYS = ["name", "seconds", "demand", "concurrency", "rate", "config"];
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;
const AMOUNT_HELP = 'millicores ("700m"), cores (1.5) or pods\' worth at the CPU target ("6 pods")';

/** The problems found so far, one sentence each, and the value-reading helpers that add to them. */
class Problems {
  readonly list: string[] = [];
  add(text: string): undefined {
    this.list.push(text);
    return undefined;
  }
}

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function unknownKeys(p: Problems, at: string, value: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) p.add(`${at}${key} is not a known key; allowed: ${allowed.join(", ")}`);
  }
}

/** Seconds: a whole number, or "90s", "3m", "1h". */
function seconds(p: Problems, at: string, value: unknown): number | undefined {
  const match = typeof value === "string" ? /^(\d{1,7})(s|m|h)$/.exec(value) : null;
  const unit = match ? UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : NaN;
  const n = typeof value === "number" ? value : match ? Number(match[1]) * unit : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= LIMITS.seconds) return n;
  return p.add(`${at} (${show(value)}) must be whole seconds from 1 to ${LIMITS.seconds}, such as 90, "90s" or "3m"`);
}

/** A demand amount (see AMOUNT_HELP). */
function amount(p: Problems, at: string, value: unknown): Amount | undefined {
  const fail = () => p.add(`${at} (${show(value)}) must be ${AMOUNT_HELP}, at least 0`);
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0 && value <= LIMITS.cores ? { millicores: value * 1000 } : fail();
  }
  if (typeof value !== "string") return fail();
  const text = value.trim();
  const milli = /^(\d{1,9})m$/.exec(text);
  if (milli) return Number(milli[1]) <= LIMITS.cores * 1000 ? { millicores: Number(milli[1]) } : fail();
  const cores = /^(\d{1,4}(?:\.\d{1,3})?)$/.exec(text);
  if (cores) return Number(cores[1]) <= LIMITS.cores ? { millicores: Number(cores[1]) * 1000 } : fail();
  const pods = /^(\d{1,5}(?:\.\d{1,2})?) pods?$/.exec(text);
  if (pods) return Number(pods[1]) <= LIMITS.pods ? { pods: Number(pods[1]) } : fail();
  return fail();
}

/** A phase's demand: one amount, or a ramp { from, to } with both ends. */
function demand(p: Problems, at: string, value: unknown): PhaseLoad | undefined {
  if (!isMap(value)) {
    const a = amount(p, at, value);
    return a && { kind: "demand", from: a, to: a };
  }
  unknownKeys(p, `${at}.`, value, ["from", "to"]);
  const missing = ["from", "to"].filter((end) => value[end] === undefined);
  if (missing.length > 0) {
    return p.add(`${at} is a ramp and needs both ends, from and to (missing ${missing.join(" and ")})`);
  }
  const from = amount(p, `${at}.from`, value.from);
  const to = amount(p, `${at}.to`, value.to);
  return from && to && { kind: "demand", from, to };
}

/** What loads a phase: at most one of demand, concurrency and rate; none is a quiet phase (demand 0). */
function load(p: Problems, at: string, phase: Record<string, unknown>): PhaseLoad | undefined {
  const given = ["demand", "concurrency", "rate"].filter((k) => phase[k] !== undefined);
  if (given.length > 1)
    return p.add(`${at} gives ${given.join(" and ")}; a phase takes one of demand, concurrency or rate`);
  if (phase.concurrency !== undefined) {
    const n = phase.concurrency;
    if (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= LIMITS.clients) {
      return { kind: "concurrency", clients: n as number };
    }
    return p.add(`${at}.concurrency (${show(n)}) must be a whole number of clients from 1 to ${LIMITS.clients}`);
  }
  if (phase.rate !== undefined) {
    const r = phase.rate;
    if (typeof r === "number" && Number.isFinite(r) && r >= 0 && r <= LIMITS.rate)
      return { kind: "rate", perSecond: r };
    return p.add(`${at}.rate (${show(r)}) must be requests per second from 0 to ${LIMITS.rate}`);
  }
  if (phase.demand !== undefined) return demand(p, `${at}.demand`, phase.demand);
  return { kind: "demand", from: { millicores: 0 }, to: { millicores: 0 } };
}

/**
 * A phase's config changes: stack config paths of the target's autoscaling
 * (the HPA), each a plain value. Other keys would roll the pods (resources,
 * image) or move the load's target (service), which the envelope does not model.
 */
function config(p: Problems, at: string, value: unknown, target: string): ConfigChange[] {
  if (value === undefined) return [];
  if (!isMap(value)) return p.add(`${at} (${show(value)}) must be a map of stack config paths to values`) ?? [];
  const changes: ConfigChange[] = [];
  for (const [key, raw] of Object.entries(value)) {
    if (!["string", "number", "boolean"].includes(typeof raw)) {
      p.add(`${at}.${key} (${show(raw)}) must be a plain value (a number, a word or true/false)`);
      continue;
    }
    const bare = key.replace(/^feastflow:/, "");
    if (!bare.startsWith(`${target}.autoscaling.`)) {
      p.add(
        `${at}.${key} is not the target's HPA: a scenario changes ${target}.autoscaling.* only (other keys roll the pods or move the Service, which the envelope does not model)`,
      );
      continue;
    }
    try {
      const parsed = parseOverride(`${bare}=${String(raw)}`, `${at}`);
      changes.push({ key: parsed.key, value: parsed.value });
    } catch (err) {
      p.add((err as Error).message.replace(/\.$/, ""));
    }
  }
  return changes;
}

function phase(p: Problems, i: number, value: unknown, target: string, names: Set<string>): Phase | undefined {
  const at = `phases[${i}]`;
  if (!isMap(value)) return p.add(`${at} (${show(value)}) must be a map with name, seconds and a load`);
  unknownKeys(p, `${at}.`, value, PHASE_KEYS);
  const name = value.name;
  if (typeof name !== "string" || !PHASE_NAME.test(name)) {
    p.add(
      `${at}.name (${show(name)}) must be 1 to 40 letters, digits, blanks, "_", "." or "-", starting with a letter or digit`,
    );
  } else if (names.has(name)) p.add(`${at}.name (${show(name)}) names an earlier phase too; phase names are unique`);
  else names.add(name);
  const s = seconds(p, `${at}.seconds`, value.seconds);
  const l = load(p, at, value);
  const c = config(p, `${at}.config`, value.config, target);
  return typeof name === "string" && s !== undefined && l ? { name, seconds: s, load: l, config: c } : undefined;
}

/** The scenario in `text` (YAML or JSON) from `source`; throws one UsageError naming every problem. */
export function parseScenario(text: string, source: string): Scenario {
  const p = new Problems();
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new UsageError(
      `Scenario ${source} is not valid YAML: ${(err as Error).message.split("\n")[0].replace(/[.:]?$/, ".")}`,
    );
  }
  if (!isMap(doc))
    throw new UsageError(`Scenario ${source} must be a map with name, phases and optionally target and description.`);
  unknownKeys(p, "", doc, TOP_KEYS);
  if (typeof doc.name !== "string" || !NAME.test(doc.name)) {
    p.add(`name (${show(doc.name)}) must be a lowercase DNS label such as flash-sale`);
  }
  const description = doc.description ?? "";
  if (typeof description !== "string" || description.length > LIMITS.description) {
    p.add(`description must be text of at most ${LIMITS.description} characters`);
  }
  const target = doc.target ?? "backend";
  if (target !== "backend" && target !== "frontend") p.add(`target (${show(target)}) must be backend or frontend`);
  const raw = doc.phases;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > LIMITS.phases) {
    p.add(`phases must be a list of 1 to ${LIMITS.phases} phases`);
  }
  const names = new Set<string>();
  const phases = (Array.isArray(raw) ? raw : []).map((v, i) => phase(p, i, v, String(target), names));
  if (p.list.length > 0) throw new UsageError(`Scenario ${source} is not valid: ${p.list.join("; ")}.`);
  return {
    name: doc.name as string,
    description: description as string,
    target: target as Scenario["target"],
    phases: phases as Phase[],
    source,
  };
}
