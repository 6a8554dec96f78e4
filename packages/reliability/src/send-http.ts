import { request, type Agent, type IncomingHttpHeaders } from "node:http";

export interface HttpRequest {
  readonly method: string;
  /** The request target exactly as sent: characters U+0021-U+00FF, each one byte on the wire. */
  readonly target: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** The server did not answer a request in time. */
export class NoAnswerError extends Error {
  override readonly name = "NoAnswerError";
}

/** One HTTP/1.1 request to 127.0.0.1:port; rejects with NoAnswerError when no full answer came within `deadlineMs`. */
export function sendHttp(agent: Agent, port: number, req: HttpRequest, deadlineMs: number): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const r = request(
      { host: "127.0.0.1", port, method: req.method, path: req.target, headers: req.headers ?? {}, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      const error = new NoAnswerError(
        `no answer within ${deadlineMs} ms to ${req.method} ${JSON.stringify(req.target)}`,
      );
      r.destroy(error);
      reject(error);
    }, deadlineMs);
    r.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    r.end(req.body);
  });
}
