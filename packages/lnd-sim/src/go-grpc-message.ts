import type { Http2ServerResponse } from "node:http2";
import type { ServerResponse } from "node:http";
import type { OutgoingHttpHeaders } from "node:http";
import type { NodeHandler } from "./tls-listener.js";

/**
 * grpc-go's encodeGrpcMessage: bytes outside printable ASCII, and '%', become %XX; everything else,
 * ':' included, stays as it is. (connect percent-encodes like encodeURIComponent, and grpc-js decodes
 * with decodeURI, which would leave lnd's "invalid public key: ..." as "invalid public key%3A ...").
 */
export function encodeGrpcMessage(message: string): string {
  let out = "";
  for (const b of Buffer.from(message, "utf8")) {
    out +=
      b >= 0x20 && b <= 0x7e && b !== 0x25
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function reencode(headers: OutgoingHttpHeaders | undefined): void {
  const value = headers?.["grpc-message"];
  if (headers !== undefined && typeof value === "string")
    headers["grpc-message"] = encodeGrpcMessage(decodeURIComponent(value));
}

/** Serve `handler` with grpc-message written the way lnd's grpc-go writes it, in headers and trailers. */
export function withGoGrpcMessage(handler: NodeHandler): NodeHandler {
  return (req, res) => {
    const response = res as Http2ServerResponse & ServerResponse;
    const addTrailers = response.addTrailers.bind(response);
    response.addTrailers = (headers: OutgoingHttpHeaders) => {
      reencode(headers);
      addTrailers(headers);
    };
    const writeHead = response.writeHead.bind(response) as (status: number, headers?: OutgoingHttpHeaders) => unknown;
    (response as { writeHead: unknown }).writeHead = (status: number, headers?: OutgoingHttpHeaders) => {
      reencode(headers);
      return writeHead(status, headers);
    };
    handler(req, res);
  };
}
