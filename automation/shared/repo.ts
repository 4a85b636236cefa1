/** Where this repository is on disk: the Pulumi project the tools read and deploy. */
import { resolve } from "node:path";

/** The repo root: Pulumi.yaml, the stack files and the program (index.ts). */
export const REPO_ROOT = resolve(__dirname, "..", "..");
