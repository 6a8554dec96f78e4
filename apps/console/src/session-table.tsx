import type { TowerSessionInfo } from "@wtclient/gen";
import type { TerminatedEntry } from "./console-api.js";
import { CopyButton } from "./copy-button.js";
import { policyName, shortKey, timeOf } from "./format.js";
import { toHex } from "./hex.js";
import { isExhausted } from "./is-exhausted.js";

export interface SessionTableProps {
  readonly info: TowerSessionInfo;
  /** "Taproot (2)" when lnd runs two taproot clients. */
  readonly label: string;
  readonly terminated: ReadonlyMap<string, TerminatedEntry>;
  /** undefined: the caller may not write, so no button. */
  readonly onTerminate: ((sessionHex: string, policy: string) => void) | undefined;
}

/** One tower client's sessions with this tower: id, backups used of max, pending, fee rate, state. */
export function SessionTable({ info, label, terminated, onTerminate }: SessionTableProps) {
  const heading = `${label}: ${info.numSessions} session${info.numSessions === 1 ? "" : "s"}${info.activeSessionCandidate ? "" : " (not a candidate)"}`;
  if (info.sessions.length === 0) {
    return (
      <div class="sessions">
        <h4>{heading}</h4>
        <p class="muted">No sessions of this type{info.numSessions > 0 ? " left after hiding exhausted ones" : ""}.</p>
      </div>
    );
  }
  return (
    <div class="sessions">
      <h4>{heading}</h4>
      <table>
        <caption class="visually-hidden">{`${policyName(info.policyType)} sessions`}</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Backups used</th>
            <th scope="col">Pending</th>
            <th scope="col">Sweep fee</th>
            <th scope="col">State</th>
            {onTerminate && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {info.sessions.map((s) => {
            const id = toHex(s.id);
            const exhausted = isExhausted(s);
            const ended = terminated.get(id);
            return (
              <tr key={id} data-session={id} class={ended ? "terminated" : exhausted ? "exhausted" : ""}>
                <th scope="row" data-label="Session">
                  <code title={id}>{shortKey(id)}</code>{" "}
                  <CopyButton text={id} label={`Copy session id ${shortKey(id)}`} />
                </th>
                <td data-label="Backups used">
                  <meter
                    min={0}
                    max={s.maxBackups}
                    value={s.numBackups}
                    aria-label={`backups used of session ${shortKey(id)}`}
                  />{" "}
                  <span>
                    {s.numBackups.toLocaleString()} / {s.maxBackups.toLocaleString()}
                  </span>
                </td>
                <td data-label="Pending">{s.numPendingBackups}</td>
                <td data-label="Sweep fee">{s.sweepSatPerVbyte} sat/vB</td>
                <td data-label="State">
                  {ended ? (
                    <span>
                      <span class="badge badge-terminated">terminated</span>
                      <span class="small-text muted">
                        {timeOf(ended.at)} by {ended.caller}
                      </span>
                    </span>
                  ) : exhausted ? (
                    <span class="badge badge-exhausted">exhausted</span>
                  ) : (
                    <span class="badge badge-ok">usable</span>
                  )}
                </td>
                {onTerminate && (
                  <td data-label="Action">
                    {ended ? (
                      <span class="muted">
                        —<span class="visually-hidden">already terminated</span>
                      </span>
                    ) : (
                      <button type="button" class="small danger-outline" onClick={() => onTerminate(id, label)}>
                        Terminate<span class="visually-hidden"> session {shortKey(id)}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
