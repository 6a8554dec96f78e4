import { Code, ConnectError, createContextKey, type Interceptor } from "@connectrpc/connect";
import { principalKey } from "./auth-interceptor.js";
import type { Principal } from "./authenticator.js";

/** What a REST request hands down through the gateway to the service implementation. */
export interface RestScope {
  /** The caller the front door authenticated the REST request as. */
  readonly principal: Principal;
  /** `POST /v2/watchtower/client/sessions/terminate/{session_id}`, for audit lines. */
  readonly route: string;
}

/** The scope of a REST request's in-process call, set by the REST handler. */
export const restScopeKey = createContextKey<RestScope | undefined>(undefined, {
  description: "the REST request of the call",
});

/** The REST route a call came in on; unset on the Connect, gRPC-Web and gRPC surfaces. */
export const restRouteKey = createContextKey<string | undefined>(undefined, {
  description: "the REST route of the call",
});

// the headers the auth interceptor reads credentials from
const credentialHeaders = ["authorization", "grpc-metadata-macaroon", "macaroon"];

/**
 * The first interceptor of REST requests' in-process calls: the call acts as the caller the REST
 * request was authenticated as, without authenticating again (the gateway also turns
 * `Grpc-Metadata-<key>` headers into call headers `<key>`; those never stand in for credentials),
 * and carries its route. A call without a scope is refused.
 */
export function createRestScopeInterceptor(): Interceptor {
  return (next) => (req) => {
    const scope = req.contextValues.get(restScopeKey);
    if (scope === undefined)
      throw new ConnectError("a REST call without an authenticated caller", Code.Unauthenticated);
    for (const name of credentialHeaders) req.header.delete(name);
    req.contextValues.set(principalKey, scope.principal);
    req.contextValues.set(restRouteKey, scope.route);
    return next(req);
  };
}
