import { Code } from "@connectrpc/connect";
import type { OutgoingHttpHeaders } from "node:http";
import { isWellFormedText } from "./go-utf8.js";
import { sendResponse, type AnyResponse } from "./send-response.js";

/** grpc-gateway's answer when the status cannot be marshalled (its message is not UTF-8). */
const MARSHAL_FALLBACK = `{"code": 13, "message": "failed to marshal error message"}`;

/** A header value as Go writes one: UTF-8 bytes, line breaks (and what Node cannot send) as spaces, trimmed. */
function headerValue(text: string): string {
  return Buffer.from(text, "utf8")
    .toString("latin1")
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, " ")
    .trim();
}

/**
 * lnd's REST error (grpc-gateway's DefaultHTTPErrorHandler): `{"code","message","details":[]}` as
 * application/json; Unauthenticated also names the message in `WWW-Authenticate`.
 */
export function writeLndError(res: AnyResponse, httpStatus: number, code: number, message: string): void {
  const headers: OutgoingHttpHeaders = { "content-type": "application/json" };
  if (code === Code.Unauthenticated) headers["www-authenticate"] = headerValue(message);
  if (!isWellFormedText(message)) {
    sendResponse(res, 500, headers, MARSHAL_FALLBACK);
    return;
  }
  sendResponse(res, httpStatus, headers, JSON.stringify({ code, message, details: [] }));
}
