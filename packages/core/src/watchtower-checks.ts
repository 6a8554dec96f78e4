import type { DoctorCheck } from "./doctor-check.js";
import {
  policyNames,
  type PolicySessions,
  type TowerSnapshot,
  type WatchtowerSnapshot,
} from "./watchtower-snapshot.js";

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function percent(used: number, of: number): string {
  return of === 0 ? "0%" : `${Math.round((100 * used) / of)}%`;
}

function towersCheck(towers: readonly TowerSnapshot[]): DoctorCheck {
  const details = towers.map(
    (t) => `${t.pubkey} ${t.activeCandidate ? "active" : "inactive"} ${t.addresses.join(", ") || "(no address)"}`,
  );
  const active = towers.filter((t) => t.activeCandidate);
  if (towers.length === 0) {
    return {
      id: "towers",
      verdict: "fail",
      summary: "no tower: nothing backs up this node's channels",
      hint: "add a tower with `wtclient add <pubkey>@<host>[:9911]`",
    };
  }
  if (active.length === 0) {
    return {
      id: "towers",
      verdict: "fail",
      summary: `${plural(towers.length, "tower")}, none of them an active session candidate`,
      hint: "`wtclient add <pubkey>@<address>` makes a deactivated or removed tower a candidate again",
      details,
    };
  }
  return {
    id: "towers",
    verdict: "ok",
    summary: `${active.length} of ${plural(towers.length, "tower")} active session candidates`,
    details,
  };
}

function usage(p: PolicySessions): string {
  if (p.sessions === 0) return "no session";
  return `${plural(p.sessions, "session")}, ${p.backups + p.pendingBackups} of ${p.maxBackups} updates used (${percent(p.backups + p.pendingBackups, p.maxBackups)})`;
}

function sessionsCheck(active: readonly TowerSnapshot[]): DoctorCheck {
  const details = active.flatMap((t) => t.policies.map((p) => `${t.pubkey} ${p.policy}: ${usage(p)}`));
  const total = active.reduce((n, t) => n + t.policies.reduce((m, p) => m + p.sessions, 0), 0);
  if (total === 0) {
    return {
      id: "sessions",
      verdict: "warn",
      summary: "no session with any active tower yet",
      hint: "lnd negotiates a session when a channel first needs a backup; with open channels and still none, check that lnd reaches the tower's address (port 9911) and look for wtclient lines in lnd's log",
      details,
    };
  }
  const without = policyNames.filter(
    (policy) => !active.some((t) => t.policies.some((p) => p.policy === policy && p.sessions > 0)),
  );
  return {
    id: "sessions",
    verdict: "ok",
    summary:
      `${plural(total, "session")} with active towers` +
      (without.length > 0
        ? `; none yet for ${without.join(", ")} (negotiated when a channel of that type needs one)`
        : ""),
    details,
  };
}

function pendingCheck(snapshot: WatchtowerSnapshot): DoctorCheck {
  const perTower = snapshot.towers
    .map((t) => ({ t, pending: t.policies.reduce((n, p) => n + p.pendingBackups, 0) }))
    .filter((x) => x.pending > 0);
  const unacked = perTower.reduce((n, x) => n + x.pending, 0);
  const queued = snapshot.stats.pendingBackups;
  const details = perTower.map(
    (x) => `${x.t.pubkey} ${x.t.activeCandidate ? "active" : "inactive"}: ${plural(x.pending, "update")} not acked`,
  );
  if (unacked === 0 && queued === 0)
    return { id: "pending-backups", verdict: "ok", summary: "none: every backup was acked by its tower" };
  return {
    id: "pending-backups",
    verdict: "warn",
    summary: `${plural(queued, "backup")} queued in lnd, ${plural(unacked, "update")} sent but not acked by a tower`,
    hint: "normal for a moment after a payment; if it stays, the tower is not acking: check it is online, or add another tower",
    details,
  };
}

function failedCheck(snapshot: WatchtowerSnapshot): DoctorCheck {
  const failed = snapshot.stats.failedBackups;
  if (failed === 0) return { id: "failed-backups", verdict: "ok", summary: "none since lnd started" };
  return {
    id: "failed-backups",
    verdict: "warn",
    summary: `${plural(failed, "backup")} failed since lnd started (lnd counts them client-wide only)`,
    hint: "lnd could not back up these channel states: look for wtclient lines in lnd's log; the counter resets when lnd restarts",
  };
}

function exhaustedCheck(active: readonly TowerSnapshot[]): DoctorCheck {
  const details: string[] = [];
  const full: string[] = [];
  for (const policy of policyNames) {
    const of = active.flatMap((t) => t.policies.filter((p) => p.policy === policy));
    const sessions = of.reduce((n, p) => n + p.sessions, 0);
    const exhausted = of.reduce((n, p) => n + p.exhaustedSessions, 0);
    if (sessions === 0) continue;
    details.push(`${policy}: ${exhausted} of ${plural(sessions, "session")} exhausted`);
    if (exhausted === sessions) full.push(policy);
  }
  if (full.length > 0) {
    return {
      id: "exhausted-sessions",
      verdict: "fail",
      summary: `every ${full.join(" and every ")} session on the active towers is exhausted`,
      hint: "lnd negotiates a new session with the next update; if none appears, check the towers accept new sessions, or add another tower",
      details,
    };
  }
  return {
    id: "exhausted-sessions",
    verdict: "ok",
    summary: details.length > 0 ? "each policy type has a session with room left" : "no sessions",
    details,
  };
}

/** The checks that read lnd's watchtower state: towers, sessions, pending and failed backups, exhausted sessions. */
export function watchtowerChecks(snapshot: WatchtowerSnapshot): DoctorCheck[] {
  const active = snapshot.towers.filter((t) => t.activeCandidate);
  return [
    towersCheck(snapshot.towers),
    sessionsCheck(active),
    pendingCheck(snapshot),
    failedCheck(snapshot),
    exhaustedCheck(active),
  ];
}
