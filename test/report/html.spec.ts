import { expect } from "chai";
import { readFileSync } from "node:fs";
import { renderReport, reportFormatOf } from "../../automation/report";
import { failingRun, passingRun } from "../support/report-runs";

/** The compiled Vega spec the page carries, parsed back. */
function pageSpec(html: string): { marks?: Array<{ name?: string; marks?: Array<{ name?: string }> }> } {
  const json = /<script type="application\/json" id="chart-spec">([\s\S]*?)<\/script>/.exec(html)?.[1];
  expect(json, "the page carries the chart's spec").to.be.a("string");
  return JSON.parse(json as string);
}

/** Names of the spec's marks, at any depth. */
function markNames(node: { marks?: Array<{ name?: string; marks?: unknown[] }> }): string[] {
  return (node.marks ?? []).flatMap((m) => [
    ...(m.name ? [m.name] : []),
    ...markNames(m as { marks?: Array<{ name?: string }> }),
  ]);
}

describe("HTML report", () => {
  let failing: string;
  before(async () => {
    failing = await renderReport(failingRun(), "html");
  });

  it("opens with the verdict in one sentence, above the chart", () => {
    const verdict = failing.indexOf('<p id="verdict" class="failed">FAILED: At 90 s the HPA asked for 2 replicas');
    expect(verdict).to.be.greaterThan(0);
    expect(verdict).to.be.lessThan(failing.indexOf('<div id="chart"'));
    expect(failing).to.include("(2 of 5 checks failed: envelope, scale-up).</p>");
  });

  it("needs no network: no external script, style or link, Vega's own build inlined", () => {
    expect(failing).not.to.match(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(failing).not.to.match(/@import|url\(\s*['"]?https?:/i);
    const vega = readFileSync(require.resolve("vega/build/vega.min.js"), "utf8");
    expect(failing).to.include(vega.slice(0, 2000));
    expect(failing.match(/<\/script>/g)).to.have.length(3); // the spec, Vega, the boot script: nothing closed early
  });

  it("carries the chart as a compiled Vega spec, with the band, lines and out-of-band crosses", () => {
    const names = markNames(pageSpec(failing));
    for (const n of ["ready_band", "desired_band", "ready_line", "desired_line", "current_line", "ready_outside"]) {
      expect(names).to.include(`${n}_marks`);
    }
  });

  it("tabulates each check, each HPA sync beside the model, and every sample with the bands it was judged against", () => {
    expect(failing).to.match(/<td class="fail">FAIL<\/td><td>envelope<\/td>/);
    expect(failing).to.match(/<td>195<\/td><td>8<\/td><td>5<\/td><td>70<\/td>.*<td class="fail">NO<\/td>/);
    expect(failing).to.include("AbleToScale=True (ReadyForNewScale)");
    // At 110 s: 2 ready under a band of 5; at 200 s: desired 8 over 5.
    expect(failing).to.match(/<tr><td>110<\/td>.*<td class="outside">2<\/td><td class="outside">5 ✗ below<\/td>/);
    expect(failing).to.match(
      /<tr><td>200<\/td><td>70<\/td><td class="outside">8<\/td><td class="outside">5 ✗ above<\/td>/,
    );
  });

  it("shows the derivation with the envelope's sources nested, and what the run measured of them", async () => {
    expect(failing).to.match(/Envelope: the HPA model over 48 combinations[^<]*<ul><li>scrape phase:/);
    expect(failing).to.include('<td>pod start to Ready</td><td class="text">9–14 s</td>');
    expect(failing).to.include("not measured: the whole default range");
    expect(failing).to.include("none seen done: Ready judged at its own time");
    const resized = passingRun();
    resized.measured = { resizeSeconds: { count: 4, max: 8.23 } };
    expect(await renderReport(resized, "html")).to.include('<td class="text">up to 8.2 s over 4</td>');
  });

  it("escapes what the run reports", async () => {
    const r = passingRun();
    r.expectations.derivation.push("<script>alert(1)</script> & more");
    const html = await renderReport(r, "html");
    expect(html).to.include("&#60;script&#62;alert(1)&#60;/script&#62; &#38; more");
    expect(html).to.include('<p id="verdict" class="passed">PASSED: Reached 4 ready replicas 95 s after load started');
  });
});

describe("report files", () => {
  it("renders the chart as SVG with the verdict in its title", async () => {
    const svg = await renderReport(passingRun(), "svg");
    expect(svg).to.match(/^<svg/);
    expect(svg).to.include("PASSED: Reached 4 ready replicas");
  });

  it("takes the format from the file's extension", () => {
    expect(["run.html", "RUN.HTM", "a/b.svg", "run.json", "run"].map(reportFormatOf)).to.deep.equal([
      "html",
      "html",
      "svg",
      undefined,
      undefined,
    ]);
  });
});
