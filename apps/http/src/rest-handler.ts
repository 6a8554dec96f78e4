import { ConnectError } from "@connectrpc/connect";
import { WatchtowerClient, restRoutes } from "@wtclient/core";
import { httpStatusOf, matchRestRoute, writeLndError, type RestHandler } from "@wtclient/rest-gateway";
import type { Authenticator } from "./authenticator.js";
import { headerGetterOf } from "./header-getter.js";
import type { RestScope } from "./rest-scope.js";

type MethodName = keyof typeof WatchtowerClient.method;

type RestRpc = { localName: MethodName; name: string } | undefined;

// the last answer: the metrics hook and the handler ask about each request one after the other
let last: { method: string | undefined; url: string | undefined; rpc: RestRpc } | undefined;

/** The RPC a REST request addresses, decided by the same matcher the gateway routes with. */
export function restRpcOf(method: string | undefined, url: string | undefined): RestRpc {
  if (last !== undefined && last.method === method && last.url === url) return last.rpc;
  const match = matchRestRoute(method ?? "", (url ?? "/").split("?")[0]!);
  const localName = match.kind === "match" ? (match.methodName as MethodName) : undefined;
  const desc = localName !== undefined ? WatchtowerClient.method[localName] : undefined;
  const rpc = localName !== undefined && desc !== undefined ? { localName, name: desc.name } : undefined;
  last = { method, url, rpc };
  return rpc;
}

// only the credential headers travel on to the in-process call
const credentialHeaders = ["authorization", "grpc-metadata-macaroon"] as const;

/**
 * lnd's REST surface behind the service's auth: authenticate, authorize the RPC the route maps to
 * (401/403 in lnd's envelope), then let the request's gateway (`gatewayOf` its scope) do lnd's
 * routing, parsing and answers.
 */
export function createRestHandler(auth: Authenticator, gatewayOf: (scope: RestScope) => RestHandler): RestHandler {
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
    await gatewayOf({ headers, route })(req, res);
  };
}
