import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";

export type AnyResponse = ServerResponse | Http2ServerResponse;

/** Write a whole response: status, headers, Content-Length and the body. */
export function sendResponse(res: AnyResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
  const payload = Buffer.from(body, "utf8");
  res.writeHead(status, { ...headers, "content-length": payload.length });
  res.end(payload);
}
