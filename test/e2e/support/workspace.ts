/**
 * A throwaway Pulumi project directory that runs this repo's program with a
 * copy of one of its stack files. Config changes made through the Automation
 * API (`setConfig` writes to the stack file) and the passphrase salt that
 * `stack init` adds then land in the copy, never in the tracked stack files.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { REPO_ROOT } from "../../../automation/shared/repo";

/**
 * Creates `<dir>/Pulumi.yaml` pointing `main` back at the repo and
 * `<dir>/Pulumi.<stackName>.yaml` copied from `Pulumi.<fromStack>.yaml`.
 * Returns the directory, to pass as the Automation API's `workDir`.
 */
export function isolatedProject(fromStack: string, stackName: string, dir?: string): string {
  const workDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "feastflow-project-"));
  const project = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  // `main` is resolved relative to the project file.
  project.main = path.relative(workDir, REPO_ROOT) || ".";
  fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), YAML.stringify(project));
  fs.copyFileSync(path.join(REPO_ROOT, `Pulumi.${fromStack}.yaml`), path.join(workDir, `Pulumi.${stackName}.yaml`));
  return workDir;
}
