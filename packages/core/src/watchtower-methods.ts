import type { DescMethod, MessageInitShape } from "@bufbuild/protobuf";
import { PolicyType, WatchtowerClient } from "./gen/wtclientrpc/wtclient_pb.js";
import { toKeyBytes, type KeyInput } from "./key-input.js";

/** The `localName` of a WatchtowerClient method (`"terminateSession"`, ...), from the generated descriptor. */
export type WatchtowerMethodName = keyof typeof WatchtowerClient.method;

/** One of lnd's REST rules for a WatchtowerClient method (lnrpc/wtclientrpc/wtclient.yaml). */
export interface RestRoute {
  /** The HTTP method. */
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

/** The macaroon permission lnd checks for a method (wtclientrpc's `macPermissions`); `action` is also its scope. */
export interface MethodPermission {
  /** lnd's entity for every WatchtowerClient method. */
  readonly entity: "offchain";
  /** `read` for the methods that change nothing, `write` for the rest. */
  readonly action: "read" | "write";
}

/** The facts about one WatchtowerClient method that lnd, lncli and this project agree on. */
export interface WatchtowerMethod<K extends WatchtowerMethodName = WatchtowerMethodName> {
  /** lnd's REST route. */
  readonly rest: RestRoute;
  /** The permission lnd requires; `"read"` methods change nothing on lnd. */
  readonly permission: MethodPermission;
  /** Whether the call may be sent again after a connection failure (the table says why). */
  readonly retry: boolean;
  /** The words after `lncli wtclient` (and `wtclient`) that make this call. */
  readonly lncli: readonly string[];
  /** The first lnd release that serves it; older ones answer Unimplemented (REST: 404 Not Found). */
  readonly since: `${number}.${number}.${number}-beta`;
  /** The request from the friendly arguments of `createWatchtowerClient`'s method; keys are checked locally. */
  readonly request: (...args: never) => MessageInitShape<(typeof WatchtowerClient.method)[K]["input"]>;
}

/** What `createWatchtowerClient`'s list methods take. */
export interface SessionListOptions {
  /** List each tower's sessions. */
  readonly includeSessions?: boolean;
  /** Leave out exhausted sessions (with includeSessions only, as lnd applies it). */
  readonly excludeExhaustedSessions?: boolean;
}

/** A row of {@link watchtowerMethods}: a {@link WatchtowerMethod} whose `request` keeps its exact parameters. */
export type WatchtowerMethodRow<F> = Omit<WatchtowerMethod, "request"> & { readonly request: F };
const row = <F extends (...args: never) => unknown>(r: WatchtowerMethodRow<F>): WatchtowerMethodRow<F> => r;

const read = { entity: "offchain", action: "read" } as const;
const write = { entity: "offchain", action: "write" } as const;
const pubkeyOf = (pubkey: KeyInput) => toKeyBytes(pubkey, "public key");
const listOf = (list: SessionListOptions | undefined) => ({
  includeSessions: list?.includeSessions ?? false,
  excludeExhaustedSessions: list?.excludeExhaustedSessions ?? false,
});

/**
 * The one table of lnd's eight WatchtowerClient RPCs (spec §2.1, §3, §4.1): REST route, permission, retry
 * safety, lncli command, first lnd version and the facade's arguments. Everything else (retries, scopes, the
 * double's permissions, the service, the CLI, OpenAPI, error hints) is derived from it. A method added to the
 * proto without a row here is a type error.
 *
 * Retries: writes are retried only where lnd makes a repeat harmless: adding an existing tower re-activates it,
 * deactivating or terminating twice succeeds again with the same status. RemoveTower is NEVER retried: a lost
 * answer followed by a second remove may delete a tower re-added meanwhile, and on a tower with sessions it is
 * not the same operation; the caller must look at ListTowers and decide.
 *
 * @example
 * ```ts
 * import { watchtowerMethods } from "@wtclient/core";
 * const { rest, permission } = watchtowerMethods.terminateSession;
 * console.log(rest.method, rest.pattern, `${permission.entity}:${permission.action}`);
 * // POST /v2/watchtower/client/sessions/terminate/{session_id} offchain:write
 * ```
 */
export const watchtowerMethods = {
  addTower: row({
    rest: { method: "POST", pattern: "/v2/watchtower/client", body: true, query: false },
    permission: write,
    retry: true,
    lncli: ["add"],
    since: "0.8.0-beta",
    request: (pubkey: KeyInput, address: string) => ({ pubkey: pubkeyOf(pubkey), address }),
  }),
  removeTower: row({
    rest: {
      method: "DELETE",
      pattern: "/v2/watchtower/client/{pubkey}",
      pathParam: "pubkey",
      body: false,
      query: true,
    },
    permission: write,
    retry: false,
    lncli: ["remove"],
    since: "0.8.0-beta",
    request: (pubkey: KeyInput, address?: string) => ({ pubkey: pubkeyOf(pubkey), address: address ?? "" }),
  }),
  deactivateTower: row({
    rest: {
      method: "POST",
      pattern: "/v2/watchtower/client/tower/deactivate/{pubkey}",
      pathParam: "pubkey",
      body: false,
      query: false,
    },
    permission: write,
    retry: true,
    lncli: ["deactivate"],
    since: "0.18.0-beta",
    request: (pubkey: KeyInput) => ({ pubkey: pubkeyOf(pubkey) }),
  }),
  terminateSession: row({
    rest: {
      method: "POST",
      pattern: "/v2/watchtower/client/sessions/terminate/{session_id}",
      pathParam: "session_id",
      body: false,
      query: false,
    },
    permission: write,
    retry: true,
    lncli: ["session", "terminate"],
    since: "0.18.0-beta",
    request: (sessionId: KeyInput) => ({ sessionId: toKeyBytes(sessionId, "session ID") }),
  }),
  listTowers: row({
    rest: { method: "GET", pattern: "/v2/watchtower/client", body: false, query: true },
    permission: read,
    retry: true,
    lncli: ["towers"],
    since: "0.8.0-beta",
    request: (list?: SessionListOptions) => listOf(list),
  }),
  getTowerInfo: row({
    rest: {
      method: "GET",
      pattern: "/v2/watchtower/client/info/{pubkey}",
      pathParam: "pubkey",
      body: false,
      query: true,
    },
    permission: read,
    retry: true,
    lncli: ["tower"],
    since: "0.8.0-beta",
    request: (pubkey: KeyInput, list?: SessionListOptions) => ({ pubkey: pubkeyOf(pubkey), ...listOf(list) }),
  }),
  stats: row({
    rest: { method: "GET", pattern: "/v2/watchtower/client/stats", body: false, query: false },
    permission: read,
    retry: true,
    lncli: ["stats"],
    since: "0.8.0-beta",
    request: () => ({}),
  }),
  policy: row({
    rest: { method: "GET", pattern: "/v2/watchtower/client/policy", body: false, query: true },
    permission: read,
    retry: true,
    lncli: ["policy"],
    since: "0.8.0-beta",
    request: (policyType?: PolicyType) => ({ policyType: policyType ?? PolicyType.LEGACY }),
  }),
} satisfies { readonly [K in WatchtowerMethodName]: WatchtowerMethod<K> };

/** The method names, in the descriptor's (and lnd's proto's) order. */
export const watchtowerMethodNames: readonly WatchtowerMethodName[] = WatchtowerClient.methods.map(
  (m) => m.localName as WatchtowerMethodName,
);

const byRpcName = new Map<string, WatchtowerMethod>(
  WatchtowerClient.methods.map((m) => [m.name, watchtowerMethods[m.localName as WatchtowerMethodName]]),
);

/**
 * The row of a WatchtowerClient method, by its descriptor or its proto name (`"Stats"`); undefined for any other
 * service's method or an unknown name.
 */
export function watchtowerMethodOf(method: DescMethod | string): WatchtowerMethod | undefined {
  if (typeof method === "string") return byRpcName.get(method);
  return method.parent.typeName === WatchtowerClient.typeName ? byRpcName.get(method.name) : undefined;
}

/**
 * The first lnd release with the WatchtowerClient service: the earliest `since` of the table (every `since` is
 * `x.y.z-beta`, so a numeric collation orders them as releases).
 */
const firstRelease = watchtowerMethodNames
  .map((name) => watchtowerMethods[name].since)
  .reduce((a, b) => (b.localeCompare(a, "en", { numeric: true }) < 0 ? b : a));

/**
 * The lnd release an RPC (by proto name) needs when it came after the service itself, e.g. `"0.18.0-beta"`;
 * undefined for the service's original RPCs and unknown names. An older lnd answers it Unimplemented (REST: 404).
 */
export function laterReleaseOf(rpcName: string): string | undefined {
  const since = watchtowerMethodOf(rpcName)?.since;
  return since !== undefined && since !== firstRelease ? since : undefined;
}
