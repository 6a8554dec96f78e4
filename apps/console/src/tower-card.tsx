import type { Tower } from "@wtclient/gen";
import { useState } from "preact/hooks";
import type { TerminatedEntry } from "./console-api.js";
import { CopyButton } from "./copy-button.js";
import { policyName, shortKey } from "./format.js";
import { toHex } from "./hex.js";
import { SessionTable } from "./session-table.js";

/** What a tower's buttons do; absent for a caller who may not write. */
export interface TowerActions {
  deactivate(tower: Tower): void;
  remove(tower: Tower): void;
  reactivate(tower: Tower): void;
  terminate(sessionHex: string, policy: string, tower: Tower): void;
}

export interface TowerCardProps {
  readonly tower: Tower;
  readonly terminated: ReadonlyMap<string, TerminatedEntry>;
  readonly actions: TowerActions | undefined;
}

/** A tower: key, addresses, candidate or not, session count; expands to its sessions per policy type. */
export function TowerCard({ tower, terminated, actions }: TowerCardProps) {
  const [open, setOpen] = useState(false);
  const key = toHex(tower.pubkey);
  const active = tower.sessionInfo.some((i) => i.activeSessionCandidate);
  const sessions = tower.sessionInfo.reduce((n, i) => n + i.numSessions, 0);
  const panel = `sessions-${key}`;
  // lnd v0.21 runs two taproot clients: number the second one
  const labels = tower.sessionInfo.map((info, i) => {
    const same = tower.sessionInfo.slice(0, i).filter((o) => o.policyType === info.policyType).length;
    return same === 0 ? policyName(info.policyType) : `${policyName(info.policyType)} (${same + 1})`;
  });
  return (
    <li class="card tower" data-tower={key} aria-labelledby={`tower-${key}`}>
      <div class="tower-head">
        <h3 id={`tower-${key}`}>
          Tower <code>{shortKey(key)}</code>
        </h3>
        <span class={`badge ${active ? "badge-ok" : "badge-off"}`}>{active ? "active candidate" : "inactive"}</span>
      </div>
      <p class="key-line">
        <code class="full-key">{key}</code> <CopyButton text={key} label={`Copy key of tower ${shortKey(key)}`} />
      </p>
      <dl class="tower-facts">
        <div>
          <dt>Addresses</dt>
          <dd>
            <ul class="plain">
              {tower.addresses.map((a) => (
                <li key={a}>
                  <code>{a}</code>
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd>{sessions}</dd>
        </div>
      </dl>
      <div class="actions">
        <button type="button" aria-expanded={open} aria-controls={panel} onClick={() => setOpen(!open)}>
          {open ? "Hide sessions" : `Show sessions (${sessions})`}
        </button>
        {actions && active && (
          <button type="button" onClick={() => actions.deactivate(tower)}>
            Deactivate
          </button>
        )}
        {actions && !active && tower.addresses.length > 0 && (
          <button type="button" onClick={() => actions.reactivate(tower)}>
            Reactivate
          </button>
        )}
        {actions && (
          <button type="button" class="danger-outline" onClick={() => actions.remove(tower)}>
            Remove…
          </button>
        )}
      </div>
      {open && (
        <div id={panel} class="session-panel">
          {tower.sessionInfo.map((info, i) => (
            <SessionTable
              key={`${info.policyType}-${i}`}
              info={info}
              label={labels[i]!}
              terminated={terminated}
              onTerminate={actions ? (id, policy) => actions.terminate(id, policy, tower) : undefined}
            />
          ))}
        </div>
      )}
    </li>
  );
}
