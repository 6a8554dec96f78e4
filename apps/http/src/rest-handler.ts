import { createContextValues, type Client } from "@connectrpc/connect";
import { WatchtowerClient, watchtowerMethods } from "@wtclient/core";
import { createRestGateway, matchRestRoute, type RestHandler } from "@wtclient/rest-gateway";
import { principalOf } from "./front-door.js";
import { restScopeKey } from "./rest-scope.js";

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

/**
 * lnd's REST surface behind the service's auth (the front door has authenticated and authorized the
 * request already): one gateway does lnd's routing, parsing and answers, and its in-process calls
 * (through `client`) carry the request's caller and route in their context values.
 */
export function createRestHandler(client: Client<typeof WatchtowerClient>, maxBodyBytes: number): RestHandler {
  return createRestGateway({
    client,
    maxBodyBytes,
    contextValuesOf(req) {
      const values = createContextValues();
      const principal = principalOf(req);
      const rpc = restRpcOf(req.method, req.url);
      const route =
        rpc !== undefined
          ? `${watchtowerMethods[rpc.localName].rest.method} ${watchtowerMethods[rpc.localName].rest.pattern}`
          : "unmatched";
      // without a caller (the front door did not pass the request) the scope interceptor refuses the call
      if (principal !== undefined) values.set(restScopeKey, { principal, route });
      return values;
    },
  });
}
