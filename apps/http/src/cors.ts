// Hand-written on purpose: CORS applies in the front door, before fastify, so that refusals (401/403/503) carry it too, and the
// Connect and REST handlers write the raw response, where @fastify/cors's reply.header() never arrives.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

// lnd's allowCORS headers plus what bearer tokens and the Connect/gRPC-Web protocols need
const allowHeaders =
  "Content-Type, Accept, Grpc-Metadata-Macaroon, Authorization, Connect-Protocol-Version, Connect-Timeout-Ms, Grpc-Timeout, X-Grpc-Web, X-User-Agent";
const exposeHeaders = "Grpc-Status, Grpc-Message, Grpc-Status-Details-Bin, WWW-Authenticate";

/**
 * The CORS response headers for a request (none unless its Origin is the allowed one), and whether
 * it is a preflight to answer with them alone.
 */
export function corsHeadersOf(
  allowedOrigin: string,
  method: string | undefined,
  headers: IncomingHttpHeaders,
): { headers: OutgoingHttpHeaders; preflight: boolean } {
  const origin = headers.origin;
  if (origin === undefined || (allowedOrigin !== "*" && origin !== allowedOrigin))
    return { headers: {}, preflight: false };
  const out: OutgoingHttpHeaders = {
    "access-control-allow-origin": allowedOrigin === "*" ? "*" : origin,
    "access-control-expose-headers": exposeHeaders,
    vary: "Origin",
  };
  const preflight = method === "OPTIONS" && headers["access-control-request-method"] !== undefined;
  if (preflight) {
    out["access-control-allow-methods"] = "GET, POST, DELETE";
    out["access-control-allow-headers"] = allowHeaders;
    out["access-control-max-age"] = "600";
  }
  return { headers: out, preflight };
}
