import { terminatedSessions } from "./terminated-sessions.js";

/** One write call as the audit log recorded it (also one line of `--audit-file`). */
export interface AuditEntry {
  /** ISO time the call ended. */
  readonly at: string;
  /** The RPC, e.g. "TerminateSession". */
  readonly rpc: string;
  /** The caller's name in the audit line: a token id, "macaroon", "anonymous" or "unauthenticated". */
  readonly caller: string;
  /** Hex of the tower key or session id the call targeted (public values); absent when not known. */
  readonly target: string | undefined;
  /** "ok", lnd's error text, or "denied: ..." when the service refused the call. */
  readonly outcome: string;
  /** The route the call came in on, e.g. "POST /v2/watchtower/client/sessions/terminate/{session_id}". */
  readonly route?: string;
  /** The surface it came in on, as the audit log line names it (e.g. "rest", "connect", "grpc"). */
  readonly surface?: string;
}

/** Where the audit entries go besides the log, and what the console's list of terminated sessions reads. */
export interface AuditTrail {
  record(entry: AuditEntry): void;
  /** Sessions terminated successfully, newest first, one entry per session id. */
  terminated(): Promise<readonly AuditEntry[]>;
  /** Waits for what was recorded to be stored, then lets go of any file. */
  close(): Promise<void>;
}

/**
 * Keeps the last `limit` successful terminations in this process's memory: lost on a restart and
 * one list per worker (the log lines themselves are the durable record; `--audit-file` makes a shared one).
 */
export function createAuditTrail(limit = 512): AuditTrail {
  const entries: AuditEntry[] = [];
  return {
    record(entry) {
      // only what terminated() can return, so that other writes do not push terminations out
      if (terminatedSessions([entry]).length === 0) return;
      entries.push(entry);
      if (entries.length > limit) entries.shift();
    },
    terminated: () => Promise.resolve(terminatedSessions(entries)),
    close: () => Promise.resolve(),
  };
}
