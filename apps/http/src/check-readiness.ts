import { WtclientError } from "@wtclient/core";
import type { LndConnection } from "./lnd-connection.js";

export interface Readiness {
  readonly ready: boolean;
  /** One word for why not (or what was not checked), e.g. `unreachable`, `client-not-active`: all a stranger is told. */
  readonly reason?: string;
  /** The explanation, for the log and authenticated callers (lnd-connection keeps file paths out of it). */
  readonly detail?: string;
}

/**
 * Ready = lnd answers Stats and its watchtower client is active. With only pass-through callers the
 * service holds no macaroon: lnd's "expected 1 macaroon" answer then proves lnd is up, but not that
 * its watchtower client is active.
 */
export async function checkReadiness(
  lnd: LndConnection,
  useOwnMacaroon: boolean,
  timeoutMs: number,
): Promise<Readiness> {
  try {
    const client = useOwnMacaroon ? await lnd.own() : await lnd.bare();
    await client.stats({}, { timeoutMs });
    return { ready: true };
  } catch (e) {
    const err = WtclientError.from(e, { host: lnd.address });
    if (!useOwnMacaroon && err.reason === "macaroon-missing") {
      return {
        ready: true,
        reason: "unchecked",
        detail: "lnd answers; whether its watchtower client is active is not checked (no service macaroon)",
      };
    }
    const text = err.rawMessage.includes(lnd.address) ? err.rawMessage : `lnd at ${lnd.address}: ${err.rawMessage}`;
    return { ready: false, reason: err.reason, detail: `${text} (${err.hint})` };
  }
}
