import type { CallOptions, Transport } from "@connectrpc/connect";
import type { TerminateSessionResponse } from "./gen/wtclientrpc/wtclient_pb.js";
import type { KeyInput } from "./key-input.js";
import { createWatchtowerClient, type WatchtowerClientApi } from "./watchtower-client.js";

// one facade per transport: a busy caller should not build the client again for every call
const clients = new WeakMap<Transport, WatchtowerClientApi>();

/**
 * Retire one watchtower session so that lnd negotiates a fresh one. Works over any transport
 * (gRPC or REST). The id is hex, base64 or bytes and is checked as a secp256k1 key before it is
 * sent; failures are WtclientError with lnd's text, a reason and a hint.
 */
export function terminateSession(
  transport: Transport,
  sessionId: KeyInput,
  options?: CallOptions,
): Promise<TerminateSessionResponse> {
  let client = clients.get(transport);
  if (client === undefined) clients.set(transport, (client = createWatchtowerClient({ transport })));
  return client.terminateSession(sessionId, options);
}
