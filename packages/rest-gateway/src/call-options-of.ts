import { Code, ConnectError } from "@connectrpc/connect";
import { grpcReservedHeaders } from "@wtclient/core/internal";
import { goStringOf, bytesOfText } from "./go-utf8.js";
import type { AnyRequest } from "./read-request-body.js";

export interface GatewayCallOptions {
  /** `Grpc-Metadata-<key>` request headers as call headers `<key>` (the macaroon among them). */
  readonly headers: Headers;
  /** From `Grpc-Timeout`; absent means no deadline. */
  readonly timeoutMs?: number;
  /** `Grpc-Timeout` was negative: the deadline has passed before the call starts. */
  readonly expired: boolean;
}

const METADATA_PREFIX = "grpc-metadata-";

/**
 * Keys never forwarded: grpc-go drops its reserved headers from metadata, HTTP/2 forbids
 * connection-specific ones, and connect's protocol headers belong to the transport.
 */
const reserved = new Set([
  ...grpcReservedHeaders,
  "content-encoding",
  "accept-encoding",
  "content-length",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "host",
  "connect-protocol-version",
  "connect-timeout-ms",
  "connect-content-encoding",
  "connect-accept-encoding",
]);

/** nanoseconds per `Grpc-Timeout` unit (grpc-gateway's timeoutDecode) */
const unitNanos: Record<string, bigint> = {
  H: 3_600_000_000_000n,
  M: 60_000_000_000n,
  S: 1_000_000_000n,
  m: 1_000_000n,
  u: 1_000n,
  n: 1n,
};

/** grpc-gateway's `timeoutDecode` with Go's `time.Duration` (int64 nanoseconds, wrapping on overflow). */
function decodeTimeout(text: string): bigint | undefined {
  const unit = unitNanos[text.slice(-1)];
  const amount = text.slice(0, -1);
  if (text.length < 2 || unit === undefined || !/^[+-]?[0-9]+$/.test(amount)) return undefined;
  const n = BigInt(amount);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return undefined;
  return BigInt.asIntN(64, n * unit);
}

/** What grpc-gateway's `AnnotateContext` takes from the HTTP request: outgoing metadata and the deadline. */
export function callOptionsOf(req: AnyRequest): GatewayCallOptions {
  const headers = new Headers();
  let timeout: string | undefined;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === "grpc-timeout") timeout ??= value;
    if (!name.startsWith(METADATA_PREFIX)) continue;
    const key = name.slice(METADATA_PREFIX.length);
    // a gRPC metadata key is 0-9 a-z _ - . (grpc-gateway skips anything else)
    if (!/^[0-9a-z._-]+$/.test(key) || reserved.has(key)) continue;
    try {
      headers.append(key, value);
    } catch {
      // a value no HTTP/2 header can carry: gRPC would refuse it, so it is dropped
    }
  }
  if (timeout === undefined || timeout === "") return { headers, expired: false };
  const nanos = decodeTimeout(timeout);
  if (nanos === undefined) {
    throw new ConnectError(`invalid grpc-timeout: ${goStringOf(bytesOfText(timeout))}`, Code.InvalidArgument);
  }
  // zero, or longer than a Node timer can wait (2^31-1 ms, about 596 hours): no deadline at all, never
  // a timer that overflows and fires at once
  if (nanos === 0n || nanos > 2_147_483_647_000_000n) return { headers, expired: false };
  return nanos < 0n ? { headers, expired: true } : { headers, timeoutMs: Number(nanos) / 1e6, expired: false };
}
