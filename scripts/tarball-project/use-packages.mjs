// Run by scripts/test-tarballs.mjs inside an empty project where the packed tarballs are installed: every
// importable package, imported the way a user's ES module imports it, against the installed wtclient-lnd-sim.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  WtclientError,
  createLndGrpcTransport,
  createLndRestTransport,
  createWatchtowerClient,
  terminateSession,
} from "@wtclient/core";
import { startHttpService } from "@wtclient/http";
import { demoKey, startLndSim } from "@wtclient/lnd-sim";
import { createRestGateway } from "@wtclient/rest-gateway";

const [rpcAddress, restAddress, lnddir] = process.argv.slice(2);
const credentials = {
  cert: readFileSync(`${lnddir}/tls.cert`),
  macaroon: readFileSync(`${lnddir}/data/chain/bitcoin/regtest/admin.macaroon`),
};

const grpc = createLndGrpcTransport({ host: rpcAddress, ...credentials });
try {
  const { towers } = await createWatchtowerClient({ transport: grpc }).listTowers({ includeSessions: true });
  assert.equal(towers.length, 3, "the demo state has three towers");
  const id = demoKey("session/alpha/taproot");
  assert.equal((await terminateSession(grpc, id)).status, `Successful termination of session: ${id}`);
} finally {
  await grpc.close();
}

const rest = createLndRestTransport({ host: restAddress, ...credentials });
try {
  const stats = await createWatchtowerClient({ transport: rest }).stats();
  assert.equal(typeof stats.numBackups, "number");
  await assert.rejects(
    terminateSession(rest, demoKey("no such session")),
    (e) => e instanceof WtclientError && e.reason === "session-not-found",
  );
} finally {
  await rest.close();
}

// the HTTP service as a library, in front of its embedded double (lnd-sim, loaded on demand)
const service = await startHttpService({ sim: true, insecureNoAuth: true, listen: "127.0.0.1:0", logLevel: "silent" });
try {
  const answer = await fetch(`${service.url}/v2/watchtower/client/stats`);
  assert.equal(answer.status, 200);
  assert.ok("num_backups" in (await answer.json()), "lnd's REST JSON (snake_case)");
} finally {
  await service.close();
}

assert.equal(typeof startLndSim, "function");
assert.equal(typeof createRestGateway, "function");
console.log("ESM: core over gRPC and REST, http with --sim, lnd-sim and rest-gateway imported");
