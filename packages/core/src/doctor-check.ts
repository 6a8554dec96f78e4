/** The checks of `wtclient doctor`, in the order they run. */
export type DoctorCheckId =
  | "settings"
  | "tls-cert"
  | "macaroon"
  | "lnd"
  | "client-active"
  | "towers"
  | "sessions"
  | "pending-backups"
  | "failed-backups"
  | "exhausted-sessions";

/** ok: fine; warn: worth a look, not a failure; fail: something to fix; skip: not checked because an earlier check failed. */
export type DoctorVerdict = "ok" | "warn" | "fail" | "skip";

/** One check of a {@link Diagnosis}. */
export interface DoctorCheck {
  /** Which check it is. */
  readonly id: DoctorCheckId;
  /** How it went. */
  readonly verdict: DoctorVerdict;
  /** one line: what was found */
  readonly summary: string;
  /** one line: what to do (on warn and fail) */
  readonly hint?: string;
  /** one line per tower or policy type, where it helps */
  readonly details?: readonly string[];
}

/** The result of a doctor run: healthy when no check failed. */
export interface Diagnosis {
  /** True when no check failed (warnings allowed). */
  readonly healthy: boolean;
  /** The transport the checks used. */
  readonly transport: "grpc" | "rest";
  /** lnd's `host:port` as dialed, once the settings resolved */
  readonly lnd?: string;
  /** Every check, in the order they ran. */
  readonly checks: readonly DoctorCheck[];
}

/** The titles the text output shows for each check. */
export const doctorCheckTitles: Readonly<Record<DoctorCheckId, string>> = {
  settings: "settings",
  "tls-cert": "tls cert",
  macaroon: "macaroon",
  lnd: "lnd reachable",
  "client-active": "client active",
  towers: "towers",
  sessions: "sessions",
  "pending-backups": "pending backups",
  "failed-backups": "failed backups",
  "exhausted-sessions": "exhausted sessions",
};

/** The check ids in the order they run. */
export const doctorCheckOrder = Object.keys(doctorCheckTitles) as readonly DoctorCheckId[];
