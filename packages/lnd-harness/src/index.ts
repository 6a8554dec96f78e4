// user-facing API first
export { startLndPair } from "./start-lnd-pair.js";
export type { LndPair, LndPairOptions } from "./start-lnd-pair.js";
export { lndDirFromEnv, lndDirVariable, lndSkipMessage } from "./lnd-dir-from-env.js";
export type { LndNode } from "./start-lnd-node.js";
export { lncliFlags } from "./start-lnd-node.js";
export { runLncli } from "./run-lncli.js";
export type { LncliResult } from "./run-lncli.js";
