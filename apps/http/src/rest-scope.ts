import { createContextKey, type Interceptor } from "@connectrpc/connect";

/** What a REST request hands down through the gateway to the service implementation. */
export interface RestScope {
  /** The caller's credential headers, set on the in-process call so the auth interceptor sees them. */
  readonly headers: Readonly<Record<string, string>>;
  /** `POST /v2/watchtower/client/sessions/terminate/{session_id}`, for audit lines. */
  readonly route: string;
}

/** The REST route a call came in on; unset on the Connect, gRPC-Web and gRPC surfaces. */
export const restRouteKey = createContextKey<string | undefined>(undefined, { description: "the REST route of the call" });

// the headers the auth interceptor reads credentials from
const credentialHeaders = ["authorization", "grpc-metadata-macaroon", "macaroon"];

/**
 * The first interceptor of one REST request's in-process calls: the call carries exactly the
 * credentials the REST request was authenticated with (the gateway also turns `Grpc-Metadata-<key>`
 * headers into call headers `<key>`; those never stand in for credentials), and its route.
 */
export function createRestScopeInterceptor(scope: RestScope): Interceptor {
  return (next) => (req) => {
    for (const name of credentialHeaders) req.header.delete(name);
    for (const [name, value] of Object.entries(scope.headers)) req.header.set(name, value);
    req.contextValues.set(restRouteKey, scope.route);
    return next(req);
  };
}
