import * as http2 from "node:http2";
import type { Duplex } from "node:stream";
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * One HTTP/2 connection to lnd, opened on first use and again after it closes. It keeps the process
 * alive only while a call is in flight, closes itself after `idleMs` without calls, and never lets a
 * connection error escape as an unhandled event (each call reports its own failure).
 *
 * With `dial` (a SOCKS proxy), the TLS socket is built first and HTTP/2 runs over it; calls made
 * meanwhile wait for the same dial.
 *
 * Why not connect-node's gRPC transport: its HTTP/2 session manager raises an uncaught "received GOAWAY
 * without any open streams" when lnd closes an idle connection (restart, shutdown), which kills the process.
 * connect-es#1768 is still open; until it is fixed, this client handles every connection event itself.
 * The transports still speak connect's `Transport` and take connect's `interceptors` (intercept-unary.ts).
 */
export class Http2Connection {
  private session: http2.ClientHttp2Session | undefined;
  private dialing: Promise<http2.ClientHttp2Session> | undefined;
  /** bumped by close(), so a dial that ends after it is thrown away */
  private generation = 0;
  /** the failure callbacks of the calls in flight, told when their connection fails */
  private readonly waiting = new Set<(error: unknown) => void>();

  constructor(
    private readonly authority: string,
    private readonly options: http2.SecureClientSessionOptions,
    private readonly idleMs = 30_000,
    private readonly dial?: () => Promise<Duplex>,
  ) {}

  /**
   * The open session, connecting when there is none (a promise while a proxy dial is under way).
   * `onError` hears of a connection failure (refused, TLS) before the stream's echo of it; call
   * `release(onError)` when the call ends.
   */
  acquire(onError: (error: unknown) => void): http2.ClientHttp2Session | Promise<http2.ClientHttp2Session> {
    this.waiting.add(onError);
    const s = this.session;
    if (s !== undefined && !s.closed && !s.destroyed) {
      s.ref();
      return s;
    }
    if (this.dial === undefined) return this.open(http2.connect(this.authority, this.options));
    if (this.dialing === undefined) {
      const generation = this.generation;
      const dialing = this.dial().then((socket) => {
        if (generation !== this.generation) {
          socket.destroy();
          throw new ConnectError("the connection was closed", Code.Canceled);
        }
        return this.open(http2.connect(this.authority, { ...this.options, createConnection: () => socket }));
      });
      const forget = () => {
        if (this.dialing === dialing) this.dialing = undefined;
      };
      dialing.then(forget, forget);
      this.dialing = dialing;
    }
    return this.dialing.then((session) => {
      if (this.waiting.has(onError)) session.ref();
      return session;
    });
  }

  private open(fresh: http2.ClientHttp2Session): http2.ClientHttp2Session {
    const forget = () => {
      if (this.session === fresh) this.session = undefined;
    };
    fresh.on("error", (error) => {
      forget();
      for (const tell of [...this.waiting]) tell(error);
    });
    fresh.on("close", forget);
    fresh.on("goaway", forget);
    fresh.setTimeout(this.idleMs, () => {
      if (this.waiting.size === 0) fresh.close();
    });
    if (this.waiting.size === 0) fresh.unref();
    this.session = fresh;
    return fresh;
  }

  release(onError: (error: unknown) => void): void {
    this.waiting.delete(onError);
    if (this.waiting.size === 0) this.session?.unref();
  }

  /** Drop the connection; calls in flight fail. */
  close(): void {
    this.generation += 1;
    this.dialing = undefined;
    this.session?.destroy();
    this.session = undefined;
  }
}
