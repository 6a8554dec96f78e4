import * as http2 from "node:http2";
import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type DescMethodUnary,
  type MessageInitShape,
} from "@bufbuild/protobuf";
import { Code, ConnectError, type UnaryResponse } from "@connectrpc/connect";
import { toPemCert } from "./cert-input.js";
import { decodeGrpcFrame, encodeGrpcFrame, grpcStatusOf, grpcTimeoutHeader } from "./grpc-frame.js";
import { Http2Connection } from "./http2-connection.js";
import { metadataEntries } from "./call-metadata.js";
import { interceptUnary } from "./intercept-unary.js";
import {
  DEFAULT_TIMEOUT_MS,
  headersOf,
  macaroonHeaderSource,
  noStreaming,
  readMaxBytesOf,
  targetOf,
  type LndTransport,
  type LndTransportOptions,
} from "./lnd-transport.js";
import { responseTooLarge } from "./read-capped.js";
import { dialSocks, parseSocksProxy, proxyTimeout, startPinnedTls } from "./socks-dial.js";
import { WtclientError } from "./wtclient-error.js";

/**
 * lnd's gRPC: unary calls over one HTTP/2 connection with TLS pinned to lnd's own cert, the macaroon
 * as lowercase hex in the `macaroon` metadata, a deadline on every call (sent as `grpc-timeout` too),
 * and failures raised as WtclientError. A lean client of its own: lnd's WatchtowerClient is unary only,
 * and this path is the one every CLI call and every HTTP request takes.
 */
export function createLndGrpcTransport(options: LndTransportOptions): LndTransport {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const readMaxBytes = readMaxBytesOf(options);
  const ca = toPemCert(options.cert);
  const proxy = options.socksProxy !== undefined ? parseSocksProxy(options.socksProxy) : undefined;
  const target = proxy && targetOf(options.host);
  // through a proxy: SOCKS5 to lnd, then TLS with the same pin and name check as http2.connect makes
  const dial =
    proxy &&
    target &&
    (async () =>
      startPinnedTls(await dialSocks(proxy, target, defaultTimeoutMs), {
        ca,
        host: target.host,
        ...(options.servername !== undefined ? { servername: options.servername } : {}),
        alpn: "h2",
      }));
  const connection = new Http2Connection(
    `https://${options.host}`,
    {
      ca,
      // explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot switch the pin off
      rejectUnauthorized: true,
      ...(options.servername !== undefined ? { servername: options.servername } : {}),
    },
    undefined,
    dial,
  );
  const macaroon = macaroonHeaderSource(options);
  const metadata = metadataEntries(options.metadata);

  function unary<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    header: ConstructorParameters<typeof Headers>[0] | undefined,
    input: MessageInitShape<I>,
  ): Promise<UnaryResponse<I, O>> {
    const deadline = timeoutMs ?? defaultTimeoutMs;
    const ctx = { host: options.host, method: method.name, timeoutMs: deadline };
    return new Promise((resolve, reject) => {
      const request: http2.OutgoingHttpHeaders = {
        ":method": "POST",
        ":path": `/${method.parent.typeName}/${method.name}`,
        "content-type": "application/grpc+proto",
        te: "trailers",
        "user-agent": "wtclient",
      };
      if (deadline > 0) request["grpc-timeout"] = grpcTimeoutHeader(deadline);
      // Node builds its global Headers from a bundled undici on first use (~13 ms): only when there are any
      if (header !== undefined) new Headers(header).forEach((value, key) => (request[key] = value));
      for (const [key, value] of metadata) request[key] = value;
      const hex = macaroon();
      if (hex !== undefined) request.macaroon = hex;

      let settled = false;
      let stream: http2.ClientHttp2Stream | undefined;
      /** still waiting for the proxy to connect */
      let dialing = false;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        connection.release(fail);
        return true;
      };
      function fail(error: unknown): void {
        if (!finish()) return;
        if (stream !== undefined && !stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(WtclientError.from(error, ctx));
      }
      const onAbort = () => fail(new ConnectError("the operation was aborted", Code.Canceled));
      const onTimeout = () =>
        fail(
          dialing && proxy
            ? proxyTimeout(proxy, options.host, deadline)
            : new ConnectError("the operation timed out", Code.DeadlineExceeded),
        );
      const timer = deadline > 0 ? setTimeout(onTimeout, deadline) : undefined;
      signal?.addEventListener("abort", onAbort);
      if (signal?.aborted) return onAbort();
      let session: http2.ClientHttp2Session | Promise<http2.ClientHttp2Session>;
      try {
        session = connection.acquire(fail);
      } catch (e) {
        return fail(e);
      }
      if (session instanceof Promise) {
        dialing = true;
        session.then((s) => {
          dialing = false;
          if (!settled) sendSafely(s);
        }, fail);
      } else sendSafely(session);

      function sendSafely(session: http2.ClientHttp2Session): void {
        try {
          send(session);
        } catch (e) {
          fail(e);
        }
      }

      function send(session: http2.ClientHttp2Session): void {
        let responseHeaders: http2.IncomingHttpHeaders | undefined;
        let trailers: http2.IncomingHttpHeaders | undefined;
        const chunks: Buffer[] = [];
        let received = 0;
        try {
          stream = session.request(request);
        } catch (e) {
          return fail(e);
        }
        stream.on("response", (h) => (responseHeaders = h));
        stream.on("trailers", (t) => (trailers = t));
        stream.on("data", (chunk: Buffer) => {
          received += chunk.length;
          // the message plus its 5-byte gRPC frame header
          if (received > readMaxBytes + 5) return fail(responseTooLarge(readMaxBytes, ctx));
          chunks.push(chunk);
        });
        stream.on("error", fail);
        stream.on("close", () => {
          if (settled) return;
          // a trailers-only answer (every lnd error) carries its status in the headers
          const status = grpcStatusOf(trailers ?? {}) ?? grpcStatusOf(responseHeaders ?? {});
          if (status === undefined) {
            const http = responseHeaders?.[":status"];
            return fail(
              new ConnectError(
                http !== undefined ? `HTTP ${http} without a gRPC status` : "the stream closed without an answer",
                http !== undefined ? Code.Unknown : Code.Unavailable,
              ),
            );
          }
          if (status.code !== 0)
            return fail(new ConnectError(status.message, status.code, headersOf(trailers ?? responseHeaders)));
          const body = decodeGrpcFrame(Buffer.concat(chunks));
          if (typeof body === "string") return fail(new ConnectError(body, Code.Internal));
          let message;
          try {
            message = fromBinary(method.output, body);
          } catch (e) {
            return fail(new ConnectError(`cannot read lnd's answer: ${(e as Error).message}`, Code.Internal));
          }
          finish();
          // headers and trailers are built only if someone reads them (see above: a CLI call never does)
          resolve({
            stream: false,
            service: method.parent,
            method,
            get header() {
              return headersOf(responseHeaders);
            },
            get trailer() {
              return headersOf(trailers);
            },
            message,
          });
        });
        stream.end(encodeGrpcFrame(toBinary(method.input, create(method.input, input))));
      }
    });
  }

  const close = async (): Promise<void> => connection.close();
  return {
    kind: "grpc",
    host: options.host,
    unary: interceptUnary(unary, options.interceptors, `https://${options.host}`),
    stream: noStreaming,
    close,
    [Symbol.asyncDispose]: close,
  };
}
