import type { Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { GuardedSessionManager } from "./guarded-session-manager.js";
import { toPemCert } from "./cert-input.js";
import { DEFAULT_TIMEOUT_MS, macaroonHeaderSource, type LndTransport, type LndTransportOptions } from "./lnd-transport.js";
import { WtclientError } from "./wtclient-error.js";

/**
 * lnd's gRPC over HTTP/2 with TLS pinned to lnd's own cert, the macaroon as lowercase hex in the
 * `macaroon` metadata, a deadline on every call, and errors normalised to WtclientError.
 */
export function createLndGrpcTransport(options: LndTransportOptions): LndTransport {
  const ca = toPemCert(options.cert);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const baseUrl = `https://${options.host}`;
  const sessionManager = new GuardedSessionManager(
    baseUrl,
    // keep the connection open between calls, but let an idle one go so nothing pins the process forever
    { idleConnectionTimeoutMs: 30_000 },
    { ca, ...(options.servername !== undefined ? { servername: options.servername } : {}) },
  );
  const macaroon = macaroonHeaderSource(options);
  const auth: Interceptor = (next) => (req) => {
    const hex = macaroon();
    if (hex !== undefined) req.header.set("macaroon", hex);
    return next(req);
  };
  const normalise: Interceptor = (next) => async (req) => {
    try {
      return await next(req);
    } catch (e) {
      throw WtclientError.from(e, { host: options.host, method: req.method.name, timeoutMs });
    }
  };
  const inner = createGrpcTransport({ baseUrl, sessionManager, defaultTimeoutMs: timeoutMs, interceptors: [normalise, auth] });
  const close = async (): Promise<void> => sessionManager.abort();
  return {
    kind: "grpc",
    host: options.host,
    unary: (...args) => inner.unary(...args),
    stream: (...args) => inner.stream(...args),
    close,
    [Symbol.asyncDispose]: close,
  };
}
