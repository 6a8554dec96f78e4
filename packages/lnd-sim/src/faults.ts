/** Knobs that make the double misbehave on purpose; read on every request. */
export interface Faults {
  /** added before each RPC is handled (gRPC and REST) */
  latencyMs: number;
  /** false: every RPC answers `watchtower client not active` (lnd without --wtclient.active) */
  active: boolean;
  /** session ids (hex) whose TerminateSession fails with `session has un-acked updates` */
  unackedSessions: string[];
  /** no new connections: the listeners are closed (setFaults) and any connection that still arrives is dropped */
  refuseConnections: boolean;
  /** every request's connection is destroyed before it is answered */
  resetConnections: boolean;
  /** how far the double's clock runs ahead when it checks a macaroon's time-before caveat (a clock skew) */
  clockAheadMs: number;
}

export function defaultFaults(): Faults {
  return {
    latencyMs: 0,
    active: true,
    unackedSessions: [],
    refuseConnections: false,
    resetConnections: false,
    clockAheadMs: 0,
  };
}

const booleanKeys = ["active", "refuseConnections", "resetConnections"] as const;

/** Validate a JSON patch of faults (the admin API's body); throws with a readable message. */
export function parseFaultsPatch(value: unknown): Partial<Faults> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("expected a JSON object");
  const input = value as Record<string, unknown>;
  const patch: Partial<Faults> = {};
  for (const key of Object.keys(input)) {
    const v = input[key];
    if (key === "latencyMs" || key === "clockAheadMs") {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new Error(`${key}: expected a number >= 0`);
      patch[key] = v;
    } else if (key === "unackedSessions") {
      if (!Array.isArray(v) || !v.every((s) => typeof s === "string" && /^[0-9a-fA-F]+$/.test(s))) {
        throw new Error("unackedSessions: expected an array of hex session ids");
      }
      patch.unackedSessions = (v as string[]).map((s) => s.toLowerCase());
    } else if ((booleanKeys as readonly string[]).includes(key)) {
      if (typeof v !== "boolean") throw new Error(`${key}: expected a boolean`);
      patch[key as (typeof booleanKeys)[number]] = v;
    } else {
      throw new Error(`unknown fault ${JSON.stringify(key)}`);
    }
  }
  return patch;
}
