import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { ConnectError, type Code } from "@connectrpc/connect";
import { errorToJsonBytes } from "@connectrpc/connect/protocol-connect";
import { setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import { writeLndError } from "@wtclient/rest-gateway";

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** An answer the service gives before a request reaches its handler. */
export interface Refusal {
  readonly status: number;
  readonly code: Code;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Write a refusal the way the request's surface expects errors: lnd's REST envelope, a Connect
 * error body, or a gRPC / gRPC-Web trailers-only answer (HTTP 200 with grpc-status).
 */
export function writeRefusal(
  res: AnyResponse,
  surface: string,
  contentType: string | undefined,
  refusal: Refusal,
): void {
  for (const [name, value] of Object.entries(refusal.headers ?? {})) res.setHeader(name, value);
  const error = new ConnectError(refusal.message, refusal.code);
  if (surface === "grpc" || surface === "grpc-web") {
    const trailer = new Headers();
    setTrailerStatus(trailer, error);
    const type =
      contentType !== undefined && contentType.startsWith(`application/${surface}`)
        ? contentType
        : `application/${surface}+proto`;
    (res as ServerResponse).writeHead(200, { "content-type": type, ...Object.fromEntries(trailer) });
    res.end();
    return;
  }
  if (surface === "connect") {
    const body = errorToJsonBytes(error, {});
    (res as ServerResponse).writeHead(refusal.status, {
      "content-type": "application/json",
      "content-length": body.byteLength,
    });
    res.end(body);
    return;
  }
  writeLndError(res, refusal.status, refusal.code, refusal.message);
}
