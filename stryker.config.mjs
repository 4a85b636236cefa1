// Mutation testing (StrykerJS): `npm run test:mutation`. Reports land in reports/mutation/.

/**
 * What to mutate and the specs that judge it (a glob, or a list of files): one line per source. A glob
 * over a folder takes new files there as they come.
 */
const targets = [
  {
    mutate: "automation/hpa-model/**/*.ts",
    // The replay is also judged on recorded runs, through the scale test's use of it.
    specs: ["test/hpa-model/**/*.spec.ts", "test/scale-test/sync-replay.spec.ts"],
  },
  {
    mutate: "automation/scale-test/verdict.ts",
    specs: ["test/scale-test/verdict.spec.ts", "test/scale-test/scenario-verdict.spec.ts"],
  },
  { mutate: "automation/scale-test/explanations.ts", specs: "test/scale-test/verdict.spec.ts" },
  {
    mutate: "automation/scale-test/envelope-check.ts",
    specs: ["test/scale-test/envelope-check.spec.ts", "test/scale-test/scenario-verdict.spec.ts"],
  },
  {
    mutate: "automation/scale-test/window-checks.ts",
    specs: ["test/scale-test/envelope-check.spec.ts", "test/scale-test/scenario-verdict.spec.ts"],
  },
  { mutate: "automation/scale-test/syncs.ts", specs: "test/scale-test/syncs.spec.ts" },
  { mutate: "automation/scale-test/memory.ts", specs: "test/scale-test/memory.spec.ts" },
];

/**
 * Files under a target's glob that are not judged yet, with their specs (which would otherwise run
 * against every mutant their code reaches): delete a line to take the file in.
 */
const notYet = [];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  $schema: "./node_modules/@stryker-mutator/core/schema/stryker-schema.json",
  packageManager: "npm",
  testRunner: "mocha",
  // .mocharc.json brings ts-node (transpiled by SWC, test/support/register.js); only the targets' specs run.
  mochaOptions: {
    config: ".mocharc.json",
    spec: [...new Set(targets.flatMap((t) => t.specs))],
    // The integration specs take minutes; the targets' unit specs judge them.
    ignore: ["test/**/*.integration.spec.ts", ...notYet.map((n) => n.specs)],
  },
  mutate: [...targets.map((t) => t.mutate), ...notYet.map((n) => `!${n.source}`)],
  coverageAnalysis: "perTest",
  concurrency: 2,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { logTests: false, allowEmojis: false },
  thresholds: { high: 90, low: 80, break: 90 },
};
