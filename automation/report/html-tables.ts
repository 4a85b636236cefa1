/**
 * The report's tables as HTML: the checks, the per-sync explanations, the
 * samples with the band each was judged against, the cluster timing the
 * envelope used, and the room. Pure; every value is escaped.
 */
import { declaredCell } from "./format-syncs";
import type { Room, Sample, SampleJudgement, ScaleTestResult, SyncExplanation, Verdict } from "../shared/results";
import { formatPhases, sampleColumns } from "./format";

/** Escapes text for HTML content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const dash = (v: number | null | undefined, digits = 0): string =>
  v === null || v === undefined ? "–" : v.toFixed(digits);

const span = (lo: number, hi: number): string => (lo === hi ? `${lo}` : `${lo}–${hi}`);

/** A table from a header row and body rows of ready-made cells (already escaped HTML). */
export function table(head: string[], rows: string[][], cls = ""): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.join("")}</tr>`).join("\n");
  return `<table${cls ? ` class="${cls}"` : ""}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const td = (text: string | number, cls = ""): string => `<td${cls ? ` class="${cls}"` : ""}>${esc(text)}</td>`;

/** PASS / FAIL / TOO LIGHT per check, with its sentence. */
export function checksTable(v: Verdict): string {
  return table(
    ["", "check", "what was seen"],
    v.checks.map((c) => {
      const word = c.passed ? "PASS" : c.name === "demand" ? "TOO LIGHT" : "FAIL";
      return [td(word, c.passed ? "pass" : "fail"), td(c.name), td(c.message, "text")];
    }),
    "checks",
  );
}

/** One row per sample: the observed counts beside the band each was judged against, ✗ where the verdict found it outside. */
export function samplesTable(series: Sample[], judged?: SampleJudgement[]): string {
  const banded = judged !== undefined;
  const head = sampleColumns(banded, true);
  const rows = series.map((s, i) => {
    const j = judged?.[i]?.t === s.t ? judged[i] : undefined;
    const bandCell = (count: "ready" | "desired"): string => {
      if (!j?.band) return td("–");
      const text =
        count === "ready" ? span(j.band.minReady, j.band.maxReady) : span(j.band.minDesired, j.band.maxDesired);
      const out = j.outside?.count === count ? j.outside : undefined;
      return out ? `<td class="outside">${esc(text)} ✗ ${esc(out.side)}</td>` : td(text);
    };
    const outCls = (count: "ready" | "desired") => (j?.outside?.count === count ? "outside" : "");
    return [
      td(s.t.toFixed(0)),
      td(dash(s.cpuUtilization)),
      td(dash(s.desiredReplicas), outCls("desired")),
      ...(banded ? [bandCell("desired")] : []),
      td(dash(s.currentReplicas)),
      td(s.readyReplicas, outCls("ready")),
      ...(banded ? [bandCell("ready")] : []),
      td(dash(s.podCpuMillicores)),
      td(s.reqPerSec.toFixed(0)),
      td(dash(s.p99Ms)),
      td(s.errors),
      td(formatPhases(s.podPhases), "text"),
    ];
  });
  return table(head, rows, "samples");
}

/**
 * The cluster's side of each HPA sync beside the model's: whether its desired count lay inside the band,
 * and whether it was the count the declared config asks for from the same reading (a count can be
 * inside the band and still not the declared one: the band spans what the cluster leaves open).
 */
export function syncsTable(syncs: SyncExplanation[]): string {
  const conditions = (c: SyncExplanation["cluster"]["conditions"]) =>
    c.map((x) => `${x.type}=${x.status} (${x.reason})`).join("; ");
  return table(
    [
      "t (s)",
      "desired",
      "current",
      "CPU %",
      "bound by",
      "conditions",
      "events",
      "model: desired",
      "model said",
      "declared config would ask",
      "inside the band",
      "same as declared",
      "note",
    ],
    syncs.map((s) => [
      td(s.t.toFixed(0)),
      td(dash(s.cluster.desiredReplicas)),
      td(dash(s.cluster.currentReplicas)),
      td(dash(s.cluster.cpuUtilization)),
      td(s.cluster.why || "—", "text"),
      td(conditions(s.cluster.conditions), "text"),
      td(s.cluster.events.join("; "), "text"),
      td(span(s.model.desiredLow, s.model.desiredHigh)),
      td(s.model.said, "text"),
      td(declaredCell(s) || "—", "text"),
      td(s.agrees ? "yes" : "NO", s.agrees ? "pass" : "fail"),
      sameAsDeclared(s),
      td([s.note, s.replay?.differs].filter((x) => x !== undefined).join("; "), "text"),
    ]),
    "syncs",
  );
}

/** "yes", "NO" (the replay asked another count from the same reading) or a dash where nothing was replayed. */
function sameAsDeclared(s: SyncExplanation): string {
  if (s.replay?.desired === null || s.replay?.desired === undefined) return td("—");
  return s.replay.differs === undefined ? td("yes", "pass") : td("NO", "fail");
}

/** The cluster timing the envelope used: what was measured, and what spans its whole default range instead. */
export function measuredTable(m: ScaleTestResult["measured"]): string {
  // A tenth of a second: the observer polls every second, so finer digits are noise.
  const tenth = (v: number) => String(Math.round(v * 10) / 10);
  const s = (v: number | undefined) => (v === undefined ? "not measured: the whole default range" : `${tenth(v)} s`);
  const r = (v: { min: number; max: number } | undefined) =>
    v === undefined ? "not measured: the whole default range" : `${tenth(v.min)}–${tenth(v.max)} s`;
  return table(
    ["source of uncertainty", "as measured in this run"],
    [
      [td("metrics-server scrape phase"), td(s(m?.scrapePhaseSeconds), "text")],
      [td("HPA sync phase"), td(s(m?.syncPhaseSeconds), "text")],
      [td("metric lag (sample to API)"), td(r(m?.metricLagSeconds), "text")],
      [td("pod start to Ready"), td(r(m?.podReadySeconds), "text")],
      [
        td("resize (rescale to the pods created or deleted)"),
        td(
          m?.resizeSeconds === undefined
            ? "none seen done: Ready judged at its own time"
            : `up to ${tenth(m.resizeSeconds.max)} s over ${m.resizeSeconds.count}`,
          "text",
        ),
      ],
      [
        td("spread of a request's CPU cost"),
        td(m?.demandSpread === undefined ? "not measured" : `±${Math.round(m.demandSpread * 100)} %`, "text"),
      ],
    ],
    "measured",
  );
}

/** Where the target's pods can run: per node, and what was left out. */
export function roomTable(room: Room): string {
  const rows = room.nodes.map((n) => [
    td(n.name),
    td(n.freeCpuMillicores),
    td(`${Math.round(n.freeMemoryBytes / 2 ** 20)} Mi`),
    td(n.freePods),
    td(n.fits),
  ]);
  return table(["node", "free CPU (m)", "free memory", "free pod slots", "further pods fit"], rows, "room");
}
