import { ConnectError } from "@connectrpc/connect";
import { WatchtowerClient, restRoutes } from "@wtclient/core";
import { httpStatusOf, matchRestRoute, writeLndError, type RestHandler } from "@wtclient/rest-gateway";
import type { Authenticator } from "./authenticator.js";
import { headerGetterOf } from "./header-getter.js";
import { restScope } from "./rest-scope.js";

type MethodName = keyof typeof WatchtowerClient.method;

/** The RPC a REST request addresses, decided by the same matcher the gateway routes with. */
export function restRpcOf(method: string | undefined, url: string | undefined): { localName: MethodName; name: string } | undefined {
  const path = (url ?? "/").split("?")[0]!;
  const match = matchRestRoute(method ?? "", path);
  if (match.kind !== "match") return undefined;
  const localName = match.methodName as MethodName;
  const desc = WatchtowerClient.method[localName];
  return desc === undefined ? undefined : { localName, name: desc.name };
}

// only the credential headers travel on to the in-process call
const credentialHeaders = ["authorization", "grpc-metadata-macaroon"] as const;

/**
 * lnd's REST surface behind the service's auth: authenticate, authorize the RPC the route maps to
 * (401/403 in lnd's envelope), then let the gateway do lnd's routing, parsing and answers.
 */
export function createRestHandler(auth: Authenticator, gateway: RestHandler): RestHandler {
  return async (req, res) => {
    const rpc = restRpcOf(req.method, req.url);
    const header = headerGetterOf(req.headers);
    try {
      const principal = auth.authenticate(header);
      if (rpc !== undefined) auth.authorize(principal, rpc.localName, rpc.name);
    } catch (e) {
      const err = ConnectError.from(e);
      writeLndError(res, httpStatusOf(err.code), err.code, err.rawMessage);
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of credentialHeaders) {
      const value = header(name);
      if (value !== undefined) headers[name] = value;
    }
    const route = rpc !== undefined ? `${restRoutes[rpc.localName].method} ${restRoutes[rpc.localName].pattern}` : "unmatched";
    await restScope.run({ headers, route }, () => gateway(req, res));
  };
}
