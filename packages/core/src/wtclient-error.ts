import { Code, ConnectError } from "@connectrpc/connect";
import { laterReleaseOf } from "./watchtower-methods.js";

/** The closed catalogue of conditions a caller can act on. */
export type WtclientReason =
  | "session-not-found"
  | "tower-not-found"
  | "client-not-active"
  | "invalid-key"
  | "invalid-address"
  | "address-in-use"
  | "last-address"
  | "unacked-updates"
  | "permission-denied"
  | "macaroon-missing"
  | "macaroon-invalid"
  | "macaroon-expired"
  | "lnd-not-ready"
  | "lnd-too-old"
  | "unreachable"
  | "proxy-unreachable"
  | "proxy-refused"
  | "proxy-target-unreachable"
  | "proxy-timeout"
  | "certificate-mismatch"
  | "deadline-exceeded"
  | "response-too-large"
  | "bad-request"
  | "unknown";

/** What the caller knows about the call, to make the hint concrete. */
export interface ErrorContext {
  /** host:port that was dialed */
  readonly host?: string;
  /** the RPC name, e.g. "TerminateSession" */
  readonly method?: string;
  /** the deadline in milliseconds */
  readonly timeoutMs?: number;
}

interface Rule {
  readonly test: RegExp;
  readonly reason: WtclientReason;
}

// lnd's own texts (spec §3.9, §2.6, §9), first match wins.
const messageRules: readonly Rule[] = [
  { test: /^watchtower client not active/, reason: "client-not-active" },
  { test: /^client session not found/, reason: "session-not-found" },
  { test: /^tower not found/, reason: "tower-not-found" },
  { test: /^(malformed public key|invalid public key|invalid session ID)/, reason: "invalid-key" },
  { test: /un-?acked updates/, reason: "unacked-updates" },
  { test: /^address in use/, reason: "address-in-use" },
  { test: /^cannot remove last tower address/, reason: "last-address" },
  { test: /^(invalid address |unable to parse tower address |expected tower of format)/, reason: "invalid-address" },
  { test: /^permission denied/, reason: "permission-denied" },
  { test: /^expected 1 macaroon, got 0/, reason: "macaroon-missing" },
  { test: /macaroon has expired/, reason: "macaroon-expired" },
  {
    test: /^(verification failed|cannot determine data format|unmarshal v2|encoding\/hex|caveat ".*" not satisfied|unknown macaroon version|cannot get macaroon|invalid macaroon|macaroon)/,
    reason: "macaroon-invalid",
  },
  {
    test: /^(wallet locked|wallet not created|waiting to start|the RPC server is in the process of starting up)/,
    reason: "lnd-not-ready",
  },
  {
    test: /^(type mismatch, parameter|parsing field|proto:|invalid character|unknown field|unknown policy type|Method Not Allowed)/,
    reason: "bad-request",
  },
];

