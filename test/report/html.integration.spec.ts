/**
 * The HTML report opened in a real browser: Debian's Chromium, headless,
 * driven by playwright-core (which brings no browser of its own). Each run's
 * page, a full-page screenshot and one of its top (verdict, checks, chart) go
 * to artifacts/report/ for people to look at.
 */
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";
import { renderReport } from "../../automation/report";
import type { ScaleTestResult } from "../../automation/shared/results";
import { failingRun, passingRun } from "../support/report-runs";

const ARTIFACTS = path.join(__dirname, "..", "..", "artifacts", "report");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** No background traffic: this machine reaches package registries only, and refused connections would flood the log. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** What the page showed: its problems, its requests beyond the file itself, and the chart's marks. */
interface Seen {
  errors: string[];
  fetched: string[];
  verdict: string;
  verdictTop: number;
  verdictAboveChart: boolean;
  /** Per named mark: how many drawn items, and the largest width and height among them (px). */
  marks: Record<string, { items: number; width: number; height: number }>;
}

const MARKS = [
  "ready_band",
  "desired_band",
  "ready_line",
  "desired_line",
  "current_line",
  "ready_outside",
  "desired_outside",
];

async function open(context: BrowserContext, name: string, result: ScaleTestResult): Promise<Seen> {
  const file = path.join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, await renderReport(result, "html"));
  const page = await context.newPage();
  const errors: string[] = [];
  const fetched: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) fetched.push(r.url());
  });
  await page.setViewportSize({ width: 1300, height: 900 });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("#chart[data-rendered=true] svg", { timeout: 20000 });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const marks: Seen["marks"] = {};
  for (const n of MARKS) {
    const boxes = await Promise.all(
      (await page.locator(`#chart svg g.${n}_marks path`).all()).map((i) => i.boundingBox()),
    );
    marks[n] = {
      items: boxes.length,
      width: Math.max(0, ...boxes.map((b) => b?.width ?? 0)),
      height: Math.max(0, ...boxes.map((b) => b?.height ?? 0)),
    };
  }
  const verdict = page.locator("#verdict");
  const verdictBox = await verdict.boundingBox();
  const chartBox = await page.locator("#chart").boundingBox();
  // What a person sees first: the verdict, the checks and the chart.
  if (chartBox) {
    const clip = { x: 0, y: 0, width: 1300, height: chartBox.y + chartBox.height + 8 };
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-top.png`), clip, fullPage: true });
  }
  const seen = {
    verdict: (await verdict.textContent()) ?? "",
    verdictTop: verdictBox?.y ?? Infinity,
    verdictAboveChart: verdictBox !== null && chartBox !== null && verdictBox.y + verdictBox.height <= chartBox.y,
    marks,
  };
  await page.close();
  return { ...seen, errors, fetched };
}

/** How many samples the verdict judged outside on `count`: the chart must cross exactly these. */
const outside = (r: ScaleTestResult, count: "ready" | "desired") =>
  (r.verdict.samples ?? []).filter((j) => j.outside?.count === count).length;

describe("the HTML report in headless Chromium", function () {
  this.timeout(60000);
  let context: BrowserContext;
  let profile: string;
  const seen: Record<string, Seen> = {};

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set CHROMIUM.`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(path.join(tmpdir(), "report-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    seen.pass = await open(context, "pass", passingRun());
    seen.fail = await open(context, "fail", failingRun());
  });
  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const name of ["pass", "fail"]) {
    describe(`for a run that ${name}ed`, () => {
      it("opens with no console error or warning, and fetches nothing", () => {
        expect(seen[name].errors).to.deep.equal([]);
        expect(seen[name].fetched).to.deep.equal([]);
      });

      it("puts the verdict on top, above the chart", () => {
        expect(seen[name].verdict).to.match(name === "pass" ? /^PASSED: Reached 4 ready replicas/ : /^FAILED: At 90 s/);
        expect(seen[name].verdictTop).to.be.below(120);
        expect(seen[name].verdictAboveChart).to.equal(true);
      });

      it("draws both bands with a height, and the ready, desired and current lines across the run", () => {
        const m = seen[name].marks;
        for (const band of ["ready_band", "desired_band"]) {
          expect(m[band].items, band).to.be.at.least(1);
          expect(m[band].height, `${band} height`).to.be.above(5);
          expect(m[band].width, `${band} width`).to.be.above(600);
        }
        for (const line of ["ready_line", "desired_line", "current_line"]) {
          expect(m[line].items, line).to.equal(1);
          expect(m[line].width, `${line} width`).to.be.above(600);
        }
      });
    });
  }

  it("crosses no sample of the passing run", () => {
    expect(seen.pass.marks.ready_outside.items).to.equal(0);
    expect(seen.pass.marks.desired_outside.items).to.equal(0);
  });

  it("crosses every sample the verdict judged outside in the failing run, on the count that left", () => {
    const r = failingRun();
    expect(outside(r, "ready")).to.equal(7); // 105–135 s: 2 ready under a band of 5
    expect(outside(r, "desired")).to.equal(6); // 90–100 s: 2 under 5; 195–205 s: 8 over 5
    expect(seen.fail.marks.ready_outside.items).to.equal(outside(r, "ready"));
    expect(seen.fail.marks.desired_outside.items).to.equal(outside(r, "desired"));
    expect(seen.fail.marks.ready_outside.height).to.be.above(5);
  });
});
