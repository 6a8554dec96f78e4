import { Code, ConnectError } from "@connectrpc/connect";
import { WtclientError } from "@wtclient/errors";

/** What went wrong, for people: a kind the page reacts to, a title, lnd's (or the service's) words and what to do. */
export interface Problem {
  readonly kind: "expired" | "unreachable" | "service-unreachable" | "not-active" | "denied" | "refused";
  readonly title: string;
  readonly message: string;
  readonly hint: string;
}

/** Turn any failure of a call into a Problem; the hint is the library's (WtclientError) unless the page knows better. */
export function describeError(error: unknown): Problem {
  const raw = ConnectError.from(error);
  // fetch itself failed: the page cannot reach the service that served it
  if (/Failed to fetch|NetworkError|Load failed/i.test(raw.rawMessage)) {
    return {
      kind: "service-unreachable",
      title: "wtclient-http does not answer",
      message: raw.rawMessage,
      hint: "is wtclient-http still running? Reload this page once it is back.",
    };
  }
  const err = WtclientError.from(raw);
  if (raw.code === Code.Unauthenticated || err.reason === "macaroon-expired") {
    return {
      kind: "expired",
      title: "Your sign-in is no longer accepted",
      message: err.rawMessage,
      hint: "the token or macaroon has expired or was revoked: sign in again with a current one",
    };
  }
  if (raw.code === Code.PermissionDenied || err.reason === "permission-denied") {
    return {
      kind: "denied",
      title: "Permission denied",
      message: err.rawMessage,
      hint: "this needs a write token (or a macaroon with offchain:write, such as admin.macaroon)",
    };
  }
  if (err.reason === "client-not-active") {
    return {
      kind: "not-active",
      title: "lnd's watchtower client is not active",
      message: err.rawMessage,
      hint: err.hint,
    };
  }
  if (err.reason === "unreachable" || raw.code === Code.Unavailable) {
    return {
      kind: "unreachable",
      title: "lnd is unreachable",
      message: err.rawMessage,
      hint: "is lnd running where wtclient-http expects it (its --rpcserver or --lnddir)? The page keeps trying while refresh is on.",
    };
  }
  return { kind: "refused", title: "lnd refused", message: err.rawMessage, hint: err.hint };
}
