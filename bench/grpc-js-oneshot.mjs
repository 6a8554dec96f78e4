// The documented-style one-shot script the CLI row compares against: load the proto, make one
// TerminateSession call, print the answer, exit. Usage: node grpc-js-oneshot.mjs HOST:PORT LNDDIR SESSION_HEX
import { join } from "node:path";
import { createGrpcJsWatchtowerClient } from "./grpc-js-client.mjs";

const [address, lnddir, sessionId] = process.argv.slice(2);
const client = createGrpcJsWatchtowerClient({
  address,
  tlsCertPath: join(lnddir, "tls.cert"),
  macaroonPath: join(lnddir, "data/chain/bitcoin/regtest/admin.macaroon"),
});
try {
  console.log(JSON.stringify(await client.terminateSession(sessionId), null, 2));
} catch (e) {
  console.error(`[grpc-js-oneshot] ${e.message}`);
  process.exitCode = 1;
} finally {
  client.close();
}
