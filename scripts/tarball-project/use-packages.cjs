// Run by scripts/test-tarballs.mjs inside an empty project where the packed tarballs are installed: every
// importable package, required the way a user's CommonJS module requires it, against the installed wtclient-lnd-sim.
const assert = require("node:assert/strict");
const { readFileSync } = require("node:fs");
const {
  WtclientError,
  createLndGrpcTransport,
  createLndRestTransport,
  createWatchtowerClient,
  terminateSession,
} = require("@wtclient/core");
const { startHttpService } = require("@wtclient/http");
const { demoKey, startLndSim } = require("@wtclient/lnd-sim");
const { createRestGateway } = require("@wtclient/rest-gateway");

async function main(rpcAddress, restAddress, lnddir) {
  const credentials = {
    cert: readFileSync(`${lnddir}/tls.cert`),
    macaroon: readFileSync(`${lnddir}/data/chain/bitcoin/regtest/admin.macaroon`),
  };

  const grpc = createLndGrpcTransport({ host: rpcAddress, ...credentials });
  try {
    const id = demoKey("session/beta/taproot");
    assert.equal((await terminateSession(grpc, id)).status, `Successful termination of session: ${id}`);
  } finally {
    await grpc.close();
  }

  const rest = createLndRestTransport({ host: restAddress, ...credentials });
  try {
    const { towers } = await createWatchtowerClient({ transport: rest }).listTowers({ includeSessions: false });
    assert.equal(towers.length, 3, "the demo state has three towers");
    await assert.rejects(
      terminateSession(rest, "not a key"),
      (e) => e instanceof WtclientError && e.reason === "invalid-key",
    );
  } finally {
    await rest.close();
  }

  const service = await startHttpService({
    sim: true,
    insecureNoAuth: true,
    listen: "127.0.0.1:0",
    logLevel: "silent",
  });
  try {
    const answer = await fetch(`${service.url}/v2/watchtower/client?include_sessions=true`);
    assert.equal(answer.status, 200);
    assert.equal((await answer.json()).towers.length, 3);
  } finally {
    await service.close();
  }

  assert.equal(typeof startLndSim, "function");
  assert.equal(typeof createRestGateway, "function");
  // the CLI package is a bin only
  assert.throws(() => require("@wtclient/cli"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
  console.log("CommonJS: core over gRPC and REST, http with --sim, lnd-sim and rest-gateway required");
}

main(...process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
