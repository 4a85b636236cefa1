/** The plan CLI in-process against a temporary project root holding one stack file, for the plan specs. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../automation/plan";

/** Runs the CLI in-process against `root`, capturing both channels. */
export async function run(argv: string[], root: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, root);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/**
 * A root with stack `test` in the shape Pulumi writes (maxReplicas 8, and a key of another namespace to
 * skip); remove it with fs.rmSync when done.
 */
export function planRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "plan-spec-"));
  fs.writeFileSync(
    path.join(root, "Pulumi.test.yaml"),
    [
      "config:",
      "  kubernetes:context: kind-feastflow",
      "  feastflow:backend:",
      "    autoscaling:",
      "      maxReplicas: 8",
      "",
    ].join("\n"),
  );
  return root;
}
