import { createClient, type CallOptions, type Transport } from "@connectrpc/connect";
import {
  PolicyType,
  WatchtowerClient,
  type AddTowerResponse,
  type DeactivateTowerResponse,
  type ListTowersResponse,
  type PolicyResponse,
  type RemoveTowerResponse,
  type StatsResponse,
  type TerminateSessionResponse,
  type Tower,
} from "./gen/wtclientrpc/wtclient_pb.js";
import { toKeyBytes, type KeyInput } from "./key-input.js";
import { createRetryPolicy, type RetryOptions } from "./retry-policy.js";
import { WtclientError } from "./wtclient-error.js";

export interface SessionListOptions {
  /** List each tower's sessions. */
  readonly includeSessions?: boolean;
  /** Leave out exhausted sessions (with includeSessions only, as lnd applies it). */
  readonly excludeExhaustedSessions?: boolean;
}

/** All eight WatchtowerClient RPCs with friendly inputs; every method throws WtclientError. */
export interface WatchtowerClientApi {
  addTower(pubkey: KeyInput, address: string, options?: CallOptions): Promise<AddTowerResponse>;
  removeTower(pubkey: KeyInput, address?: string, options?: CallOptions): Promise<RemoveTowerResponse>;
  deactivateTower(pubkey: KeyInput, options?: CallOptions): Promise<DeactivateTowerResponse>;
  terminateSession(sessionId: KeyInput, options?: CallOptions): Promise<TerminateSessionResponse>;
  listTowers(list?: SessionListOptions, options?: CallOptions): Promise<ListTowersResponse>;
  getTowerInfo(pubkey: KeyInput, list?: SessionListOptions, options?: CallOptions): Promise<Tower>;
  stats(options?: CallOptions): Promise<StatsResponse>;
  policy(policyType?: PolicyType, options?: CallOptions): Promise<PolicyResponse>;
}

/** Run one call, raising every failure (local validation included) as WtclientError. */
async function guard<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw WtclientError.from(e, { method });
  }
}

/**
 * The facade over any connect transport to lnd (gRPC or REST). The idempotent RPCs are sent again after a
 * connection failure (retry-policy.ts: 3 attempts by default); `retry: false` sends every call once.
 */
export function createWatchtowerClient(options: { transport: Transport; retry?: RetryOptions | false }): WatchtowerClientApi {
  const rpc = createClient(WatchtowerClient, options.transport);
  const policy = createRetryPolicy(options.retry);
  const guarded = <T>(method: string, o: CallOptions | undefined, call: () => Promise<T>): Promise<T> =>
    guard(method, () => policy.run(method, call, o?.signal));
  return {
    addTower: (pubkey, address, o) =>
      guarded("AddTower", o, () => rpc.addTower({ pubkey: toKeyBytes(pubkey, "public key"), address }, o)),
    removeTower: (pubkey, address, o) =>
      guarded("RemoveTower", o, () => rpc.removeTower({ pubkey: toKeyBytes(pubkey, "public key"), address: address ?? "" }, o)),
    deactivateTower: (pubkey, o) =>
      guarded("DeactivateTower", o, () => rpc.deactivateTower({ pubkey: toKeyBytes(pubkey, "public key") }, o)),
    terminateSession: (sessionId, o) =>
      guarded("TerminateSession", o, () => rpc.terminateSession({ sessionId: toKeyBytes(sessionId, "session ID") }, o)),
    listTowers: (list, o) =>
      guarded("ListTowers", o, () =>
        rpc.listTowers({ includeSessions: list?.includeSessions ?? false, excludeExhaustedSessions: list?.excludeExhaustedSessions ?? false }, o),
      ),
    getTowerInfo: (pubkey, list, o) =>
      guarded("GetTowerInfo", o, () =>
        rpc.getTowerInfo(
          {
            pubkey: toKeyBytes(pubkey, "public key"),
            includeSessions: list?.includeSessions ?? false,
            excludeExhaustedSessions: list?.excludeExhaustedSessions ?? false,
          },
          o,
        ),
      ),
    stats: (o) => guarded("Stats", o, () => rpc.stats({}, o)),
    policy: (policyType, o) => guarded("Policy", o, () => rpc.policy({ policyType: policyType ?? PolicyType.LEGACY }, o)),
  };
}
