import { Code, createClient, type Client, type Transport } from "@connectrpc/connect";
import {
  WatchtowerClient,
  WtclientError,
  createLndTransportFromSettings,
  createRetryInterceptor,
  type LndSettings,
  type LndTransport,
} from "@wtclient/core";
import { readCertFile } from "@wtclient/core/internal";
import type { Logger } from "pino";
import { withoutPaths } from "./without-paths.js";

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
  /** The transports under `own()` and `bare()`, for calls made by method descriptor. */
  readonly transports: { readonly own: Transport; readonly bare: Transport };
  close(): Promise<void>;
}

/** An open transport and the tls.cert it pins (undefined when the cert came inline, e.g. from lndconnect). */
interface Opened {
  readonly transport: LndTransport;
  readonly cert: string | undefined;
}

/**
 * Opens each transport on first use and again after a failure, so the service starts (and /readyz
 * explains) while lnd or its files are not there yet. When lnd's certificate no longer matches, the
 * cert file is read again: a new one (lnd regenerated it) replaces the connection and the call is
 * made once more (a failed TLS handshake sent nothing). Failures to open are logged in full; callers
 * get the text without file paths.
 */
export function createLndConnection(
  settings: LndSettings,
  kind: "grpc" | "rest",
  timeoutMs: number,
  log: Logger,
): LndConnection {
  const address = kind === "grpc" ? settings.rpcserver : settings.restserver;
  const opened = new Set<LndTransport>();
  // the same retries as the library's facade: idempotent calls are sent again after a connection failure
  const retry = createRetryInterceptor();
  let closed = false;
  const shuttingDown = () =>
    new WtclientError("the service is shutting down", Code.Unavailable, "unreachable", "try again later");

  function channel(channelSettings: LndSettings): { client: () => Promise<WatchtowerRpc>; transport: Transport } {
    const certPath = channelSettings.tlsCertPath;
    let pending: Promise<Opened> | undefined;
    let latest: Opened | undefined;

    async function openNow(): Promise<Opened> {
      const { tlsCertPath: _, ...inline } = channelSettings;
      const cert = certPath !== undefined ? await readCertFile(certPath) : undefined;
      const transport = await createLndTransportFromSettings(
        cert !== undefined ? { ...inline, tlsCert: cert } : channelSettings,
        kind,
        { defaultTimeoutMs: timeoutMs, interceptors: [retry] },
      );
      if (closed) {
        // opened while the service was shutting down: do not leave it behind
        await transport.close();
        throw shuttingDown();
      }
      opened.add(transport);
      return { transport, cert };
    }

    function open(): Promise<Opened> {
      if (closed) return Promise.reject(shuttingDown());
      pending ??= openNow().then(
        (o) => (latest = o),
        (e: unknown) => {
          pending = undefined;
          if (closed) throw e;
          const err = WtclientError.from(e, { host: address });
          log.warn({ lnd: address }, `cannot open lnd at ${address}: ${err.rawMessage}`);
          throw new WtclientError(
            `cannot open lnd at ${address}: ${withoutPaths(err.rawMessage)}`,
            Code.Unavailable,
            err.reason,
            withoutPaths(err.hint),
          );
        },
      );
      return pending;
    }

    /** After `e` on `used`: whether a call is worth making again, because lnd's cert changed. */
    async function renewed(used: Opened, e: unknown): Promise<boolean> {
      if (used.cert === undefined || certPath === undefined || WtclientError.from(e).reason !== "certificate-mismatch")
        return false;
      // another call already moved to the new cert
      if (latest !== used) return true;
      const now = await readCertFile(certPath).catch(() => undefined);
      if (now === undefined || now === used.cert) return false;
      if (latest === used) {
        log.info({ lnd: address }, `lnd's tls.cert changed: reconnecting to ${address} with the new certificate`);
        latest = undefined;
        pending = undefined;
        opened.delete(used.transport);
        void used.transport.close().catch(() => undefined);
      }
      return true;
    }

    const transport: Transport = {
      async unary(...args) {
        const used = await open();
        try {
          return await used.transport.unary(...args);
        } catch (e) {
          if (!(await renewed(used, e))) throw e;
          return (await open()).transport.unary(...args);
        }
      },
      async stream(...args) {
        return (await open()).transport.stream(...args);
      },
    };
    const client = createClient(WatchtowerClient, transport);
    return { client: () => open().then(() => client), transport };
  }

  const own = channel(settings);
  const bare = channel({ ...settings, noMacaroons: true });
  return {
    address,
    transport: kind,
    macaroonHeader: kind === "grpc" ? "macaroon" : "grpc-metadata-macaroon",
    own: own.client,
    bare: bare.client,
    transports: { own: own.transport, bare: bare.transport },
    async close() {
      closed = true;
      await Promise.all([...opened].map((t) => t.close()));
      opened.clear();
    },
  };
}
