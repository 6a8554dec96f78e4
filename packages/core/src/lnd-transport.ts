import { Code, type Interceptor, type Transport } from "@connectrpc/connect";
import { toMacaroonBytes } from "./macaroon-input.js";
import { constrainMacaroon } from "./macaroon-caveats.js";
import { bytesToHex } from "./bytes-codec.js";
import { WtclientError } from "./wtclient-error.js";
import type { CallMetadata } from "./call-metadata.js";
import { DEFAULT_READ_MAX_BYTES } from "./read-capped.js";

/**
 * How to reach one lnd; shared by the gRPC and the REST transport. Where an option means what one of
 * `@connectrpc/connect-node`'s transport options means, it has that name (`defaultTimeoutMs`, `interceptors`,
 * `readMaxBytes`). Ours differ where lnd's conventions do: `host` is lncli's `host:port` (`--rpcserver`), not a
 * `baseUrl` (the scheme is always https and the path always lnd's), and TLS is `cert` (pinned: the only root
 * trusted) plus `servername`, not `nodeOptions`, so the pin cannot be loosened by accident.
 */
export interface LndTransportOptions {
  /** `host:port` of lnd's gRPC listener (default port 10009) or REST listener (8080); `[::1]:10009` for IPv6. */
  readonly host: string;
  /** lnd's tls.cert, the only trusted root: PEM text, DER bytes, base64 DER or hex DER. */
  readonly cert: string | Uint8Array;
  /** lnd's binary macaroon as bytes, hex or base64; omit to send none. */
  readonly macaroon?: string | Uint8Array;
  /** Seconds of the `time-before` caveat added to every call (lncli's --macaroontimeout); default 60, 0 adds none. */
  readonly macaroonTimeoutSeconds?: number;
  /** Adds an `ipaddr` caveat to every call (lncli's --macaroonip). */
  readonly macaroonIp?: string;
  /** The name to check the cert against, when the dialed host is not in its SANs (a remote node's IP). */
  readonly servername?: string;
  /**
   * Deadline in milliseconds of each call that sets none itself (connect's `defaultTimeoutMs`); default 30 000,
   * 0 for none. Through a proxy it covers the proxy's connect too.
   */
  readonly defaultTimeoutMs?: number;
  /** connect interceptors run around every call, the first one outermost (connect's `interceptors`). */
  readonly interceptors?: readonly Interceptor[];
  /**
   * The largest answer accepted, in bytes (connect's `readMaxBytes`); default 4 MiB. A larger one fails with
   * a WtclientError, code ResourceExhausted and reason `response-too-large`.
   */
  readonly readMaxBytes?: number;
  /**
   * `host:port` of a SOCKS5 proxy (Tor's `127.0.0.1:9050`) to reach lnd through; the host name goes to
   * the proxy unresolved, so `.onion` addresses work. TLS is pinned and checked as on a direct connection.
   */
  readonly socksProxy?: string;
  /** Metadata added to every call (lncli's --metadata): gRPC metadata, or `Grpc-Metadata-<key>` headers over REST. */
  readonly metadata?: CallMetadata;
}

/** A connect `Transport` to lnd that owns a connection and can be closed. */
export interface LndTransport extends Transport, AsyncDisposable {
  /** Which of lnd's surfaces it speaks. */
  readonly kind: "grpc" | "rest";
  /** The dialed `host:port`. */
  readonly host: string;
  /** Close the connection; calls in flight fail. */
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** `readMaxBytes`, checked: a whole number of bytes >= 1. */
export function readMaxBytesOf(options: LndTransportOptions): number {
  const limit = options.readMaxBytes ?? DEFAULT_READ_MAX_BYTES;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new WtclientError(
      `readMaxBytes must be a whole number of bytes >= 1, not ${limit}`,
      Code.InvalidArgument,
      "bad-request",
      "omit readMaxBytes for the default of 4 MiB",
    );
  }
  return limit;
}

/** A response's header block (HTTP/2 or HTTP/1.1, as Node gives it) as fetch `Headers`, pseudo-headers left out. */
export function headersOf(block: Record<string, string | string[] | undefined> | undefined): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(block ?? {}))
    if (!k.startsWith(":") && v !== undefined) out.set(k, Array.isArray(v) ? v.join(", ") : v);
  return out;
}

/** The host and port of `host:port` (IPv6 without brackets; 443 when no port is given, as `https://host` dials). */
export function targetOf(host: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(`https://${host}`);
  } catch {
    throw new WtclientError(
      `invalid lnd address "${host}": want host:port`,
      Code.InvalidArgument,
      "bad-request",
      "e.g. --rpcserver localhost:10009",
    );
  }
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port === "" ? 443 : Number(url.port) };
}

/** Both transports' answer to a streaming call. */
export function noStreaming(): Promise<never> {
  return Promise.reject(WtclientError.of("lnd's WatchtowerClient has no streaming RPC", Code.Unimplemented));
}

/** A per-call source of the macaroon header value: lowercase hex with fresh caveats, or undefined. */
export function macaroonHeaderSource(options: LndTransportOptions): () => string | undefined {
  if (options.macaroon === undefined) return () => undefined;
  const base = toMacaroonBytes(options.macaroon);
  const timeoutSeconds = options.macaroonTimeoutSeconds ?? 60;
  const ip = options.macaroonIp;
  if (timeoutSeconds === 0 && ip === undefined) {
    const hex = bytesToHex(base);
    return () => hex;
  }
  // re-signing costs far more than a call (the macaroon library reallocates its buffer on every write),
  // so a constrained macaroon is reused for a quarter of its lifetime (at most 15 s): whatever is
  // captured in transit still dies within the timeout, and busy callers pay once per window
  const refreshMs = Math.min((timeoutSeconds * 1000) / 4, 15_000);
  let cached: { hex: string; at: number } | undefined;
  return () => {
    const now = Date.now();
    if (cached === undefined || now - cached.at >= refreshMs) {
      cached = { hex: bytesToHex(constrainMacaroon(base, { timeoutSeconds, ip, now: new Date(now) })), at: now };
    }
    return cached.hex;
  };
}
