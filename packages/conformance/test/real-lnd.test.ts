import { lndDirFromEnv, lndSkipMessage, startLndPair, type LndNode } from "@wtclient/lnd-harness";
import { describe, it } from "vitest";
import { defineConformance } from "../src/define-conformance.js";
import { lndTarget } from "../src/target.js";

// the whole matrix against a real lnd started from WTCLIENT_LND_DIR: its client node (a throw-away node, so
// terminating is allowed) and, for the inactive-client scenarios, a node without --wtclient.active
const lndDir = lndDirFromEnv();
const endpoints = (n: LndNode) => ({
  rpcserver: n.rpcAddress,
  restserver: n.restAddress,
  tlsCertPath: n.tlsCertPath,
  macaroonDir: n.macaroonDir,
});

if (lndDir === undefined) {
  describe("conformance against a real lnd", () => it.skip(lndSkipMessage, () => undefined));
} else {
  await defineConformance({
    title: "a real lnd (WTCLIENT_LND_DIR)",
    start: async () => {
      const pair = await startLndPair({ lndDir });
      return {
        main: lndTarget(endpoints(pair.client), () => pair.close()),
        inactive: lndTarget(endpoints(pair.inactive)),
      };
    },
    // three lnds starting on a busy machine (each wait of the harness may take 600 s)
    startTimeoutMs: 1_500_000,
    // one CLI process took over 60 s on a machine with load 60
    testTimeoutMs: 300_000,
    allowTerminate: true,
    noInactive: "the harness always starts a node without the watchtower client",
    matrixFile: new URL("../.conformance-matrix-lnd.json", import.meta.url).pathname,
  });
}
