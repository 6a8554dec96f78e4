import type { LndSettings } from "./lnd-settings.js";
import { loadLndCredentials } from "./lnd-settings.js";
import type { LndTransport } from "./lnd-transport.js";

/** Open a transport to the lnd that lncli-style settings describe (cert and macaroon read from their files). */
export async function createLndTransportFromSettings(
  settings: LndSettings,
  kind: "grpc" | "rest",
  options: { timeoutMs?: number } = {},
): Promise<LndTransport> {
  const { cert, macaroon } = await loadLndCredentials(settings);
  const common = {
    cert,
    ...(macaroon !== undefined ? { macaroon } : {}),
    macaroonTimeoutSeconds: settings.macaroonTimeoutSeconds,
    ...(settings.macaroonIp !== undefined ? { macaroonIp: settings.macaroonIp } : {}),
    ...(settings.servername !== undefined ? { servername: settings.servername } : {}),
    ...(settings.socksProxy !== undefined ? { socksProxy: settings.socksProxy } : {}),
    ...(settings.metadata !== undefined ? { metadata: settings.metadata } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  // load only the transport in use: a CLI call should not pay for the other one's modules
  if (kind === "grpc") {
    const { createLndGrpcTransport } = await import("./lnd-grpc-transport.js");
    return createLndGrpcTransport({ host: settings.rpcserver, ...common });
  }
  const { createLndRestTransport } = await import("./lnd-rest-transport.js");
  return createLndRestTransport({ host: settings.restserver, ...common });
}
