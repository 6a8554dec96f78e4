/**
 * Whether a real lnd refused because a tower's address is locked ("address in use"): it refuses to deactivate or
 * remove a tower while it dials the tower for a new session, which it starts on its own once a tower is back. A
 * passing state of lnd, not an answer of ours; matched in the text, as a driver's failed check quotes lnd's answer.
 */
export function lndAddressInUse(e: unknown): boolean {
  return e instanceof Error && e.message.includes("address in use");
}
