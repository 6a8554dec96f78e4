import * as http2 from "node:http2";

/**
 * One HTTP/2 connection to lnd, opened on first use and again after it closes. It keeps the process
 * alive only while a call is in flight, closes itself after `idleMs` without calls, and never lets a
 * connection error escape as an unhandled event (each call reports its own failure).
 */
export class Http2Connection {
  private session: http2.ClientHttp2Session | undefined;
  private inFlight = 0;

  constructor(
    private readonly authority: string,
    private readonly options: http2.SecureClientSessionOptions,
    private readonly idleMs = 30_000,
  ) {}

  /** The open session, connecting when there is none; call `release()` once per `acquire()`. */
  acquire(): http2.ClientHttp2Session {
    let s = this.session;
    if (s === undefined || s.closed || s.destroyed) {
      const fresh = http2.connect(this.authority, this.options);
      const forget = () => {
        if (this.session === fresh) this.session = undefined;
      };
      fresh.on("error", forget);
      fresh.on("close", forget);
      fresh.on("goaway", forget);
      fresh.setTimeout(this.idleMs, () => {
        if (this.inFlight === 0) fresh.close();
      });
      this.session = s = fresh;
    }
    this.inFlight++;
    s.ref();
    return s;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight === 0) this.session?.unref();
  }

  /** Drop the connection; calls in flight fail. */
  close(): void {
    this.session?.destroy();
    this.session = undefined;
  }
}
