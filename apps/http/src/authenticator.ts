import { createHash, timingSafeEqual } from "node:crypto";
import type { DescMethod } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { watchtowerMethodOf } from "@wtclient/core";
import { toMacaroonBytes } from "@wtclient/core/internal";
import type { TokenEntry } from "./token-list.js";

/** Who is calling, once authenticated. */
export type Principal =
  /** a bearer token: the service calls lnd with its own macaroon */
  | { readonly kind: "token"; readonly id: string; readonly scope: "read" | "write" }
  /** pass-through: the caller's macaroon (hex) goes to lnd, which decides */
  | { readonly kind: "macaroon"; readonly macaroonHex: string }
  /** --insecure-no-auth on loopback: no credentials, the service's own macaroon */
  | { readonly kind: "anonymous" };

/** A request header by lowercase name. */
export type HeaderGetter = (name: string) => string | undefined;

/** The scope a method needs: the action of lnd's permission for it (core's method table); unknown methods need write. */
export function scopeOf(method: DescMethod): "read" | "write" {
  return watchtowerMethodOf(method)?.permission.action ?? "write";
}

/** How callers get in: configured once, applied to every request of every surface. */
export interface AuthPolicy {
  readonly tokens: readonly TokenEntry[];
  readonly passthroughMacaroon: boolean;
  readonly insecureNoAuth: boolean;
}

export interface Authenticator {
  /** The caller, or a ConnectError with code Unauthenticated (HTTP 401). */
  authenticate(header: HeaderGetter): Principal;
  /** Throws ConnectError PermissionDenied (HTTP 403) when the principal may not call the method. */
  authorize(principal: Principal, method: DescMethod): void;
  /** A name for the caller in audit lines: the token id, "macaroon" or "anonymous". */
  callerOf(principal: Principal): string;
}

/** Bearer tokens compared by SHA-256 in constant time, macaroon pass-through, or loopback-only no-auth. */
export function createAuthenticator(policy: AuthPolicy): Authenticator {
  const hashes = policy.tokens.map((t) => ({ entry: t, hash: Buffer.from(t.sha256, "hex") }));
  const ways = [
    hashes.length > 0 ? "Authorization: Bearer <token>" : "",
    policy.passthroughMacaroon ? "Grpc-Metadata-macaroon: <hex>" : "",
  ]
    .filter(Boolean)
    .join(" or ");
  const unauthenticated = (message: string) => new ConnectError(message, Code.Unauthenticated);

  function byToken(token: string): Principal {
    const hash = createHash("sha256").update(token, "utf8").digest();
    let found: TokenEntry | undefined;
    // compare against every entry, without stopping at a match, so timing says nothing about which one matched
    for (const candidate of hashes) {
      if (timingSafeEqual(hash, candidate.hash) && found === undefined) found = candidate.entry;
    }
    if (found === undefined) throw unauthenticated("unknown bearer token");
    return { kind: "token", id: found.id, scope: found.scope };
  }

  return {
    authenticate(header) {
      const authorization = header("authorization");
      const macaroon = header("grpc-metadata-macaroon") ?? header("macaroon");
      if (authorization !== undefined && macaroon !== undefined) {
        throw unauthenticated("send either a bearer token or a macaroon, not both");
      }
      if (authorization !== undefined) {
        const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
        if (!m) throw unauthenticated("malformed Authorization header: expected `Bearer <token>`");
        if (hashes.length === 0) throw unauthenticated("bearer tokens are not enabled on this service");
        return byToken(m[1]!);
      }
      if (macaroon !== undefined) {
        if (!policy.passthroughMacaroon)
          throw unauthenticated("macaroon pass-through is not enabled on this service (--passthrough-macaroon)");
        const hex = macaroon.trim();
        // checked here, so that nothing but a well-formed macaroon ever reaches lnd
        if (!/^([0-9a-fA-F]{2})+$/.test(hex))
          throw unauthenticated("the macaroon header must hold a hex-encoded binary v2 macaroon (as lncli sends it)");
        try {
          toMacaroonBytes(hex);
        } catch {
          throw unauthenticated("the macaroon header does not hold a well-formed binary v2 macaroon");
        }
        return { kind: "macaroon", macaroonHex: hex };
      }
      if (policy.insecureNoAuth) return { kind: "anonymous" };
      throw unauthenticated(
        ways === ""
          ? "no way in is configured on this service (see --tokens, --passthrough-macaroon)"
          : `missing credentials: send ${ways}`,
      );
    },
    authorize(principal, method) {
      if (principal.kind === "token" && principal.scope === "read" && scopeOf(method) === "write") {
        throw new ConnectError(
          `token "${principal.id}" has read scope; ${method.name} needs write`,
          Code.PermissionDenied,
        );
      }
    },
    callerOf(principal) {
      return principal.kind === "token" ? principal.id : principal.kind;
    },
  };
}
