import type { WtclientError } from "@wtclient/core";
import type { WatchtowerSnapshot } from "@wtclient/core/internal";
import { Counter, Gauge, Registry } from "prom-client";

/** One collection from lnd: what it answered (or why not), and how long it took. */
export interface LndObservation {
  /** lnd answered (even if only to say its watchtower client is not active, or to refuse the macaroon) */
  readonly up: boolean;
  /** known only when lnd answered */
  readonly active?: boolean;
  /** the watchtower state, when every call answered */
  readonly snapshot?: WatchtowerSnapshot;
  readonly error?: WtclientError;
  readonly seconds: number;
}

/** Every metric read from lnd: name, type, help and labels. Also the source of the README's metric list. */
export const lndMetricSpecs = [
  {
    name: "wtclient_lnd_up",
    type: "gauge",
    help: "1 when lnd answered the last collection (even with an error of its own), 0 when it could not be reached.",
    labels: [],
  },
  {
    name: "wtclient_lnd_scrape_success",
    type: "gauge",
    help: "1 when Stats, ListTowers and Policy all answered in the last collection.",
    labels: [],
  },
  {
    name: "wtclient_lnd_scrape_duration_seconds",
    type: "gauge",
    help: "How long the last collection from lnd took.",
    labels: [],
  },
  {
    name: "wtclient_client_active",
    type: "gauge",
    help: "1 when lnd's watchtower client is active (wtclient.active), 0 when not; absent while lnd is down.",
    labels: [],
  },
  {
    name: "wtclient_towers",
    type: "gauge",
    help: "Towers lnd knows, by whether they are an active session candidate of any tower client.",
    labels: ["active_candidate"],
  },
  {
    name: "wtclient_tower_active_candidate",
    type: "gauge",
    help: "1 when the tower is a session candidate of the policy type's tower client.",
    labels: ["tower", "policy_type"],
  },
  {
    name: "wtclient_tower_sessions",
    type: "gauge",
    help: "Sessions with the tower (terminated ones count until lnd deletes them).",
    labels: ["tower", "policy_type"],
  },
  {
    name: "wtclient_tower_sessions_exhausted",
    type: "gauge",
    help: "Sessions with the tower whose updates are all used and acked.",
    labels: ["tower", "policy_type"],
  },
  {
    name: "wtclient_tower_backups",
    type: "gauge",
    help: "Updates acked by the tower over its current sessions.",
    labels: ["tower", "policy_type"],
  },
  {
    name: "wtclient_tower_backups_pending",
    type: "gauge",
    help: "Updates sent to the tower and not acked yet.",
    labels: ["tower", "policy_type"],
  },
  {
    name: "wtclient_tower_backups_max",
    type: "gauge",
    help: "Update slots of the tower's current sessions (the sum of their max_backups).",
    labels: ["tower", "policy_type"],
  },
  {
    name: "wtclient_backups_total",
    type: "counter",
    help: "Backups accepted by the watchtower client since lnd started (Stats num_backups).",
    labels: [],
  },
  {
    name: "wtclient_backups_pending",
    type: "gauge",
    help: "Backups received by the watchtower client and not accepted yet (Stats num_pending_backups).",
    labels: [],
  },
  {
    name: "wtclient_backups_failed_total",
    type: "counter",
    help: "Backups that failed since lnd started (Stats num_failed_backups); lnd counts them client-wide only.",
    labels: [],
  },
  {
    name: "wtclient_sessions_acquired_total",
    type: "counter",
    help: "Sessions negotiated since lnd started (Stats num_sessions_acquired).",
    labels: [],
  },
  {
    name: "wtclient_sessions_exhausted_total",
    type: "counter",
    help: "Sessions exhausted since lnd started (Stats num_sessions_exhausted).",
    labels: [],
  },
  {
    name: "wtclient_policy_max_updates",
    type: "gauge",
    help: "Updates per new session (Policy max_updates).",
    labels: ["policy_type"],
  },
  {
    name: "wtclient_policy_sweep_sat_per_vbyte",
    type: "gauge",
    help: "Fee rate of the justice transaction of new sessions (Policy sweep_sat_per_vbyte).",
    labels: ["policy_type"],
  },
] as const;

type MetricName = (typeof lndMetricSpecs)[number]["name"];

/**
 * A fresh registry holding one collection's values. Metrics lnd did not answer for are left out, so a
 * scrape while lnd is down shows up=0 and scrape_success=0 and nothing stale.
 */
export function lndMetricRegistry(o: LndObservation): Registry {
  const registry = new Registry();
  const metrics = new Map<MetricName, Gauge | Counter>();
  // a metric exists once a value is set: what lnd did not answer for has no series at all
  const set = (name: MetricName, value: number, labels: Record<string, string> = {}): void => {
    let metric = metrics.get(name);
    if (metric === undefined) {
      const spec = lndMetricSpecs.find((m) => m.name === name)!;
      const config = { name, help: spec.help, labelNames: [...spec.labels], registers: [registry] };
      metric = spec.type === "counter" ? new Counter(config) : new Gauge(config);
      metrics.set(name, metric);
    }
    if (metric instanceof Counter) metric.inc(labels, value);
    else metric.set(labels, value);
  };
  const bool = (b: boolean) => (b ? 1 : 0);

  set("wtclient_lnd_up", bool(o.up));
  set("wtclient_lnd_scrape_success", bool(o.snapshot !== undefined));
  set("wtclient_lnd_scrape_duration_seconds", o.seconds);
  if (o.active !== undefined) set("wtclient_client_active", bool(o.active));
  const s = o.snapshot;
  if (s === undefined) return registry;
  const active = s.towers.filter((t) => t.activeCandidate).length;
  set("wtclient_towers", active, { active_candidate: "true" });
  set("wtclient_towers", s.towers.length - active, { active_candidate: "false" });
  for (const t of s.towers) {
    for (const p of t.policies) {
      const labels = { tower: t.pubkey, policy_type: p.policy };
      set("wtclient_tower_active_candidate", bool(p.activeCandidate), labels);
      set("wtclient_tower_sessions", p.sessions, labels);
      set("wtclient_tower_sessions_exhausted", p.exhaustedSessions, labels);
      set("wtclient_tower_backups", p.backups, labels);
      set("wtclient_tower_backups_pending", p.pendingBackups, labels);
      set("wtclient_tower_backups_max", p.maxBackups, labels);
    }
  }
  set("wtclient_backups_total", s.stats.backups);
  set("wtclient_backups_pending", s.stats.pendingBackups);
  set("wtclient_backups_failed_total", s.stats.failedBackups);
  set("wtclient_sessions_acquired_total", s.stats.sessionsAcquired);
  set("wtclient_sessions_exhausted_total", s.stats.sessionsExhausted);
  for (const p of s.policies) {
    set("wtclient_policy_max_updates", p.maxUpdates, { policy_type: p.policy });
    set("wtclient_policy_sweep_sat_per_vbyte", p.sweepSatPerVbyte, { policy_type: p.policy });
  }
  return registry;
}
