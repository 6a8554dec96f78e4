import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { watchtowerMethodOf } from "./watchtower-methods.js";
import { WtclientError } from "./wtclient-error.js";

/**
 * Which calls may be sent again, and after which failures. Which RPCs: the `retry` column of the method table
 * (watchtower-methods.ts: every one but RemoveTower, and why). Which failures:
 *
 * | failure                                       | retried | why                                                            |
 * | --------------------------------------------- | ------- | -------------------------------------------------------------- |
 * | Unavailable, reason "unreachable"             | yes     | refused, reset or closed before an answer: lnd may be restarting |
 * | Node's ERR_HTTP2_*, reason "unreachable"      | yes     | the HTTP/2 stream broke (NGHTTP2_REFUSED_STREAM: lnd's GOAWAY   |
 * |                                               |         | crossed the request); wtclient-error.ts reports it as Unknown   |
 * | Unavailable, reason "proxy-target-unreachable"| yes     | the same behind a SOCKS proxy (Tor): the proxy could not reach lnd |
 * | other proxy failures (down, refusing, slow)   | no      | the proxy answers the same again; the caller must fix it         |
 * | DeadlineExceeded                              | no      | lnd may still be working on it, and the caller's time is spent  |
 * | Unknown (lnd's own errors)                    | no      | lnd answered; it would answer the same again                    |
 * | permission, macaroon (Unknown, 7, 16)         | no      | the credential does not change between attempts                 |
 * | certificate-mismatch (any code)               | no      | another cert stays another cert; never dial it again silently   |
 * | Canceled, InvalidArgument, Unimplemented, ... | no      | the caller gave up, or the request itself is wrong              |
 *
 * The call's deadline applies to each attempt; the caller's AbortSignal also stops the waits in between.
 */
/** How {@link createRetryInterceptor} retries. */
export interface RetryOptions {
  /** Attempts in all, the first included; default 3, 1 sends each call once. */
  readonly attempts?: number;
  /** The wait before the second attempt; it doubles for each further one. Default 100. */
  readonly baseDelayMs?: number;
  /** No wait is longer than this. Default 1000. */
  readonly maxDelayMs?: number;
}

/** What {@link createRetryInterceptor} waits with and draws jitter from; tests pass their own. */
export interface RetryDeps {
  /** Resolves after `ms`, rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1). */
  readonly random?: () => number;
}

/** A Node HTTP/2 failure somewhere in the cause chain: never an answer from lnd, which arrives as a gRPC status. */
function http2Failure(error: unknown): boolean {
  let cur: unknown = error;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_HTTP2_")) return true;
    cur = cur.cause;
  }
  return false;
}

/** Whether a failed call of `method` (its proto name, e.g. "Stats") may be sent again (the tables above). */
export function isRetryable(method: string, error: unknown): boolean {
  if (watchtowerMethodOf(method)?.retry !== true) return false;
  const err = WtclientError.from(error, { method });
  // behind a SOCKS proxy, lnd refusing or restarting is the proxy's "cannot reach": the same case
  const connectionFailed = err.reason === "unreachable" || err.reason === "proxy-target-unreachable";
  return connectionFailed && (err.code === Code.Unavailable || http2Failure(error));
}

/** The wait before attempt `attempt + 1`: base·2^(attempt-1), capped, then between half and all of it (jitter). */
export function retryDelayMs(attempt: number, options: Required<RetryOptions>, random: () => number): number {
  const capped = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return capped / 2 + (random() * capped) / 2;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ConnectError("the operation was aborted", Code.Canceled));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function checked(options: RetryOptions | false | undefined): Required<RetryOptions> {
  if (options === false) return { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
  const resolved = {
    attempts: options?.attempts ?? 3,
    baseDelayMs: options?.baseDelayMs ?? 100,
    maxDelayMs: options?.maxDelayMs ?? 1000,
  };
  const bad = (text: string) =>
    new WtclientError(
      `retry: ${text}`,
      Code.InvalidArgument,
      "bad-request",
      "pass retry: { attempts, baseDelayMs, maxDelayMs } or false",
    );
  if (!Number.isSafeInteger(resolved.attempts) || resolved.attempts < 1)
    throw bad("attempts must be a whole number >= 1");
  for (const key of ["baseDelayMs", "maxDelayMs"] as const) {
    if (!Number.isFinite(resolved[key]) || resolved[key] < 0) throw bad(`${key} must be a number >= 0`);
  }
  return resolved;
}

/**
 * A connect interceptor that sends an idempotent WatchtowerClient call again after a connection failure, with
 * bounded exponential backoff (3 attempts by default, then 100 ms and 200 ms waits with jitter); `false` sends
 * every call once. Other services' calls pass through untouched. `createWatchtowerClient` adds it itself;
 * give it to a transport's `interceptors` to retry calls made with connect's `createClient`.
 *
 * @example
 * ```ts
 * import { createClient } from "@connectrpc/connect";
 * import { WatchtowerClient, createLndGrpcTransport, createRetryInterceptor } from "@wtclient/core";
 *
 * const transport = createLndGrpcTransport({
 *   host: "localhost:10009",
 *   cert: "-----BEGIN CERTIFICATE-----...",
 *   interceptors: [createRetryInterceptor({ attempts: 5 })],
 * });
 * const stats = await createClient(WatchtowerClient, transport).stats({});
 * ```
 */
export function createRetryInterceptor(options?: RetryOptions | false, deps: RetryDeps = {}): Interceptor {
  const resolved = checked(options);
  const sleep = deps.sleep ?? sleepFor;
  const random = deps.random ?? Math.random;
  return (next) => async (req) => {
    if (req.stream || resolved.attempts === 1 || watchtowerMethodOf(req.method)?.retry !== true) return next(req);
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(req);
      } catch (e) {
        if (attempt >= resolved.attempts || req.signal.aborted || !isRetryable(req.method.name, e)) throw e;
        await sleep(retryDelayMs(attempt, resolved, random), req.signal);
      }
    }
  };
}
