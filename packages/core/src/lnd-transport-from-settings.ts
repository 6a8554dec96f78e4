import type { LndSettings } from "./lnd-settings.js";
import { loadLndCredentials } from "./lnd-settings.js";
import type { LndTransport, LndTransportOptions } from "./lnd-transport.js";

/** What a caller adds to the settings: the transport options that lncli has no flag for. */
export type LndTransportExtras = Pick<LndTransportOptions, "defaultTimeoutMs" | "interceptors" | "readMaxBytes">;

/**
 * Open a transport to the lnd that lncli-style settings describe (cert and macaroon read from their files).
 *
 * @example
 * ```ts
 * import { createLndTransportFromSettings, createRetryInterceptor, resolveLndSettings } from "@wtclient/core";
 *
 * const settings = resolveLndSettings({ lnddir: "/home/me/.lnd", network: "mainnet" });
 * const transport = await createLndTransportFromSettings(settings, "grpc", { defaultTimeoutMs: 10_000, interceptors: [createRetryInterceptor()] });
 * ```
 */
export async function createLndTransportFromSettings(
  settings: LndSettings,
  kind: "grpc" | "rest",
  options: LndTransportExtras = {},
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
    ...options,
  };
  // load only the transport in use: a CLI call should not pay for the other one's modules
  if (kind === "grpc") {
    const { createLndGrpcTransport } = await import("./lnd-grpc-transport.js");
    return createLndGrpcTransport({ host: settings.rpcserver, ...common });
  }
  const { createLndRestTransport } = await import("./lnd-rest-transport.js");
  return createLndRestTransport({ host: settings.restserver, ...common });
}
