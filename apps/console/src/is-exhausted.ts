import type { TowerSession } from "@wtclient/gen";

/**
 * lnd's exhausted session (what exclude_exhausted_sessions drops): every update slot used and
 * acknowledged, i.e. seqnum == max_updates with no un-acked updates.
 */
export function isExhausted(s: Pick<TowerSession, "numBackups" | "numPendingBackups" | "maxBackups">): boolean {
  return s.numPendingBackups === 0 && s.numBackups >= s.maxBackups;
}
