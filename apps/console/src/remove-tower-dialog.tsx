import type { Tower } from "@wtclient/gen";
import { useState } from "preact/hooks";
import { ConfirmDialog } from "./confirm-dialog.js";
import { shortKey } from "./format.js";
import { toHex } from "./hex.js";

export interface RemoveTowerDialogProps {
  readonly tower: Tower;
  readonly busy: boolean;
  /** "" removes the whole tower; an address removes only that address. */
  onConfirm(address: string): void;
  onCancel(): void;
}

/** RemoveTower, with lnd's address option: the whole tower, or one of its addresses. */
export function RemoveTowerDialog({ tower, busy, onConfirm, onCancel }: RemoveTowerDialogProps) {
  const [address, setAddress] = useState("");
  const key = toHex(tower.pubkey);
  const sessions = tower.sessionInfo.reduce((n, i) => n + i.numSessions, 0);
  return (
    <ConfirmDialog
      title={`Remove tower ${shortKey(key)}?`}
      confirmLabel={address === "" ? "Remove tower" : "Remove address"}
      busy={busy}
      onCancel={onCancel}
      onConfirm={() => onConfirm(address)}
    >
      <fieldset class="choices">
        <legend>What to remove</legend>
        <label>
          <input type="radio" name="remove-what" checked={address === ""} onChange={() => setAddress("")} /> the whole
          tower
        </label>
        {tower.addresses.length > 1 &&
          tower.addresses.map((a) => (
            <label key={a}>
              <input type="radio" name="remove-what" checked={address === a} onChange={() => setAddress(a)} /> only the
              address <code>{a}</code>
            </label>
          ))}
      </fieldset>
      <p>
        {address === ""
          ? sessions > 0
            ? `lnd stops backing up to tower ${key} and marks it inactive; it stays listed with its ${sessions} session(s). Add it again to use it.`
            : `lnd stops backing up to tower ${key} and deletes it (it has no sessions).`
          : `lnd forgets the address ${address} of tower ${key}; the tower keeps its other addresses and its sessions.`}
      </p>
    </ConfirmDialog>
  );
}
