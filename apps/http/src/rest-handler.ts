import { WatchtowerClient, watchtowerMethods } from "@wtclient/core";
import { matchRestRoute, type RestHandler } from "@wtclient/rest-gateway";
import { headerGetterOf } from "./header-getter.js";
import type { RestScope } from "./rest-scope.js";

type MethodName = keyof typeof WatchtowerClient.method;

/** The WatchtowerClient method a request addresses, by its localName and its RPC name. */
export type RestRpc = { localName: MethodName; name: string } | undefined;

// the last answer: the front door and the handler ask about each request one after the other
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
 * lnd's REST surface behind the service's auth (the front door has authenticated and authorized the
 * request already): the request's gateway (`gatewayOf` its scope) does lnd's routing, parsing and
 * answers, and its in-process calls carry the request's credentials.
 */
export function createRestHandler(gatewayOf: (scope: RestScope) => RestHandler): RestHandler {
  return async (req, res) => {
    const rpc = restRpcOf(req.method, req.url);
    const header = headerGetterOf(req.headers);
    const headers: Record<string, string> = {};
    for (const name of credentialHeaders) {
      const value = header(name);
      if (value !== undefined) headers[name] = value;
    }
    const route = rpc !== undefined ? `${watchtowerMethods[rpc.localName].rest.method} ${watchtowerMethods[rpc.localName].rest.pattern}` : "unmatched";
    await gatewayOf({ headers, route })(req, res);
  };
}
