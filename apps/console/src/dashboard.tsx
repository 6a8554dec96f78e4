import type { Tower } from "@wtclient/gen";
import { useEffect, useRef, useState } from "preact/hooks";
import { AddTowerForm } from "./add-tower-form.js";
import type { ConsoleApi, WhoAmI } from "./console-api.js";
import { ConfirmDialog } from "./confirm-dialog.js";
import { describeError, type Problem } from "./describe-error.js";
import { shortKey } from "./format.js";
import { HealthPanel } from "./health-panel.js";
import { fromHex, toHex } from "./hex.js";
import { Overview } from "./overview.js";
import { ProblemBanner } from "./problem-banner.js";
import { RemoveTowerDialog } from "./remove-tower-dialog.js";
import { TowerCard, type TowerActions } from "./tower-card.js";
import { REFRESH_SECONDS, useSnapshot, type Snapshot } from "./use-snapshot.js";
import type { WriteAction } from "./write-action.js";

type Outcome =
  | { readonly ok: true; readonly title: string; readonly text: string }
  | { readonly ok: false; readonly title: string; readonly problem: Problem };

export interface DashboardProps {
  readonly api: ConsoleApi;
  readonly me: WhoAmI;
  /** Read while signing in, if that read succeeded. */
  readonly initial?: Snapshot;
  onExpired(problem: Problem): void;
}

const answered = (status: string | undefined) =>
  status !== undefined && status !== "" ? status : "done (lnd answers this call with no message)";

