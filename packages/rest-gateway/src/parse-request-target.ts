// Hand-written on purpose: the gateway routes on the path as grpc-gateway splits and unescapes it, which WHATWG URL normalizes away.
import { GoEscapeError, goUnescape } from "./go-unescape.js";

export type RequestTarget =
  /** Go's server refuses the request line itself: plain-text `400 Bad Request`. */
  | { kind: "refused" }
  /** Parsed, but the path does not start with `/` (`*`, `http://host`): the gateway's 400 `Bad Request`. */
  | { kind: "no-path" }
  /** `path` is the percent-decoded path (as UTF-8, what the mux routes on), `rawQuery` the query as sent. */
  | { kind: "path"; path: string; rawQuery: string };

/** What Go's `url.ParseRequestURI` makes of a request target, as far as lnd's REST proxy can tell. */
export function parseRequestTarget(target: string): RequestTarget {
  // eslint-disable-next-line no-control-regex -- Go refuses exactly these bytes, so the pattern has to name them
  if (/[\x00-\x1f\x7f]/.test(target)) return { kind: "refused" }; // net/url: invalid control character in URL
  if (target === "*") return { kind: "no-path" };
  const q = target.indexOf("?");
  let rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? "" : target.slice(q + 1);
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(rawPath);
  if (scheme !== null) {
    // absolute form: the path follows the authority; an opaque URL has none
    const rest = rawPath.slice(scheme[0].length);
    if (!rest.startsWith("//")) return { kind: "no-path" };
    const slash = rest.indexOf("/", 2);
    if (slash < 0) return { kind: "no-path" };
    rawPath = rest.slice(slash);
  } else if (!rawPath.startsWith("/")) {
    return { kind: "refused" }; // invalid URI for request
  }
  try {
    return { kind: "path", path: goUnescape(rawPath, "path").toString("utf8"), rawQuery };
  } catch (e) {
    if (e instanceof GoEscapeError) return { kind: "refused" };
    throw e;
  }
}