const certPattern =
  /(self[- ]signed certificate|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|unable to verify the first certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate's altnames|certificate)/i;
const tooLargePattern = /^lnd's answer is larger than \d+ bytes \(readMaxBytes\)$/;
const altnamePattern = /(ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate's altnames)/i;
const unreachablePattern =
  /(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|socket hang up|other side closed|fetch failed|GOAWAY|stream closed|session closed)/i;

function reasonOf(code: Code, message: string, ctx: ErrorContext): WtclientReason {
  for (const rule of messageRules) if (rule.test.test(message)) return rule.reason;
  if (code === Code.NotFound && message === "Not Found" && laterReleaseOf(ctx.method ?? "") !== undefined)
    return "lnd-too-old";
  if (code === Code.Unimplemented) return "lnd-too-old";
  if (code === Code.DeadlineExceeded) return "deadline-exceeded";
  if (code === Code.ResourceExhausted && tooLargePattern.test(message)) return "response-too-large";
  if (certPattern.test(message)) return "certificate-mismatch";
  if (code === Code.Unavailable || unreachablePattern.test(message)) return "unreachable";
  if (code === Code.InvalidArgument || code === Code.NotFound) return "bad-request";
  if (code === Code.PermissionDenied) return "permission-denied";
  if (code === Code.Unauthenticated) return "macaroon-invalid";
  return "unknown";
}

function hintOf(reason: WtclientReason, message: string, ctx: ErrorContext): string {
  const later = laterReleaseOf(ctx.method ?? "");
  const host = ctx.host ?? "the configured address";
  switch (reason) {
    case "session-not-found":
      return "no session has this id: list ids with `wtclient towers --include_sessions` (a terminated session is deleted once its channels close)";
    case "tower-not-found":
      return "no tower has this key: list towers with `wtclient towers`";
    case "client-not-active":
      return "start lnd with wtclient.active=1 (lnd.conf [wtclient] section or --wtclient.active)";
    case "invalid-key":
      return "give a 33-byte compressed secp256k1 key as 66 hex characters (or base64)";
    case "invalid-address":
      return "give the tower as pubkey@host[:port]; only TCP and unix addresses are supported (default port 9911)";
    case "address-in-use":
      return "the tower is being dialed or used right now: try again in a moment";
    case "last-address":
      return "a tower keeps at least one address: add another first, or remove the whole tower";
    case "unacked-updates":
      return "the session still has updates the tower has not acknowledged: re-add its tower so they are delivered, then try again";
    case "permission-denied":
      return "this macaroon lacks the permission: use admin.macaroon (offchain:write) for add, remove, deactivate and terminate";
    case "macaroon-missing":
      return "send a macaroon: check --macaroonpath / --lnddir / --network, or drop --no-macaroons";
    case "macaroon-expired":
      return "the macaroon's time-before caveat has passed: check this machine's clock or raise --macaroontimeout";
    case "macaroon-invalid":
      return "lnd rejected the macaroon: use a macaroon baked by this lnd (its data/chain/bitcoin/<network>/admin.macaroon)";
    case "lnd-not-ready":
      return "lnd is not ready: unlock the wallet with `lncli unlock` and wait for lnd to finish starting";
    case "lnd-too-old":
      return later !== undefined
        ? `${ctx.method} needs lnd ${later.replace(/\.0-beta$/, "")} or newer: upgrade lnd`
        : "this lnd does not serve the watchtower client RPC: upgrade lnd";
    case "unreachable":
      return /\.onion(:\d+)?$/i.test(host)
        ? `${host} is an onion service: reach it through Tor with --socksproxy 127.0.0.1:9050`
        : `is lnd running at ${host}? check --rpcserver/--restserver and that lnd listens there`;
    // the proxy's own failures are raised with their hint by socks-dial.ts; these are the generic ones
    case "proxy-unreachable":
      return "is the SOCKS proxy (Tor) running where --socksproxy points?";
    case "proxy-refused":
      return "the SOCKS proxy refused: check its rules, and that it is a SOCKS5 proxy without a password";
    case "proxy-target-unreachable":
      return `the SOCKS proxy is up but cannot reach lnd at ${host}`;
    case "proxy-timeout":
      return "the SOCKS proxy did not connect in time: raise --timeout, or check the proxy";
    case "certificate-mismatch":
      return altnamePattern.test(message)
        ? `the cert does not name ${ctx.host?.replace(/:\d+$/, "") ?? "this host"}: use --servername or lnd's tlsextraip/tlsextradomain`
        : "the server's certificate is not the pinned tls.cert: copy lnd's current tls.cert (--tlscertpath)";
    case "deadline-exceeded":
      return `lnd did not answer in time${ctx.timeoutMs ? ` (${ctx.timeoutMs / 1000} s)` : ""}: raise --timeout or check lnd's load`;
    case "response-too-large":
      return "raise the transport's readMaxBytes if answers this large are expected (a long towers list with --include_sessions)";
    case "bad-request":
      return "the request was malformed: check the arguments against `--help`";
    case "unknown":
      return "see lnd's log for details";
  }
}

// Node 24 (not 20 or 22) ends a TLS verification error with advice for certificates signed by a CA
// ("self-signed certificate; if the root CA is installed locally, try running Node.js with --use-system-ca").
// lnd's cert is pinned, so trusting the system's CAs never helps: the advice goes, and the hint says what does.
const nodeCaAdvice = /; if the root CA is installed locally, try running Node\.js with --use-system-ca\.?/g;

// No macaroon or other long secret may leak through an error text.
const longHex = /[0-9a-fA-F]{140,}/g;
const longB64 = /[A-Za-z0-9+/_-]{140,}={0,2}/g;

export function scrubSecrets(text: string): string {
  return text.replace(longHex, "<redacted>").replace(longB64, "<redacted>");
}

/**
 * The one error type of wtclient: connect's `Code`, a `reason` from a closed catalogue,
 * lnd's raw text (`rawMessage`) and a one-line `hint` that says what to do. Every function of
 * `@wtclient/core` that fails throws one; it is a connect `ConnectError`, so connect servers keep its code.
 *
 * @example
 * ```ts
 * import { WtclientError, createLndGrpcTransport, terminateSession } from "@wtclient/core";
 *
 * const transport = createLndGrpcTransport({ host: "localhost:10009", cert: "-----BEGIN CERTIFICATE-----...", macaroon: "0201036c6e64..." });
 * try {
 *   await terminateSession(transport, "03c6eaacdf6af58fc5528354701cd35ca094d20fdedc19cf145afe1e0a47df060d");
 * } catch (e) {
 *   if (e instanceof WtclientError && e.reason === "session-not-found") console.error(e.hint);
 *   else throw e;
 * }
 * ```
 */
export class WtclientError extends ConnectError {
  // `name` stays "ConnectError": connect recognises its errors by that name, so servers and clients
  // built on connect keep our code instead of re-wrapping the error as Unknown.
  /** What went wrong, from a closed list: branch on this rather than on the text. */
  readonly reason: WtclientReason;
  /** One line saying what to do about it. */
  readonly hint: string;

  /** An error with an explicit reason and hint; secrets in `message` are redacted. */
  constructor(message: string, code: Code, reason: WtclientReason, hint: string, cause?: unknown) {
    super(scrubSecrets(message), code, undefined, undefined, cause);
    this.reason = reason;
    this.hint = hint;
  }

  /** `instanceof` by prototype chain: connect's own check would match any error named ConnectError. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" && value !== null && Object.prototype.isPrototypeOf.call(WtclientError.prototype, value)
    );
  }

  /** An error with the reason and hint derived from lnd's text and the code. */
  static of(rawMessage: string, code: Code, ctx: ErrorContext = {}, cause?: unknown): WtclientError {
    const message = rawMessage.replace(nodeCaAdvice, "");
    const reason = reasonOf(code, message, ctx);
    return new WtclientError(message, code, reason, hintOf(reason, message, ctx), cause);
  }

  /** Normalise anything thrown by a transport, a server or Node into a WtclientError. */
  static override from(error: unknown, context: ErrorContext | Code = {}): WtclientError {
    if (error instanceof WtclientError) return error;
    const ctx = typeof context === "number" ? {} : context;
    const fallbackCode = typeof context === "number" ? context : Code.Unknown;
    if (error instanceof ConnectError) {
      const network = networkMessage(error.cause);
      return WtclientError.of(network ?? error.rawMessage, error.code, ctx, error);
    }
    if (isEnvelope(error)) {
      return WtclientError.of(error.message, codeOf(error.code), ctx, error);
    }
    const network = networkMessage(error);
    if (network !== undefined) {
      const code = /abort|timed? ?out/i.test(network)
        ? Code.DeadlineExceeded
        : certPattern.test(network)
          ? Code.Internal
          : Code.Unavailable;
      return WtclientError.of(network, code, ctx, error);
    }
    return WtclientError.of(error instanceof Error ? error.message : String(error), fallbackCode, ctx, error);
  }
}

/** lnd's REST error body. */
export interface LndErrorEnvelope {
  code: number;
  message: string;
  details?: unknown[];
}

export function isEnvelope(value: unknown): value is LndErrorEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "number" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

export function codeOf(n: number): Code {
  return Number.isInteger(n) && n >= 1 && n <= 16 ? (n as Code) : Code.Unknown;
}

/** The innermost Node network/TLS error text, with its code (`connect ECONNREFUSED ...`). */
function networkMessage(error: unknown): string | undefined {
  let found: string | undefined;
  let cur: unknown = error;
  // the deepest coded error is the root cause (a stream cancelled *because* the connection was refused)
  for (let depth = 0; depth < 6 && cur instanceof Error; depth++) {
    const code = (cur as { code?: unknown }).code;
    // Node's codes: ECONNREFUSED, ERR_HTTP2_STREAM_ERROR, ERR_TLS_CERT_ALTNAME_INVALID, DEPTH_ZERO_SELF_SIGNED_CERT, UND_ERR_SOCKET
    if (typeof code === "string" && /^(E[A-Z0-9_]+|[A-Z_]*CERT[A-Z_]*|UND_ERR_[A-Z_]+)$/.test(code)) {
      found = cur.message.includes(code) ? cur.message : `${code}: ${cur.message}`;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  if (found !== undefined) return found;
  // undici's fetch hides the reason in its cause (`fetch failed` / `bad port`, say)
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (error instanceof Error && error.message === "fetch failed" && cause instanceof Error)
    return `fetch failed: ${cause.message}`;
  return undefined;
}
