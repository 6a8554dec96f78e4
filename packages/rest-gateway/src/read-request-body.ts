import { Code, ConnectError } from "@connectrpc/connect";
import type { IncomingMessage } from "node:http";
import type { Http2ServerRequest } from "node:http2";

export type AnyRequest = IncomingMessage | Http2ServerRequest;

/** The client went away before the body was complete: there is nobody left to answer. */
export class RequestAbortedError extends Error {
  override readonly name = "RequestAbortedError";
}

/** Go's `http.MaxBytesReader` text, as grpc-gateway would report it (400, InvalidArgument). */
const tooLarge = (): ConnectError => new ConnectError("http: request body too large", Code.InvalidArgument);

/**
 * The whole request body, at most `limit` bytes. Past the limit the rest is drained unread (so the
 * answer still reaches the client and the connection stays usable) and InvalidArgument is thrown.
 */
export function readRequestBody(req: AnyRequest, limit: number): Promise<Buffer> {
  if (Number(req.headers["content-length"]) > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      stop();
      req.resume();
      reject(tooLarge());
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onClose = (): void => {
      stop();
      reject(new RequestAbortedError("the request ended before its body did"));
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("close", onClose);
  });
}
