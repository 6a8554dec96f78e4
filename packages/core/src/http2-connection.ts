import * as http2 from "node:http2";

/**
 * One HTTP/2 connection to lnd, opened on first use and again after it closes. It keeps the process
 * alive only while a call is in flight, closes itself after `idleMs` without calls, and never lets a
 * connection error escape as an unhandled event (each call reports its own failure).
 */
export class Http2Connection {
  private session: http2.ClientHttp2Session | undefined;
  /** the failure callbacks of the calls in flight, told when their connection fails */
  private readonly waiting = new Set<(error: unknown) => void>();

  constructor(
    private readonly authority: string,
    private readonly options: http2.SecureClientSessionOptions,
    private readonly idleMs = 30_000,
  ) {}

  /**
   * The open session, connecting when there is none. `onError` hears of a connection failure (refused,
   * TLS) before the stream's echo of it; call `release(onError)` when the call ends.
   */
  acquire(onError: (error: unknown) => void): http2.ClientHttp2Session {
    let s = this.session;
    if (s === undefined || s.closed || s.destroyed) {
      const fresh = http2.connect(this.authority, this.options);
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
      this.session = s = fresh;
    }
    this.waiting.add(onError);
    s.ref();
    return s;
  }

  release(onError: (error: unknown) => void): void {
    this.waiting.delete(onError);
    if (this.waiting.size === 0) this.session?.unref();
  }

  /** Drop the connection; calls in flight fail. */
  close(): void {
    this.session?.destroy();
    this.session = undefined;
  }
}
