import { AsyncLocalStorage } from "node:async_hooks";
import type { Interceptor } from "@connectrpc/connect";

/** What a REST request hands down through the gateway to the service implementation. */
export interface RestScope {
  /** The caller's credential headers, re-sent on the in-process call so the auth interceptor sees them. */
  readonly headers: Readonly<Record<string, string>>;
  /** `POST /v2/watchtower/client/sessions/terminate/{session_id}`, for audit lines. */
  readonly route: string;
}

/** Set for the duration of one REST request. */
export const restScope = new AsyncLocalStorage<RestScope>();

// the headers the auth interceptor reads credentials from
const credentialHeaders = ["authorization", "grpc-metadata-macaroon", "macaroon"];

/**
 * Client side of the in-process transport the gateway uses: the call carries exactly the credentials
 * the REST request was authenticated with (the gateway also turns `Grpc-Metadata-<key>` headers into
 * call headers `<key>`; those never stand in for credentials).
 */
export const restScopeInterceptor: Interceptor = (next) => (req) => {
  const scope = restScope.getStore();
  if (scope !== undefined) {
    for (const name of credentialHeaders) req.header.delete(name);
    for (const [name, value] of Object.entries(scope.headers)) req.header.set(name, value);
  }
  return next(req);
};
