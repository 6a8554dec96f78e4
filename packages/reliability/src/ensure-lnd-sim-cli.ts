import { ensureBuiltBin } from "./ensure-built-bin.js";

/** The path of the lnd double's built CLI (packages/lnd-sim/dist/cli.js), building it with tsup when it is missing. */
export function ensureLndSimCli(): string {
  return ensureBuiltBin("packages/lnd-sim");
}
