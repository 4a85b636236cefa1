// Loads the specs' TypeScript with ts-node, transpiled by SWC (no type-check: `npm run typecheck` does that).
require("ts-node").register({ transpileOnly: true, swc: true });
