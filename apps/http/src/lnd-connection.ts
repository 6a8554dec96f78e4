import { Code, createClient, type Client } from "@connectrpc/connect";
import { WatchtowerClient, WtclientError, createLndTransportFromSettings, type LndSettings, type LndTransport } from "@wtclient/core";

export type WatchtowerRpc = Client<typeof WatchtowerClient>;

/** The service's way to lnd: one client with the service's macaroon and one without, for pass-through. */
export interface LndConnection {
  /** lnd's `host:port` as dialed. */
  readonly address: string;
  readonly transport: "grpc" | "rest";
  /** The header that carries a caller's macaroon on this transport ("macaroon" on gRPC, "grpc-metadata-macaroon" on REST). */
  readonly macaroonHeader: string;
  /** A client that sends the service's own macaroon. */
  own(): Promise<WatchtowerRpc>;
  /** A client that sends no macaroon of its own: the caller's goes in `macaroonHeader` per call. */
  bare(): Promise<WatchtowerRpc>;
  close(): Promise<void>;
}

/**
 * Opens each transport on first use and again after a failure, so the service starts (and /readyz
 * explains) while lnd or its files are not there yet.
 */
export function createLndConnection(settings: LndSettings, kind: "grpc" | "rest", timeoutMs: number): LndConnection {
  const address = kind === "grpc" ? settings.rpcserver : settings.restserver;
  const opened = new Set<LndTransport>();
  let closed = false;

  function lazy(transportSettings: LndSettings): () => Promise<WatchtowerRpc> {
    let pending: Promise<WatchtowerRpc> | undefined;
    return () => {
      if (closed) return Promise.reject(new WtclientError("the service is shutting down", Code.Unavailable, "unreachable", "try again later"));
      pending ??= createLndTransportFromSettings(transportSettings, kind, { timeoutMs }).then(
        async (transport) => {
          if (closed) {
            // opened while the service was shutting down: do not leave it behind
            await transport.close();
            throw new WtclientError("the service is shutting down", Code.Unavailable, "unreachable", "try again later");
          }
          opened.add(transport);
          return createClient(WatchtowerClient, transport);
        },
        (e: unknown) => {
          pending = undefined;
          const err = WtclientError.from(e, { host: address });
          throw new WtclientError(`cannot open lnd at ${address}: ${err.rawMessage}`, Code.Unavailable, err.reason, err.hint, e);
        },
      );
      return pending;
    };
  }

  return {
    address,
    transport: kind,
    macaroonHeader: kind === "grpc" ? "macaroon" : "grpc-metadata-macaroon",
    own: lazy(settings),
    bare: lazy({ ...settings, noMacaroons: true }),
    async close() {
      closed = true;
      await Promise.all([...opened].map((t) => t.close()));
      opened.clear();
    },
  };
}
