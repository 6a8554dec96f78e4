import { bytesToHex, hexToBytes, parsePubKey } from "@wtclient/core/internal";
import { isTowerClientKind, type TowerClientKind } from "./tower-clients.js";

/** One client session as lnd's wtdb keeps it (hex ids, JSON-ready). */
export interface SessionState {
  /** 66 hex chars: the compressed session key */
  readonly id: string;
  /** the tower client (blob type) that negotiated it */
  readonly client: TowerClientKind;
  /** CSessionTerminal: never used again, still listed */
  terminal: boolean;
  /** acked updates */
  numBackups: number;
  /** committed, not yet acked */
  numPendingBackups: number;
  readonly maxBackups: number;
  readonly sweepSatPerVbyte: number;
}

export interface TowerState {
  /** 66 hex chars: the compressed tower key */
  readonly pubkey: string;
  /** newest first, as lnd's net.Addr strings */
  addresses: string[];
  /** TowerStatusActive; an inactive tower is no session candidate */
  active: boolean;
  readonly sessions: SessionState[];
}

/** The double's whole database; also the state file's content. */
export interface SimState {
  readonly towers: TowerState[];
}

/** Initial contents; omitted fields take lnd's defaults (active tower, active session, no backups). */
export interface SimSeed {
  readonly towers: ReadonlyArray<{
    readonly pubkey: string;
    readonly addresses?: readonly string[];
    readonly active?: boolean;
    readonly sessions?: ReadonlyArray<{
      readonly id: string;
      readonly client: TowerClientKind;
      readonly terminal?: boolean;
      readonly numBackups?: number;
      readonly numPendingBackups?: number;
      readonly maxBackups?: number;
      readonly sweepSatPerVbyte?: number;
    }>;
  }>;
}

/** The client policy every tower client shares: lnd's defaults (`--wtclient.max-updates`, `--wtclient.sweep-fee-rate`). */
export interface ClientPolicy {
  readonly maxUpdates: number;
  readonly sweepSatPerVbyte: number;
}

export const defaultPolicy: ClientPolicy = { maxUpdates: 1024, sweepSatPerVbyte: 10 };

/** The Stats counters: in memory only, zero at every start like lnd's. */
export interface ClientStats {
  numBackups: number;
  numPendingBackups: number;
  numFailedBackups: number;
  numSessionsAcquired: number;
  numSessionsExhausted: number;
}

/** A key given as hex in a seed or state file, normalised to its compressed form. */
function compressedHex(hex: string, what: string): string {
  try {
    return bytesToHex(parsePubKey(hexToBytes(hex)).compressed);
  } catch (e) {
    throw new Error(`${what} ${hex}: ${(e as Error).message}`, { cause: e });
  }
}

function seedToState(seed: SimSeed, policy: ClientPolicy): SimState {
  return {
    towers: seed.towers.map((t) => ({
      pubkey: compressedHex(t.pubkey, "tower"),
      addresses: [...(t.addresses ?? [])],
      active: t.active ?? true,
      sessions: (t.sessions ?? []).map((s) => {
        if (!isTowerClientKind(s.client)) throw new Error(`session ${s.id}: unknown tower client ${String(s.client)}`);
        return {
          id: compressedHex(s.id, "session"),
          client: s.client,
          terminal: s.terminal ?? false,
          numBackups: s.numBackups ?? 0,
          numPendingBackups: s.numPendingBackups ?? 0,
          maxBackups: s.maxBackups ?? policy.maxUpdates,
          sweepSatPerVbyte: s.sweepSatPerVbyte ?? policy.sweepSatPerVbyte,
        };
      }),
    })),
  };
}

/** An lnd error: the RPC layer sends its text as gRPC Unknown. */
export class LndError extends Error {
  override readonly name = "LndError";
}

/**
 * The model of lnd's watchtower client database (wtdb) and manager state that the RPCs see.
 * Keys are compressed hex; every mutation calls `onChange` (the state file writer).
 */
export class ClientDb {
  readonly policy: ClientPolicy;
  stats: ClientStats = ClientDb.zeroStats();
  #state: SimState;
  onChange: (state: SimState) => void = () => {};

  constructor(seed: SimSeed = { towers: [] }, policy: ClientPolicy = defaultPolicy) {
    this.policy = policy;
    this.#state = seedToState(seed, policy);
  }

  static zeroStats(): ClientStats {
    return {
      numBackups: 0,
      numPendingBackups: 0,
      numFailedBackups: 0,
      numSessionsAcquired: 0,
      numSessionsExhausted: 0,
    };
  }

  /** A deep copy of the database, as written to the state file. */
  snapshot(): SimState {
    return structuredClone(this.#state);
  }

  towers(): readonly TowerState[] {
    return this.#state.towers;
  }

  /** LoadTower: `tower not found` for an unknown key. */
  tower(pubkey: string): TowerState {
    const tower = this.#state.towers.find((t) => t.pubkey === pubkey);
    if (tower === undefined) throw new LndError("tower not found");
    return tower;
  }

  /** CreateTower: a new tower, or an existing one active again with the address prepended if new. */
  addTower(pubkey: string, address: string): void {
    let tower = this.#state.towers.find((t) => t.pubkey === pubkey);
    if (tower === undefined) {
      tower = { pubkey, addresses: [], active: true, sessions: [] };
      this.#state.towers.push(tower);
    }
    tower.active = true;
    if (!tower.addresses.includes(address)) tower.addresses.unshift(address);
    this.#changed();
  }

  /**
   * RemoveTower. With an address: drop it (unknown: no-op; the only one: `cannot remove last tower address`).
   * Without: delete a tower that has no sessions, else mark it inactive (`tower has unacked updates` if
   * any of its sessions holds un-acked updates).
   */
  removeTower(pubkey: string, address: string | undefined, hasUnacked: (sessionId: string) => boolean): void {
    const tower = this.tower(pubkey);
    if (address !== undefined) {
      const at = tower.addresses.indexOf(address);
      if (at < 0) return;
      if (tower.addresses.length === 1) throw new LndError("cannot remove last tower address");
      tower.addresses.splice(at, 1);
    } else if (tower.sessions.length === 0) {
      this.#state.towers.splice(this.#state.towers.indexOf(tower), 1);
    } else {
      if (tower.sessions.some((s) => hasUnacked(s.id))) throw new LndError("tower has unacked updates");
      tower.active = false;
    }
    this.#changed();
  }

  /** DeactivateTower: idempotent. */
  deactivateTower(pubkey: string): void {
    this.tower(pubkey).active = false;
    this.#changed();
  }

  /** TerminateSession: marks the session terminal (again, if it already is); it stays listed. */
  terminateSession(sessionId: string, hasUnacked: boolean): void {
    const session = this.#state.towers.flatMap((t) => t.sessions).find((s) => s.id === sessionId);
    if (session === undefined) throw new LndError("client session not found");
    if (hasUnacked) throw new LndError("session has un-acked updates");
    session.terminal = true;
    // a live session's committed updates are handed back to the backup queue when it stops
    session.numPendingBackups = 0;
    this.#changed();
  }

  #changed(): void {
    this.onChange(this.snapshot());
  }
}
