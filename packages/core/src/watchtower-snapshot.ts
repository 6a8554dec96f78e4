import type { CallOptions } from "@connectrpc/connect";
import {
  PolicyType,
  type ListTowersResponse,
  type PolicyResponse,
  type StatsResponse,
} from "./gen/wtclientrpc/wtclient_pb.js";
import { bytesToHex } from "./bytes-codec.js";

/** A policy type as a label: "legacy", "anchor" or "taproot" (lnd's enum names, lowercase). */
export type PolicyName = "legacy" | "anchor" | "taproot";

export const policyNames: readonly PolicyName[] = ["legacy", "anchor", "taproot"];

/** The sessions one tower holds for one policy type (v0.21's two taproot clients summed into one). */
export interface PolicySessions {
  readonly policy: PolicyName;
  /** the tower is in this client's set of session candidates */
  readonly activeCandidate: boolean;
  /** sessions of any status (terminated ones stay listed until their channels close) */
  readonly sessions: number;
  /** sessions whose updates are all used and acked (lnd's exclude_exhausted_sessions rule) */
  readonly exhaustedSessions: number;
  /** acked updates over these sessions */
  readonly backups: number;
  /** committed updates the tower has not acked yet */
  readonly pendingBackups: number;
  /** update slots over these sessions (the sum of their max_backups) */
  readonly maxBackups: number;
}

export interface TowerSnapshot {
  /** 66 lowercase hex characters */
  readonly pubkey: string;
  readonly addresses: readonly string[];
  /** a session candidate of at least one tower client */
  readonly activeCandidate: boolean;
  /** one entry per policy type lnd reports for the tower */
  readonly policies: readonly PolicySessions[];
}

/** lnd's watchtower client at one moment: what doctor and /metrics both read. */
export interface WatchtowerSnapshot {
  /** Stats: counters summed over the tower clients since lnd started */
  readonly stats: {
    readonly backups: number;
    readonly pendingBackups: number;
    readonly failedBackups: number;
    readonly sessionsAcquired: number;
    readonly sessionsExhausted: number;
  };
  /** Policy of each policy type the towers report (legacy when there is no tower) */
  readonly policies: ReadonlyArray<{
    readonly policy: PolicyName;
    readonly maxUpdates: number;
    readonly sweepSatPerVbyte: number;
  }>;
  readonly towers: readonly TowerSnapshot[];
}

/** The three read RPCs a snapshot needs, in the shape of a connect client of WatchtowerClient. */
export interface WatchtowerReader {
  stats(request: object, options?: CallOptions): Promise<StatsResponse>;
  listTowers(request: { includeSessions: boolean }, options?: CallOptions): Promise<ListTowersResponse>;
  policy(request: { policyType: PolicyType }, options?: CallOptions): Promise<PolicyResponse>;
}

export function policyNameOf(type: PolicyType): PolicyName {
  switch (type) {
    case PolicyType.ANCHOR:
      return "anchor";
    case PolicyType.TAPROOT:
      return "taproot";
    default:
      return "legacy";
  }
}

const policyTypes: Record<PolicyName, PolicyType> = {
  legacy: PolicyType.LEGACY,
  anchor: PolicyType.ANCHOR,
  taproot: PolicyType.TAPROOT,
};

/** Summarise ListTowers (with sessions): per tower and policy type, summing clients that share a type. */
export function summariseTowers(list: ListTowersResponse): TowerSnapshot[] {
  return list.towers.map((tower) => {
    const byPolicy = new Map<PolicyName, PolicySessions>();
    for (const info of tower.sessionInfo) {
      const policy = policyNameOf(info.policyType);
      const sessions = info.sessions;
      const add: PolicySessions = {
        policy,
        activeCandidate: info.activeSessionCandidate,
        sessions: sessions.length,
        exhaustedSessions: sessions.filter((s) => s.numPendingBackups === 0 && s.numBackups >= s.maxBackups).length,
        backups: sessions.reduce((n, s) => n + s.numBackups, 0),
        pendingBackups: sessions.reduce((n, s) => n + s.numPendingBackups, 0),
        maxBackups: sessions.reduce((n, s) => n + s.maxBackups, 0),
      };
      const had = byPolicy.get(policy);
      byPolicy.set(
        policy,
        had === undefined
          ? add
          : {
              policy,
              activeCandidate: had.activeCandidate || add.activeCandidate,
              sessions: had.sessions + add.sessions,
              exhaustedSessions: had.exhaustedSessions + add.exhaustedSessions,
              backups: had.backups + add.backups,
              pendingBackups: had.pendingBackups + add.pendingBackups,
              maxBackups: had.maxBackups + add.maxBackups,
            },
      );
    }
    const policies = policyNames.flatMap((p) => byPolicy.get(p) ?? []);
    return {
      pubkey: bytesToHex(tower.pubkey),
      addresses: [...tower.addresses],
      activeCandidate: policies.some((p) => p.activeCandidate),
      policies,
    };
  });
}

/**
 * Read Stats, ListTowers with sessions, and Policy of every policy type the towers report, concurrently.
 * Any failure (lnd down, client not active) rejects with the first error.
 */
export async function readWatchtowerSnapshot(
  client: WatchtowerReader,
  options?: CallOptions,
): Promise<WatchtowerSnapshot> {
  const [stats, list] = await Promise.all([
    client.stats({}, options),
    client.listTowers({ includeSessions: true }, options),
  ]);
  const towers = summariseTowers(list);
  const seen = new Set(towers.flatMap((t) => t.policies.map((p) => p.policy)));
  const wanted = policyNames.filter((p) => seen.has(p));
  const policies = await Promise.all(
    (wanted.length > 0 ? wanted : (["legacy"] as const)).map(async (policy) => {
      const answer = await client.policy({ policyType: policyTypes[policy] }, options);
      return { policy, maxUpdates: answer.maxUpdates, sweepSatPerVbyte: answer.sweepSatPerVbyte };
    }),
  );
  return {
    stats: {
      backups: stats.numBackups,
      pendingBackups: stats.numPendingBackups,
      failedBackups: stats.numFailedBackups,
      sessionsAcquired: stats.numSessionsAcquired,
      sessionsExhausted: stats.numSessionsExhausted,
    },
    policies,
    towers,
  };
}
