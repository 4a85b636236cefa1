// Lists the package directories the load pod's program needs at run time:
// autocannon and hdr-histogram-js with everything they depend on, resolved
// the way Node resolves a bare require (node_modules of the requiring
// package, then of each parent). One path per line, relative to the project
// root, outermost only (a package's own node_modules come with it). Used by
// cluster/images and the Dockerfile, so both images hold the same modules.
//
//   node automation/load/image/runtime-modules.mjs [project root]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import process from "node:process";

const ROOTS = ["autocannon", "hdr-histogram-js"];
const root = process.argv[2] ?? process.cwd();

/** The directory of package `name` as required from `fromDir`. */
function locate(name, fromDir) {
  for (let dir = fromDir; !relative(root, dir).startsWith(".."); dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === dirname(dir)) break;
  }
  return undefined;
}

const found = new Set();
function visit(name, fromDir, optional) {
  const dir = locate(name, fromDir);
  if (!dir) {
    if (optional) return;
    throw new Error(`${name} (needed from ${relative(root, fromDir) || "."}) is not installed; run npm ci`);
  }
  if (found.has(dir)) return;
  found.add(dir);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
}

for (const name of ROOTS) visit(name, root, false);
const dirs = [...found].map((dir) => relative(root, dir)).sort();
const outermost = dirs.filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(`${other}/`)));
process.stdout.write(`${outermost.join("\n")}\n`);
