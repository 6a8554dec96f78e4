// The baseline for REST: a plain undici fetch with an Agent pinned to lnd's tls.cert, sending the
// macaroon as hex in Grpc-Metadata-macaroon, and the session id URL-safe base64 (padded) in the path.
import { readFileSync } from "node:fs";
import { Agent, fetch } from "undici";

/** POSTs and GETs against lnd's REST listener at `address` (host:port). */
export function createFetchWatchtowerClient({ address, tlsCertPath, macaroonPath }) {
  const dispatcher = new Agent({ connect: { ca: readFileSync(tlsCertPath, "utf8") } });
  const headers = { "Grpc-Metadata-macaroon": readFileSync(macaroonPath).toString("hex") };
  const call = async (method, path) => {
    const res = await fetch(`https://${address}${path}`, { method, headers, dispatcher });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${body.message}`);
    return body;
  };
  return {
    terminateSession: (sessionIdHex) =>
      call(
        "POST",
        `/v2/watchtower/client/sessions/terminate/${Buffer.from(sessionIdHex, "hex").toString("base64url")}`,
      ),
    listTowers: () => call("GET", "/v2/watchtower/client?include_sessions=true"),
    close: () => dispatcher.close(),
  };
}
