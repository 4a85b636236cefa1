import { expect } from "chai";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../automation/shared/repo";

/** Every .ts file under `dir`, relative to the repo root. */
function sources(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(REPO_ROOT, path)).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The repo-relative files a source imports (static, type-only, dynamic and require), relative ones only. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)].map(
    (m) => m[1],
  );
  return specifiers.map((spec) => {
    const base = resolve(REPO_ROOT, dirname(file), spec);
    const hit = [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
    return relative(REPO_ROOT, hit ?? base);
  });
}

const FILES = sources("automation");
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));
const folderOf = (file: string) => file.split("/")[1];

/** One cycle of the graph as a path that ends where it starts, or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === "done") return undefined;
    if (state.get(file) === "open") return [...path.slice(path.indexOf(file)), file];
    state.set(file, "open");
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(file, "done");
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("the automation's import graph", () => {
  it("reads every relative import it is given, type-only and dynamic ones included", () => {
    const run = GRAPH.get("automation/scale-test/run.ts") ?? [];
    expect(run).to.include.members(["automation/scale-test/drive.ts", "automation/hpa-model/index.ts"]);
    expect(FILES.length).to.be.greaterThan(50);
  });

  it("has no cycle: no file imports a file that imports it back, however far round", () => {
    expect(findCycle(GRAPH)).to.equal(undefined);
    // The finder itself finds one when there is one.
    expect(
      findCycle(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
        ]),
      ),
    ).to.deep.equal(["a", "b", "c", "a"]);
  });

  it("has no arrow from report/, load/, hpa-model/ or shared/ into the tools that use them", () => {
    const upward = [...GRAPH].flatMap(([file, deps]) =>
      ["report", "load", "hpa-model", "shared"].includes(folderOf(file))
        ? deps.filter((d) => ["scale-test", "plan"].includes(folderOf(d))).map((d) => `${file} -> ${d}`)
        : [],
    );
    expect(upward).to.deep.equal([]);
  });

  it("enters load/, hpa-model/, report/ and scenario/ from outside only through their index", () => {
    const sideDoors = [...GRAPH].flatMap(([file, deps]) =>
      deps
        .filter(
          (d) => ["load", "hpa-model", "report", "scenario"].includes(folderOf(d)) && folderOf(d) !== folderOf(file),
        )
        .filter((d) => !d.endsWith("/index.ts"))
        .map((d) => `${file} -> ${d}`),
    );
    expect(sideDoors).to.deep.equal([]);
  });
});
