import type { AnyRequest } from "./write-refusal.js";

/** Whether the request carries a body: a Content-Length above 0, chunked, or (HTTP/2) no END_STREAM on its headers. */
export function hasBody(req: AnyRequest): boolean {
  const length = req.headers["content-length"];
  if (length !== undefined) return length !== "0";
  if ("stream" in req) return !req.stream.endAfterHeaders;
  return req.headers["transfer-encoding"] !== undefined;
}