export function Dashboard({ api, me, initial, onExpired }: DashboardProps) {
  const [paused, setPaused] = useState(false);
  const [hideExhausted, setHideExhausted] = useState(false);
  const { snapshot, problem, loading, reload } = useSnapshot(api, hideExhausted, paused, onExpired, initial);
  const [pending, setPending] = useState<WriteAction | undefined>(undefined);
  const [removing, setRemoving] = useState<Tower | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const marked = useRef(false);
  const canWrite = me.scope !== "read";

  // for the browser test's first-render figure: when the first data was on screen
  useEffect(() => {
    if (snapshot !== undefined && !marked.current) {
      marked.current = true;
      performance.mark("wtclient-console:data");
    }
  }, [snapshot]);

  const perform = async (action: WriteAction) => {
    setBusy(true);
    try {
      setOutcome({ ok: true, title: action.title, text: await action.run() });
    } catch (e) {
      const p = describeError(e);
      if (p.kind === "expired") return onExpired(p);
      setOutcome({ ok: false, title: action.title, problem: p });
    } finally {
      setBusy(false);
      setPending(undefined);
      setRemoving(undefined);
    }
    await reload();
  };

  const actions: TowerActions | undefined = canWrite
    ? {
        deactivate: (tower) => {
          const key = toHex(tower.pubkey);
          setPending({
            title: `Deactivate tower ${shortKey(key)}?`,
            confirmLabel: "Deactivate",
            body: `lnd stops using tower ${key} for backups and closes its sessions for now; updates already queued stay queued. Add the tower again to undo this.`,
            run: async () => answered((await api.rpc.deactivateTower({ pubkey: tower.pubkey })).status),
          });
        },
        reactivate: (tower) => {
          const key = toHex(tower.pubkey);
          const address = tower.addresses[0]!;
          setPending({
            title: `Reactivate tower ${shortKey(key)}?`,
            confirmLabel: "Reactivate",
            body: `AddTower ${key}@${address}: lnd makes the tower a candidate for new sessions again and reloads its usable sessions.`,
            run: async () => (await api.rpc.addTower({ pubkey: tower.pubkey, address }), answered(undefined)),
          });
        },
        remove: (tower) => setRemoving(tower),
        terminate: (sessionHex, policy, tower) =>
          setPending({
            title: `Terminate session ${shortKey(sessionHex)}?`,
            confirmLabel: "Terminate session",
            body: `lnd marks the ${policy} session ${sessionHex} with tower ${toHex(tower.pubkey)} as terminal: it is never used again, and this cannot be undone. Its channels are backed up through other sessions from now on.`,
            run: async () => answered((await api.rpc.terminateSession({ sessionId: fromHex(sessionHex) })).status),
          }),
      }
    : undefined;

  const towers = snapshot?.towers ?? [];
  return (
    <>
      <h1 class="visually-hidden">Watchtower client</h1>
      <div class="refresh" role="group" aria-label="Refresh">
        <span aria-live="polite" class="muted">
          {snapshot ? `Updated ${snapshot.at.toLocaleTimeString()}` : "Loading…"}
          {paused ? " · refresh paused" : ` · refreshes every ${REFRESH_SECONDS} s`}
        </span>
        <button type="button" class="small" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? "Resume refresh" : "Pause refresh"}
        </button>
        <button type="button" class="small" disabled={loading} onClick={() => void reload()}>
          Refresh now
        </button>
      </div>
      {problem && <ProblemBanner problem={problem} stale={snapshot !== undefined} />}
      <div role="status" aria-live="polite" class="outcome-region">
        {outcome?.ok === true && (
          <div class="banner ok" data-outcome="ok">
            <p class="banner-title">{outcome.title.replace(/\?$/, "")}: done</p>
            <p>
              lnd answered: <code class="raw">{outcome.text}</code>
            </p>
          </div>
        )}
      </div>
      {outcome?.ok === false && (
        <div data-outcome="error">
          <ProblemBanner
            problem={{ ...outcome.problem, title: `${outcome.title.replace(/\?$/, "")}: ${outcome.problem.title}` }}
          />
        </div>
      )}
      {snapshot && <Overview snapshot={snapshot} />}
      {/* also without a snapshot: when lnd's calls fail, the doctor says which part is wrong */}
      <HealthPanel api={api} paused={paused} onExpired={onExpired} />
      <section aria-labelledby="towers-title" class="card">
        <div class="section-head">
          <h2 id="towers-title">Towers</h2>
          <label class="check">
            <input
              type="checkbox"
              checked={hideExhausted}
              onChange={(e) => setHideExhausted(e.currentTarget.checked)}
            />{" "}
            Hide exhausted sessions
          </label>
        </div>
        {canWrite ? (
          <AddTowerForm
            onAdd={(pubkey, keyHex, address) =>
              setPending({
                title: `Add tower ${shortKey(keyHex)}?`,
                confirmLabel: "Add tower",
                body: `AddTower ${keyHex}@${address}: lnd adds the tower (or, if it knows it, makes it active again and adds this address) and starts negotiating sessions with it.`,
                run: async () => (await api.rpc.addTower({ pubkey, address }), answered(undefined)),
              })
            }
          />
        ) : (
          <p class="muted" data-read-only>
            Signed in with read access: towers and sessions are shown, changes need a write token.
          </p>
        )}
        {snapshot && towers.length === 0 && (
          <div class="empty">
            <p>
              <strong>No towers yet.</strong> lnd backs up nothing until it has a tower.
            </p>
            <p>
              {canWrite
                ? "Add one above with its key and address, as the tower's operator gives it: pubkey@host:port."
                : "Someone with a write token can add one here, or run `wtclient add pubkey@host:port`."}
            </p>
          </div>
        )}
        <ul class="towers plain">
          {towers.map((t) => (
            <TowerCard key={toHex(t.pubkey)} tower={t} terminated={snapshot!.terminated} actions={actions} />
          ))}
        </ul>
      </section>
      {pending && (
        <ConfirmDialog
          title={pending.title}
          confirmLabel={pending.confirmLabel}
          busy={busy}
          onCancel={() => setPending(undefined)}
          onConfirm={() => void perform(pending)}
        >
          <p>{pending.body}</p>
        </ConfirmDialog>
      )}
      {removing && (
        <RemoveTowerDialog
          tower={removing}
          busy={busy}
          onCancel={() => setRemoving(undefined)}
          onConfirm={(address) => {
            const key = toHex(removing.pubkey);
            void perform({
              title: address === "" ? `Remove tower ${shortKey(key)}?` : `Remove address ${address}?`,
              confirmLabel: "Remove",
              body: "",
              run: async () => (await api.rpc.removeTower({ pubkey: removing.pubkey, address }), answered(undefined)),
            });
          }}
        />
      )}
    </>
  );
}
