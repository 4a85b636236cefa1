// `npm test`: the specs of .mocharc.json (which a single spec file and the mutation runs use as they are),
// spread over one worker process per core, at least two: most of the suite is CPU-bound model runs and a
// few specs wait in real time, so two workers beat one even on a small machine.
const os = require("node:os");

module.exports = { ...require("./.mocharc.json"), parallel: true, jobs: Math.max(2, os.availableParallelism()) };
