import { useState } from "preact/hooks";
import type { Credential } from "./console-api.js";
import type { Problem } from "./describe-error.js";
import { ProblemBanner } from "./problem-banner.js";

export interface SignInProps {
  /** What the service accepts: "token" (--tokens) and/or "macaroon" (--passthrough-macaroon). */
  readonly ways: readonly string[];
  readonly notice?: Problem;
  onSignIn(credential: Credential): Promise<void>;
}

/** Sign in with a bearer token, or a macaroon (hex) the service passes through to lnd. */
export function SignIn({ ways, notice, onSignIn }: SignInProps) {
  const [kind, setKind] = useState<"token" | "macaroon">(
    ways.includes("token") || !ways.includes("macaroon") ? "token" : "macaroon",
  );
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSignIn({ kind, value: value.trim() });
    } finally {
      setBusy(false);
    }
  };
  if (ways.length === 0) {
    return (
      <section aria-labelledby="signin-title" class="card narrow">
        <h1 id="signin-title">Sign in</h1>
        <p>
          This wtclient-http accepts no sign-in: start it with <code>--tokens FILE</code> or{" "}
          <code>--passthrough-macaroon</code>.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="signin-title" class="card narrow">
      <h1 id="signin-title">Sign in</h1>
      {notice !== undefined && <ProblemBanner problem={notice} />}
      <form onSubmit={(e) => void submit(e)}>
        {ways.length > 1 && (
          <fieldset class="choices">
            <legend>Sign in with</legend>
            <label>
              <input type="radio" name="kind" checked={kind === "token"} onChange={() => setKind("token")} /> a bearer
              token
            </label>
            <label>
              <input type="radio" name="kind" checked={kind === "macaroon"} onChange={() => setKind("macaroon")} /> an
              lnd macaroon (hex)
            </label>
          </fieldset>
        )}
        <label for="credential">{kind === "token" ? "Bearer token" : "Macaroon (hex)"}</label>
        <input
          id="credential"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={value}
          aria-describedby="credential-help"
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <p id="credential-help" class="muted">
          {kind === "token"
            ? "The token from the service's operator. It is kept in this tab only (sessionStorage) and sent only to this service."
            : "lnd checks it on every call: readonly.macaroon can look, admin.macaroon can also act. Kept in this tab only."}
        </p>
        <button type="submit" class="primary" disabled={busy || value.trim() === ""}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
