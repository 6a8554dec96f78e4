import type { DescMethodUnary } from "@bufbuild/protobuf";
import { WatchtowerClient } from "./gen/wtclientrpc/wtclient_pb.js";

/** One of lnd's REST rules for a WatchtowerClient method (lnrpc/wtclientrpc/wtclient.yaml). */
export interface RestRoute {
  readonly method: "GET" | "POST" | "DELETE";
  /** Path template; `{name}` is a bytes field carried as URL-safe base64 in the path. */
  readonly pattern: string;
  /** The request field (proto name) bound to the path, if any. */
  readonly pathParam?: "pubkey" | "session_id";
  /** Whether the whole request is the JSON body (`body: "*"`). */
  readonly body: boolean;
  /** Whether lnd's handler reads the remaining request fields from the query string. */
  readonly query: boolean;
}

export type WatchtowerMethodName = keyof typeof WatchtowerClient.method;

/** lnd's REST mapping, the one table of it in the project (spec §2.1). */
export const restRoutes: { readonly [K in WatchtowerMethodName]: RestRoute } = {
  addTower: { method: "POST", pattern: "/v2/watchtower/client", body: true, query: false },
  removeTower: { method: "DELETE", pattern: "/v2/watchtower/client/{pubkey}", pathParam: "pubkey", body: false, query: true },
  deactivateTower: {
    method: "POST",
    pattern: "/v2/watchtower/client/tower/deactivate/{pubkey}",
    pathParam: "pubkey",
    body: false,
    query: false,
  },
  terminateSession: {
    method: "POST",
    pattern: "/v2/watchtower/client/sessions/terminate/{session_id}",
    pathParam: "session_id",
    body: false,
    query: false,
  },
  listTowers: { method: "GET", pattern: "/v2/watchtower/client", body: false, query: true },
  getTowerInfo: { method: "GET", pattern: "/v2/watchtower/client/info/{pubkey}", pathParam: "pubkey", body: false, query: true },
  stats: { method: "GET", pattern: "/v2/watchtower/client/stats", body: false, query: false },
  policy: { method: "GET", pattern: "/v2/watchtower/client/policy", body: false, query: true },
};

/** The REST route of a generated method descriptor. */
export function restRouteOf(method: DescMethodUnary): RestRoute {
  const route = (restRoutes as Record<string, RestRoute | undefined>)[method.localName];
  if (route === undefined || method.parent.typeName !== WatchtowerClient.typeName) {
    throw new Error(`no lnd REST route for ${method.parent.typeName}/${method.name}`);
  }
  return route;
}
