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

export interface DoctorCheck {
  readonly id: DoctorCheckId;
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
  readonly healthy: boolean;
  readonly transport: "grpc" | "rest";
  /** lnd's `host:port` as dialed, once the settings resolved */
  readonly lnd?: string;
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

export const doctorCheckOrder = Object.keys(doctorCheckTitles) as readonly DoctorCheckId[];
