import { create, fromJson, type DescMessage, type DescMethodUnary, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, type ContextValues } from "@connectrpc/connect";
import type { UnaryResponse } from "@connectrpc/connect";
import type { PinnedHttps } from "./pinned-https.js";
import { toPemCert } from "./cert-input.js";
import { watchtowerMethodOf } from "./watchtower-methods.js";
import { restRequestOf } from "./rest-request.js";
import { interceptUnary } from "./intercept-unary.js";
import {
  DEFAULT_TIMEOUT_MS,
  headersOf,
  macaroonHeaderSource,
  noStreaming,
  readMaxBytesOf,
  type LndTransport,
  type LndTransportOptions,
} from "./lnd-transport.js";
import { readCapped, responseTooLarge } from "./read-capped.js";
import { metadataEntries } from "./call-metadata.js";
import { parseSocksProxy, proxyTimeout } from "./socks-dial.js";
import { WtclientError, codeOf, isEnvelope } from "./wtclient-error.js";

/** Codes by HTTP status, for answers that carry no lnd envelope (a proxy in between, say). */
function codeOfHttpStatus(status: number): Code {
  const map: Record<number, Code> = {
    400: Code.InvalidArgument,
    401: Code.Unauthenticated,
    403: Code.PermissionDenied,
    404: Code.NotFound,
    409: Code.Aborted,
    429: Code.ResourceExhausted,
    499: Code.Canceled,
    501: Code.Unimplemented,
    503: Code.Unavailable,
    504: Code.DeadlineExceeded,
  };
  return map[status] ?? Code.Unknown;
}

/**
 * lnd's REST gateway as a connect `Transport`: HTTPS pinned to lnd's cert, `Grpc-Metadata-macaroon`,
 * lnd's routes and base64 rules, JSON read with `fromJson`, and lnd's error envelope raised as the
 * same WtclientError the gRPC transport raises for the same answer.
 */
export function createLndRestTransport(options: LndTransportOptions): LndTransport {
  const ca = toPemCert(options.cert);
  const timeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const readMaxBytes = readMaxBytesOf(options);
  // the HTTPS client is loaded on the first call, so code that only ever speaks gRPC never pays for it
  let client: Promise<PinnedHttps> | undefined;
  const socks = options.socksProxy !== undefined ? parseSocksProxy(options.socksProxy) : undefined;
  const proxy = socks && { socks, timeoutMs };
  const connect = () =>
    (client ??= import("./pinned-https.js").then((m) =>
      m.createPinnedHttps({ ca, servername: options.servername, ...(proxy ? { proxy } : {}) }),
    ));
  const macaroon = macaroonHeaderSource(options);
  // lnd's REST proxy (grpc-gateway) turns Grpc-Metadata-<key> headers into gRPC metadata <key>
  const metadata = metadataEntries(options.metadata).map(([key, value]) => [`grpc-metadata-${key}`, value] as const);
  const origin = `https://${options.host}`;

  async function unary<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    signal: AbortSignal | undefined,
    callTimeoutMs: number | undefined,
    header: ConstructorParameters<typeof Headers>[0] | undefined,
    input: MessageInitShape<I>,
    _contextValues?: ContextValues,
  ): Promise<UnaryResponse<I, O>> {
    const ctx = { host: options.host, method: method.name, timeoutMs: callTimeoutMs ?? timeoutMs };
    const route = watchtowerMethodOf(method)?.rest;
    if (route === undefined) throw new Error(`no lnd REST route for ${method.parent.typeName}/${method.name}`);
    const message = create(method.input, input);
    const request = restRequestOf(route, method.input, message);
    const headers: Record<string, string> = {};
    if (header !== undefined) new Headers(header).forEach((value, key) => (headers[key] = value));
    for (const [key, value] of metadata) headers[key] = value;
    const hex = macaroon();
    if (hex !== undefined) headers["grpc-metadata-macaroon"] = hex;
    if (request.body !== undefined) headers["content-type"] = "application/json";
    // one controller per call: the deadline and the caller's signal both end it
    const abort = new AbortController();
    let timedOut = false;
    const timer = ctx.timeoutMs > 0 ? setTimeout(() => ((timedOut = true), abort.abort()), ctx.timeoutMs) : undefined;
    const onAbort = () => abort.abort();
    signal?.addEventListener("abort", onAbort);
    let status: number;
    let text: string;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let https: PinnedHttps | undefined;
    try {
      https = await connect();
      const res = await https.request(origin + request.path, {
        method: route.method,
        headers,
        body: request.body,
        signal: abort.signal,
      });
      status = res.status;
      responseHeaders = res.headers;
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > readMaxBytes) throw responseTooLarge(readMaxBytes, ctx);
      text = (await readCapped(res.body, readMaxBytes, ctx)).toString("utf8");
    } catch (e) {
      if (e instanceof WtclientError && e.reason === "response-too-large") {
        abort.abort(); // the rest of the answer is not read: drop its connection rather than leave it busy
        throw e;
      }
      // the deadline passed while the proxy was still connecting (or its own handshake timer ran out first)
      const proxyTimedOut = e instanceof WtclientError && e.reason === "proxy-timeout";
      if (proxy !== undefined && (proxyTimedOut || (timedOut && (https?.dialing() ?? 0) > 0)))
        throw proxyTimeout(proxy.socks, options.host, ctx.timeoutMs, e);
      if (timedOut) throw WtclientError.of("the operation timed out", Code.DeadlineExceeded, ctx, e);
      if (signal?.aborted === true) throw WtclientError.of("the operation was aborted", Code.Canceled, ctx, e);
      throw WtclientError.from(e, ctx);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw WtclientError.of(`lnd answered HTTP ${status} with a body that is not JSON`, codeOfHttpStatus(status), ctx);
    }
    if (status !== 200) {
      if (isEnvelope(json)) throw WtclientError.of(json.message, codeOf(json.code), ctx);
      throw WtclientError.of(`lnd answered HTTP ${status}`, codeOfHttpStatus(status), ctx);
    }
    let out;
    try {
      // newer lnd versions may add fields: tolerate them
      out = fromJson(method.output, json as never, { ignoreUnknownFields: true });
    } catch (e) {
      throw WtclientError.of(`cannot read lnd's answer: ${(e as Error).message}`, Code.Internal, ctx, e);
    }
    return {
      stream: false,
      service: method.parent,
      method,
      // built only when read: Node loads its bundled fetch code for the first global Headers
      get header() {
        return headersOf(responseHeaders);
      },
      get trailer() {
        return new Headers();
      },
      message: out,
    };
  }

  const close = async (): Promise<void> => {
    if (client !== undefined) await (await client).close();
  };
  return {
    kind: "rest",
    host: options.host,
    unary: interceptUnary(unary, options.interceptors, origin),
    stream: noStreaming,
    close,
    [Symbol.asyncDispose]: close,
  };
}
