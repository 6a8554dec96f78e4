import type { Logger } from "pino";
import type { AuditEntry, AuditTrail } from "./audit-trail.js";

/**
 * One write call's audit: the JSON audit line (`audit: true`, the entry's fields and `extra`) and the same entry
 * in the trail (the console's list of terminated sessions, `--audit-file`), stamped with the time it ended.
 */
export function writeAuditEntry(
  audit: Logger,
  trail: AuditTrail | undefined,
  entry: Omit<AuditEntry, "at">,
  extra: Record<string, unknown>,
  message: string,
): void {
  trail?.record({ at: new Date().toISOString(), ...entry });
  audit.info({ audit: true, ...entry, ...extra }, message);
}
