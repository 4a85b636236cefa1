/** Renders a Vega-Lite spec to an SVG string in Node (no browser, no canvas). */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

/** SVG markup for the spec; `renderer: "none"` because toSVG() needs no live renderer. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
