/**
 * The run as one self-contained HTML page: the verdict on top, the chart,
 * the per-sync table, the scenario, the load and demand, the derivation and
 * the sources of uncertainty, then every sample. Nothing is fetched when the
 * page opens: Vega's browser build is inlined from node_modules and draws
 * the Vega spec that Vega-Lite compiled here, the same spec the SVG report
 * renders, so the page and the SVG cannot differ and the page keeps Vega's
 * tooltips (hover a cross for the band it left).
 */
import { readFileSync } from "node:fs";
import type { ScaleTestResult } from "../shared/results";
import { baselineTable } from "./baseline";
import { formatDemand, formatLoadSummary } from "./format";
import { checksTable, esc, measuredTable, roomTable, samplesTable, syncsTable, table } from "./html-tables";
import { OUTCOME_WORDS, verdictSentence } from "./verdict-line";

/** Vega's browser build, as npm installed it; a `</script` inside it (there is none today) could not end the element. */
function vegaScript(): string {
  return readFileSync(require.resolve("vega/build/vega.min.js"), "utf8").replace(/<\/script/gi, "<\\/script");
}

/** JSON safe inside a <script> element: no `</script>` or `<!--` can close or confuse it. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");

const STYLE = `
body { font: 14px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 24px auto; max-width: 1280px; padding: 0 16px; }
h1 { font-size: 15px; font-weight: normal; color: #555; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 3px; }
#verdict { font-size: 20px; font-weight: bold; padding: 12px 16px; border-radius: 6px; margin: 0 0 12px; }
#verdict.passed { background: #e3f3e7; color: #145a2a; border-left: 8px solid #1b7a3a; }
#verdict.failed { background: #fbe4e4; color: #8a0d16; border-left: 8px solid #d0021b; }
#verdict.inconclusive { background: #fdf1d8; color: #6b4a00; border-left: 8px solid #d99a00; }
table { border-collapse: collapse; margin: 6px 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; vertical-align: top; }
th { background: #f4f4f7; text-align: left; }
td.text { text-align: left; }
td.pass { color: #145a2a; font-weight: bold; text-align: left; }
td.fail { color: #b0101b; font-weight: bold; text-align: left; }
td.outside { background: #fbe4e4; color: #b0101b; font-weight: bold; }
pre { background: #f7f7f9; padding: 8px 10px; white-space: pre-wrap; font-size: 13px; }
#chart { margin: 8px 0; min-height: 200px; }
.note { color: #666; font-size: 13px; }
`;

/** Starts Vega on the inlined spec; a failure shows in the page and on the console. */
const BOOT = `
(function () {
  var el = document.getElementById("chart");
  try {
    var spec = JSON.parse(document.getElementById("chart-spec").textContent);
    var view = new vega.View(vega.parse(spec), { renderer: "svg", container: el, hover: true });
    view.runAsync().then(function () { el.setAttribute("data-rendered", "true"); }, function (err) {
      el.textContent = "The chart could not be drawn: " + err; console.error(err);
    });
  } catch (err) { el.textContent = "The chart could not be drawn: " + err; console.error(err); }
})();
`;

const section = (title: string, body: string): string => `<h2>${esc(title)}</h2>\n${body}`;

/** The derivation as a list; lines indented by two spaces (the envelope's sources) nest under the line before. */
function derivationList(lines: string[]): string {
  const items: Array<{ text: string; sources: string[] }> = [];
  for (const line of lines) {
    if (line.startsWith("  ") && items.length > 0) items[items.length - 1].sources.push(line.trim());
    else items.push({ text: line, sources: [] });
  }
  const li = (i: { text: string; sources: string[] }) =>
    `<li>${esc(i.text)}${i.sources.length > 0 ? `<ul>${i.sources.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>` : ""}</li>`;
  return `<ul class="derivation">${items.map(li).join("\n")}</ul>`;
}

function verdictBlock(result: ScaleTestResult): string {
  const v = result.verdict;
  const why =
    v.explanations.length > 0 ? `<p>Why:</p><ul>${v.explanations.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>` : "";
  const light = v.inconclusive.length > 0 ? `<ul>${v.inconclusive.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>` : "";
  return `${checksTable(v)}\n${why}${light}`;
}

function scenarioBlock(result: ScaleTestResult): string {
  const phases = result.phases ?? [];
  const changes = result.configChanges ?? [];
  if (phases.length === 0 && changes.length === 0) return "";
  const p = phases.map((x) => [
    `<td class="text">${esc(x.name)}</td>`,
    `<td>${x.fromSeconds}</td>`,
    `<td>${x.toSeconds}</td>`,
  ]);
  const c = changes.map((x) => [
    `<td class="text">${esc(x.key)}</td>`,
    `<td class="text">${esc(x.value)}</td>`,
    `<td>${x.appliedSeconds}</td>`,
    `<td>${x.takenSeconds ?? "never seen"}</td>`,
  ]);
  return section(
    "Scenario",
    (p.length > 0 ? table(["phase", "from (s)", "to (s)"], p) : "") +
      (c.length > 0 ? table(["config change", "value", "applied at (s)", "in the HPA at (s)"], c) : ""),
  );
}

/** The page for a run; `vegaSpec` is the compiled Vega spec of the run's chart. */
export function reportPage(result: ScaleTestResult, vegaSpec: unknown): string {
  const e = result.expectations;
  const v = result.verdict;
  const sentence = verdictSentence(v);
  const parts = [
    `<h1>FeastFlow scale test of ${esc(e.target)}: ${esc(OUTCOME_WORDS[v.outcome])}</h1>`,
    `<p id="verdict" class="${v.outcome}">${esc(sentence)}</p>`,
    verdictBlock(result),
    result.baseline ? section(`Compared with ${result.baseline.file}`, baselineTable(result.baseline)) : "",
    section("Replicas against the model's band, and the load under them", ""),
    `<p class="note">Each band is what the HPA model allows for that count around each sample (drawn ±½ replica, so a band of one value still shows); a red cross is a sample the verdict judged outside. Hover a mark for its numbers.</p>`,
    `<div id="chart" role="img" aria-label="${esc(`Chart: ${sentence}`)}"></div>`,
    `<noscript><p>The chart needs JavaScript (Vega, inlined in this file); the tables below hold the same numbers.</p></noscript>`,
    result.syncs && result.syncs.length > 0
      ? section("HPA syncs: the cluster beside the model", syncsTable(result.syncs))
      : "",
    scenarioBlock(result),
    section(
      "Load and demand",
      `<pre>${esc([formatLoadSummary(result.load), ...(result.demand ? [formatDemand(result.demand)] : [])].join("\n"))}</pre>`,
    ),
    section(`Expected for ${e.target}: how the numbers were derived`, derivationList(e.derivation)),
    section("Sources of uncertainty the envelope spans", measuredTable(result.measured)),
    result.room
      ? section(
          `Room: ${result.room.pods} pods of ${e.target} fit (${result.room.scheduled} scheduled before load)`,
          roomTable(result.room) +
            (result.room.skipped.length > 0 ? `<p>Left out: ${esc(result.room.skipped.join("; "))}</p>` : ""),
        )
      : "",
    section("Every sample", samplesTable(result.series, v.samples)),
  ];
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${esc(sentence)}</title>`,
    `<style>${STYLE}</style>`,
    "</head><body>",
    ...parts.filter((p) => p !== ""),
    `<script type="application/json" id="chart-spec">${scriptJson(vegaSpec)}</script>`,
    `<script>${vegaScript()}</script>`,
    `<script>${BOOT}</script>`,
    "</body></html>",
    "",
  ].join("\n");
}
