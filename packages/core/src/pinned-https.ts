import * as https from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { dialSocks, startPinnedTls, type SocksProxy } from "./socks-dial.js";

/** One HTTP/1.1 request to lnd's REST listener. */
export interface PinnedRequest {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string | undefined;
  /** ends the request (the caller's deadline or its own signal) */
  readonly signal: AbortSignal;
}

/** lnd's answer: status and headers, the body still to read (the request's signal also ends the reading). */
export interface PinnedResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: AsyncIterable<Buffer>;
}

/** Node's own HTTPS client with a pool of kept-alive connections, trusting only `ca` (lnd's own cert). */
export interface PinnedHttps {
  request(url: string, init: PinnedRequest): Promise<PinnedResponse>;
  /** drop every connection, idle or busy */
  close(): Promise<void>;
  /** connections being set up through the proxy right now */
  readonly dialing: () => number;
}

/** Where to connect: directly, or through a SOCKS5 proxy with this timeout for its handshake. */
export interface PinnedHttpsOptions {
  readonly ca: string;
  readonly servername: string | undefined;
  readonly proxy?: { readonly socks: SocksProxy; readonly timeoutMs: number };
}

/** how long an idle connection is kept for the next call */
const idleMs = 30_000;

export function createPinnedHttps({ ca, servername, proxy }: PinnedHttpsOptions): PinnedHttps {
  let dialing = 0;
  const agent = new https.Agent({
    ca,
    // explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot switch the pin off
    rejectUnauthorized: true,
    ...(servername !== undefined ? { servername } : {}),
    // say HTTP/1.1 in the handshake, so an HTTP/2-only listener (lnd's gRPC port) refuses it there
    ALPNProtocols: ["http/1.1"],
    // keep connections between calls (Node unrefs idle ones, so they never hold the process) and drop them after idleMs
    keepAlive: true,
    timeout: idleMs,
  });
  type Connect = (opts: https.RequestOptions, callback: (error: Error | null, socket?: Duplex) => void) => undefined;
  const handOver = (
    connecting: Promise<Duplex>,
    callback: (error: Error | null, socket?: Duplex) => void,
  ): undefined => {
    connecting.then(
      (socket) => callback(null, socket),
      (e: Error) => callback(e),
    );
    return undefined;
  };
  // Node's own TLS dial, handed to the request only once the handshake is done: a refused handshake
  // (an HTTP/2-only listener, a wrong cert) then fails as the TLS error it is, not as a failed write
  const tlsDial = (agent.createConnection as (opts: https.RequestOptions) => TLSSocket).bind(agent);
  const direct: Connect = (opts, callback) =>
    handOver(
      new Promise((resolve, reject) => {
        const socket = tlsDial(opts);
        socket.once("error", reject);
        socket.once("secureConnect", () => {
          socket.off("error", reject);
          resolve(socket);
        });
      }),
      callback,
    );
  // through a proxy: SOCKS5 to lnd (its name unresolved), then TLS with the same pin and name check
  const throughProxy: Connect | undefined =
    proxy &&
    ((opts, callback) => {
      const host = (opts.host ?? "localhost").replace(/^\[(.*)\]$/, "$1");
      const port = opts.port === undefined || opts.port === null || opts.port === "" ? 443 : Number(opts.port);
      dialing += 1;
      const connecting = dialSocks(proxy.socks, { host, port }, proxy.timeoutMs)
        .then((socket) =>
          startPinnedTls(socket, { ca, host, ...(servername !== undefined ? { servername } : {}), alpn: "http/1.1" }),
        )
        .finally(() => (dialing -= 1));
      return handOver(connecting, callback);
    });
  // Node's Agent takes a socket handed to this callback later, as it does one returned at once
  (agent as unknown as { createConnection: Connect }).createConnection = throughProxy ?? direct;

  function request(url: string, init: PinnedRequest): Promise<PinnedResponse> {
    return new Promise((resolve, reject) => {
      // a body goes with its length, as lnd's own clients send it (Node would otherwise send it chunked)
      const headers =
        init.body !== undefined
          ? { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) }
          : init.headers;
      const req = https.request(url, { method: init.method, headers, agent, signal: init.signal }, (res) =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
      );
      req.on("error", reject);
      req.end(init.body);
    });
  }

  const close = async (): Promise<void> => agent.destroy();
  return { request, close, dialing: () => dialing };
}
