import { useState } from "preact/hooks";
import { parseTowerText } from "./parse-tower-text.js";

/** pubkey@host:port, checked as you type with lnd's own key checks; submitting asks for confirmation. */
export function AddTowerForm({ onAdd }: { onAdd(pubkey: Uint8Array, keyHex: string, address: string): void }) {
  const [text, setText] = useState("");
  const parsed = text.trim() === "" ? undefined : parseTowerText(text);
  const invalid = parsed !== undefined && !parsed.ok;
  return (
    <form
      class="add-tower"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed?.ok) onAdd(parsed.pubkey, text.trim().split("@")[0]!.toLowerCase(), parsed.address);
      }}
    >
      <label for="tower-uri">Add a tower</label>
      <div class="inline">
        <input
          id="tower-uri"
          type="text"
          inputMode="text"
          autocomplete="off"
          spellcheck={false}
          placeholder="pubkey@host:port"
          value={text}
          aria-invalid={invalid}
          aria-describedby="tower-uri-help"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={parsed === undefined || !parsed.ok}>
          Add tower…
        </button>
      </div>
      <p id="tower-uri-help" class={invalid ? "field-error" : "muted"} aria-live="polite">
        {parsed === undefined
          ? "The tower's 66-character hex key, @, then host[:port] (port 9911 if left out)."
          : parsed.ok
            ? "The key is a valid secp256k1 point."
            : parsed.error}
      </p>
    </form>
  );
}
