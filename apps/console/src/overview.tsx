import type { Snapshot } from "./use-snapshot.js";
import { policyName } from "./format.js";

/** lnd's client counters (since lnd started) and the policy each tower client negotiates new sessions with. */
export function Overview({ snapshot }: { snapshot: Snapshot }) {
  const { stats } = snapshot;
  const figures: [string, number, string][] = [
    ["Backups", stats.numBackups, "updates accepted by towers"],
    ["Pending", stats.numPendingBackups, "received, not yet accepted"],
    ["Failed", stats.numFailedBackups, "could not be backed up"],
    ["Sessions acquired", stats.numSessionsAcquired, "negotiated with towers"],
    ["Sessions exhausted", stats.numSessionsExhausted, "every update slot used"],
  ];
  return (
    <section aria-labelledby="overview-title" class="card">
      <h2 id="overview-title">Overview</h2>
      <p class="muted">Counters since lnd last started.</p>
      <dl class="stats">
        {figures.map(([label, value, help]) => (
          <div class="stat" key={label}>
            <dt>{label}</dt>
            <dd>
              <span class="figure">{value.toLocaleString()}</span>
              <span class="muted small-text">{help}</span>
            </dd>
          </div>
        ))}
      </dl>
      <h3>Policy for new sessions</h3>
      <table class="policies">
        <caption class="visually-hidden">Active policy per type</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Max updates per session</th>
            <th scope="col">Sweep fee rate</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.policies.map(({ type, policy }) => (
            <tr key={type}>
              <th scope="row">{policyName(type)}</th>
              <td data-label="Max updates">{policy.maxUpdates.toLocaleString()}</td>
              <td data-label="Sweep fee rate">{policy.sweepSatPerVbyte} sat/vB</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
