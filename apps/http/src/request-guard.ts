import os from "node:os";
import { isIP } from "node:net";
import { Code } from "@connectrpc/connect";
import { hasBody } from "./has-body.js";
import { isLoopbackHost } from "./listen-address.js";
import type { AnyRequest, Refusal } from "./write-refusal.js";

export interface RequestGuardOptions {
  /** The listen address's host (an IP, a name, or 0.0.0.0 / :: for every interface). */
  readonly listenHost: string;
  readonly tls: boolean;
  /** More names a Host header may carry (--allowed-host), e.g. a reverse proxy's. */
  readonly allowedHosts: readonly string[];
  /** --cors-origin: an origin allowed besides the service's own, or `*`. */
  readonly corsOrigin?: string;
}

export interface RequestGuard {
  /** Why the request must go no further (duplicated credentials, a foreign Host, a cross-site write), or undefined. */
  check(req: AnyRequest): Refusal | undefined;
}

// the headers that carry a credential (a bearer token or a macaroon)
const credentialHeaders = ["authorization", "grpc-metadata-macaroon", "macaroon"];
// headers that must come once: the credentials (and the two spellings of the macaroon together) and Host
const singleHeaders = [...credentialHeaders, "host"];
const safeMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);
// what a browser sends cross-site without asking first (CORS "simple" requests)
const simpleTypes: ReadonlySet<string> = new Set([
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
]);

/** `example.com`, `127.0.0.1` or `[::1]` as a URL parser writes it, from a Host header value or a bare name. */
function hostnameOf(text: string): string | undefined {
  try {
    const bare = isIP(text) === 6 ? `[${text}]` : text;
    return new URL(`http://${bare}`).hostname.replace(/\.$/, "").toLowerCase();
  } catch {
    return undefined;
  }
}

/** The names this listener answers to: its own address (every interface's for a wildcard), loopback names when reachable on loopback. */
function ownNames(listenHost: string, allowed: readonly string[]): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => {
    const h = hostnameOf(name);
    if (h !== undefined) names.add(h);
  };
  const wildcard = listenHost === "0.0.0.0" || listenHost === "::";
  if (wildcard) {
    for (const addresses of Object.values(os.networkInterfaces()))
      for (const a of addresses ?? []) add(a.address.split("%")[0]!);
    add(os.hostname());
  } else add(listenHost);
  if (wildcard || isLoopbackHost(listenHost)) for (const name of ["localhost", "127.0.0.1", "::1"]) add(name);
  for (const name of allowed) add(name);
  return names;
}

/**
 * Refuses what a browser page on another site could make the service do: the Host must be one of
 * the listener's names (no DNS rebinding), and a state-changing request must come from the service's
 * own origin or the --cors-origin (or carry no Origin: not a browser), and either carry a credential
 * header or a content type, both of which a page cannot send cross-site without a preflight. Holds in
 * every auth mode.
 */
export function createRequestGuard(options: RequestGuardOptions): RequestGuard {
  const names = ownNames(options.listenHost, options.allowedHosts);
  const scheme = options.tls ? "https:" : "http:";
  const defaultPort = options.tls ? "443" : "80";
  const listed = [...names].join(", ");
  const refuse = (status: number, code: Code, message: string): Refusal => ({ status, code, message });

  function ownOrigin(origin: string, port: number | undefined): boolean {
    if (options.corsOrigin === "*" || origin === options.corsOrigin) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    return url.protocol === scheme && names.has(url.hostname) && (url.port || defaultPort) === String(port);
  }

  return {
    check(req) {
      const raw = req.rawHeaders;
      const seen = new Map<string, number>();
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i]!.toLowerCase();
        if (singleHeaders.includes(name)) seen.set(name, (seen.get(name) ?? 0) + 1);
      }
      for (const [name, count] of seen) {
        if (count > 1)
          return refuse(400, Code.InvalidArgument, `the ${name} header was sent ${count} times: send it once`);
      }
      if (seen.has("grpc-metadata-macaroon") && seen.has("macaroon")) {
        return refuse(
          400,
          Code.InvalidArgument,
          "send the macaroon in one header (Grpc-Metadata-macaroon or macaroon), not both",
        );
      }

      const authority = req.headers[":authority"] ?? req.headers.host;
      const host = typeof authority === "string" ? hostnameOf(authority) : undefined;
      if (host === undefined) return refuse(400, Code.InvalidArgument, "missing or malformed Host header");
      if (!names.has(host)) {
        return refuse(
          403,
          Code.PermissionDenied,
          `Host ${host} is not a name of this service (${listed}); a proxy's name can be allowed with --allowed-host`,
        );
      }

      if (safeMethods.has(req.method ?? "")) return undefined;
      const origin = req.headers.origin;
      if (origin !== undefined && !ownOrigin(origin, req.socket.localPort)) {
        return refuse(
          403,
          Code.PermissionDenied,
          `cross-origin ${req.method} from ${origin} refused: writes come from this service's own origin${options.corsOrigin !== undefined ? ` or ${options.corsOrigin}` : " (see --cors-origin)"}`,
        );
      }
      // a credential header makes a browser ask first (CORS preflight), which only --cors-origin is granted; lnd's
      // own documented clients send their macaroon with curl -d's form type or with no type at all, as lnd allows
      if (credentialHeaders.some((name) => seen.has(name))) return undefined;
      const type = req.headers["content-type"]?.split(";")[0]!.trim().toLowerCase();
      if ((type !== undefined && simpleTypes.has(type)) || (type === undefined && hasBody(req))) {
        return refuse(
          415,
          Code.InvalidArgument,
          `${req.method} with ${type === undefined ? "a body but no Content-Type" : `Content-Type ${type}`} refused: send application/json (or a Connect, gRPC or gRPC-Web type); a page on another site can send ${[...simpleTypes].join(", ")} without asking`,
        );
      }
      return undefined;
    },
  };
}
