import type { AuditEntry } from "./audit-trail.js";

/**
 * The successful TerminateSession entries of `entries` (oldest first, as written), newest first and
 * one per session id: lnd cannot say which sessions were terminated (lnd #8930), the audit trail can.
 */
export function terminatedSessions(entries: readonly AuditEntry[]): AuditEntry[] {
  const seen = new Set<string>();
  const out: AuditEntry[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.rpc !== "TerminateSession" || e.outcome !== "ok" || e.target === undefined || seen.has(e.target)) continue;
    seen.add(e.target);
    out.push(e);
  }
  return out;
}
