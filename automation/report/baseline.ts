/**
 * The comparison with a previous run (--baseline), for people: each figure
 * beside the previous one with the change, the tolerance and how it was
 * judged, as text and as an HTML table. Pure.
 */
import Table from "cli-table3";
import type { BaselineComparison, FigureComparison } from "../shared/results";
import { changeText, figureText, toleranceText } from "../shared/text";
import { esc, table } from "./html-tables";

const COLUMNS = ["figure", "previous", "this run", "change", "tolerance", "judged"];

const JUDGED = { within: "within", worse: "WORSE", "not judged": "not judged" } as const;

/** One figure's cells, in the columns' order, as text. */
function cells(f: FigureComparison): string[] {
  const judged = `${JUDGED[f.outcome]}${f.note ? ` (${f.note})` : ""}`;
  const tolerance = f.tolerance === null ? "—" : toleranceText(f.tolerance);
  return [
    f.label,
    figureText(f.previous, f.unit),
    figureText(f.current, f.unit),
    changeText(f.change),
    tolerance,
    judged,
  ];
}

/** The comparison as a table under a line naming the previous run, then its one sentence. */
export function formatBaseline(b: BaselineComparison): string {
  const t = new Table({
    head: COLUMNS,
    colAligns: ["left", "right", "right", "right", "right", "left"],
    style: { head: [], border: [] }, // no ANSI colours: the table may go to a file or a pipe
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const f of b.figures) t.push(cells(f));
  const same = `${b.compared.length} properties of the setup compared, all the same`;
  return [`Compared with ${b.file} (${same}):`, t.toString(), b.message].join("\n");
}

/** The comparison as an HTML table, a worse figure marked as the samples table marks one outside its band. */
export function baselineTable(b: BaselineComparison): string {
  const rows = b.figures.map((f) => {
    const c = cells(f);
    const cls = f.outcome === "worse" ? "fail" : f.outcome === "within" ? "pass" : "text";
    return [
      `<td class="text">${esc(c[0])}</td>`,
      ...c.slice(1, 5).map((x) => `<td>${esc(x)}</td>`),
      `<td class="${cls}">${esc(c[5])}</td>`,
    ];
  });
  return `<p>${esc(b.message)}</p>\n${table(COLUMNS, rows, "baseline")}\n<p class="note">Runs of one config: the same ${esc(b.compared.join(", "))}.</p>`;
}
