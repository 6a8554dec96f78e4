/** One write call as the audit log recorded it. */
export interface AuditEntry {
  /** ISO time the call ended. */
  readonly at: string;
  /** The RPC, e.g. "TerminateSession". */
  readonly rpc: string;
  /** The caller's name in the audit line: a token id, "macaroon" or "anonymous". */
  readonly caller: string;
  /** Hex of the tower key or session id the call targeted (public values). */
  readonly target: string | undefined;
  /** "ok", or lnd's error text. */
  readonly outcome: string;
}

/** The recent audit entries of this service process, kept beside the audit log lines for the console. */
export interface AuditTrail {
  record(entry: AuditEntry): void;
  /** Sessions terminated successfully, newest first, one entry per session id. */
  terminated(): AuditEntry[];
}

/** Keeps the last `limit` entries in memory (the log lines themselves are the durable record). */
export function createAuditTrail(limit = 512): AuditTrail {
  const entries: AuditEntry[] = [];
  return {
    record(entry) {
      entries.push(entry);
      if (entries.length > limit) entries.shift();
    },
    terminated() {
      const seen = new Set<string>();
      const out: AuditEntry[] = [];
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        if (e.rpc !== "TerminateSession" || e.outcome !== "ok" || e.target === undefined || seen.has(e.target))
          continue;
        seen.add(e.target);
        out.push(e);
      }
      return out;
    },
  };
}
