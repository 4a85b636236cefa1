/** Turns a Vega-Lite spec into Vega's own spec, and into SVG in Node (no browser, no canvas). */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

/** The Vega spec Vega-Lite compiles the chart to: what the SVG renders here and the HTML page draws in the browser. */
export function compileVega(spec: TopLevelSpec): vega.Spec {
  return vl.compile(spec).spec;
}

/** SVG markup for the spec; `renderer: "none"` because toSVG() needs no live renderer. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compileVega(spec)), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
