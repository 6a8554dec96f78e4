import { defineConformance } from "../src/define-conformance.js";
import { externalTarget, startDoubleTarget } from "../src/target.js";

// against a fresh double, or the real lnd the WTCLIENT_TARGET_* variables name (README "Tests and benchmarks")
const external = externalTarget();
const inactive = external === undefined ? undefined : externalTarget(process.env, "WTCLIENT_TARGET_INACTIVE_");

await defineConformance({
  title: external === undefined ? "the lnd double" : `the lnd at ${external.rpcserver}`,
  start: async () =>
    external === undefined
      ? { main: await startDoubleTarget(), inactive: await startDoubleTarget({ active: false }) }
      : { main: external, ...(inactive !== undefined ? { inactive } : {}) },
  allowTerminate: external === undefined || process.env.WTCLIENT_TARGET_ALLOW_TERMINATE === "1",
  noInactive:
    "set WTCLIENT_TARGET_INACTIVE_RPCSERVER, _RESTSERVER, _TLSCERT and _MACAROONDIR to a node without --wtclient.active to run this",
  matrixFile: new URL("../.conformance-matrix.json", import.meta.url).pathname,
});
