import { createContextKey, type Interceptor } from "@connectrpc/connect";
import type { Authenticator, Principal } from "./authenticator.js";

/** Where the auth interceptor leaves the caller for the service implementation. */
export const principalKey = createContextKey<Principal | undefined>(undefined, {
  description: "the authenticated caller",
});

/**
 * Server-side: authenticate the caller from the request headers and authorize the RPC actually being
 * invoked (its method descriptor, not a path), before the implementation runs. Every surface (REST
 * through the gateway, Connect, gRPC-Web, gRPC) passes through it. A caller already in the context
 * (set in process only, by the REST scope interceptor for a request the front door authenticated) is
 * authorized without authenticating it again.
 */
export function createAuthInterceptor(auth: Authenticator): Interceptor {
  return (next) => (req) => {
    const principal =
      req.contextValues.get(principalKey) ?? auth.authenticate((name) => req.header.get(name) ?? undefined);
    auth.authorize(principal, req.method);
    req.contextValues.set(principalKey, principal);
    return next(req);
  };
}
