import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from "node:http2";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { joinHostPort } from "@wtclient/core/internal";
import type { Faults } from "./faults.js";
import type { TlsPair } from "./tls-cert.js";

export type NodeHandler = (
  req: Http2ServerRequest | IncomingMessage,
  res: Http2ServerResponse | ServerResponse,
) => void;

export interface TlsListenerOptions {
  /** host and port as in lnd's `--rpclisten`/`--restlisten`; port 0 picks a free port once, kept for restarts */
  readonly listen: string;
  /** false: HTTP/2 only (lnd's gRPC); true: HTTP/1.1 too (lnd's REST) */
  readonly allowHTTP1: boolean;
  readonly handler: NodeHandler;
  readonly faults: Pick<Faults, "refuseConnections" | "resetConnections">;
}

/** Split `host:port` / `[v6]:port` / `:port` the way Go's net.SplitHostPort does. */
export function splitListen(listen: string): { host: string; port: number } {
  const colon = listen.lastIndexOf(":");
  const port = Number(listen.slice(colon + 1));
  if (colon < 0 || !/^\d+$/.test(listen.slice(colon + 1)) || port > 65535)
    throw new Error(`invalid listen address ${listen}`);
  const host = listen.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host, port };
}

/** One TLS port of the double; can be closed and opened again on the same port with the same or a new cert. */
export class TlsListener {
  readonly #options: TlsListenerOptions;
  readonly #host: string;
  #port: number;
  #server: Http2SecureServer | undefined;
  readonly #sockets = new Set<Socket>();
  readonly #sessions = new Set<Http2Session>();

  constructor(options: TlsListenerOptions) {
    this.#options = options;
    ({ host: this.#host, port: this.#port } = splitListen(options.listen));
  }

  /** `host:port` actually bound (IPv6 hosts in brackets). */
  get address(): string {
    const host = this.#host === "" ? "0.0.0.0" : this.#host;
    return joinHostPort(host, this.#port);
  }

  get listening(): boolean {
    return this.#server?.listening ?? false;
  }

  async open(tls: TlsPair): Promise<void> {
    if (this.#server !== undefined) return;
    const { handler, faults } = this.#options;
    const tlsOptions = {
      cert: tls.cert,
      key: tls.key,
      allowHTTP1: this.#options.allowHTTP1,
      minVersion: "TLSv1.2" as const,
    };
    const server = createSecureServer(tlsOptions, (req, res) => {
      // with allowHTTP1 an HTTP/1.1 request arrives as a plain IncomingMessage
      const request = req as Http2ServerRequest | IncomingMessage;
      if (!faults.resetConnections) return handler(request, res);
      // drop the whole connection mid-call, as a crashing or restarting lnd would
      if ("stream" in request) request.stream.session?.destroy();
      else request.socket.destroy();
    });
    server.on("connection", (socket: Socket) => {
      if (faults.refuseConnections) return socket.destroy();
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
    server.on("session", (session: Http2Session) => {
      this.#sessions.add(session);
      session.once("close", () => this.#sessions.delete(session));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.#port, this.#host === "" ? undefined : this.#host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Stop listening and drop every open connection; resolves when the server is fully closed. */
  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of this.#sessions) session.destroy();
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}
