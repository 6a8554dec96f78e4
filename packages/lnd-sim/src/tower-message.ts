import { create } from "@bufbuild/protobuf";
import { TowerSchema, TowerSessionInfoSchema, TowerSessionSchema, type Tower, type TowerSession } from "@wtclient/core";
import { hexToBytes } from "@wtclient/core/internal";
import type { SessionState, TowerState } from "./client-db.js";
import { policyTypeOf, type TowerClientKind } from "./tower-clients.js";

export interface TowerQuery {
  readonly includeSessions: boolean;
  readonly excludeExhaustedSessions: boolean;
}

/** Exhausted: every update slot used and acked (seqnum == max_updates, nothing pending). */
function exhausted(s: SessionState): boolean {
  return s.numPendingBackups === 0 && s.numBackups >= s.maxBackups;
}

/** wtdb orders a client's sessions by the first 8 bytes of the id, big-endian. */
function byIdPrefix(a: SessionState, b: SessionState): number {
  const x = a.id.slice(0, 16);
  const y = b.id.slice(0, 16);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sessionMessage(s: SessionState): TowerSession {
  return create(TowerSessionSchema, {
    id: hexToBytes(s.id),
    numBackups: s.numBackups,
    numPendingBackups: s.numPendingBackups,
    maxBackups: s.maxBackups,
    sweepSatPerVbyte: s.sweepSatPerVbyte,
    sweepSatPerByte: s.sweepSatPerVbyte, // deprecated copy, still filled by lnd
  });
}

/**
 * lnd's `marshallTower`: one TowerSessionInfo per tower client; the deprecated top-level
 * `active_session_candidate`/`num_sessions` come from the first client, `sessions` concatenates all.
 */
export function towerMessage(tower: TowerState, clients: readonly TowerClientKind[], query: TowerQuery): Tower {
  const sessionInfo = clients.map((client) => {
    let sessions = tower.sessions.filter((s) => s.client === client);
    if (query.includeSessions && query.excludeExhaustedSessions) sessions = sessions.filter((s) => !exhausted(s));
    return create(TowerSessionInfoSchema, {
      // the tower is in every client's candidate set exactly when it is active
      activeSessionCandidate: tower.active,
      numSessions: sessions.length,
      sessions: query.includeSessions ? [...sessions].sort(byIdPrefix).map(sessionMessage) : [],
      policyType: policyTypeOf(client),
    });
  });
  return create(TowerSchema, {
    pubkey: hexToBytes(tower.pubkey),
    addresses: [...tower.addresses],
    activeSessionCandidate: sessionInfo[0]?.activeSessionCandidate ?? false,
    numSessions: sessionInfo[0]?.numSessions ?? 0,
    sessions: sessionInfo.flatMap((info) => info.sessions),
    sessionInfo,
  });
}
