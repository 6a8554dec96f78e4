import { Code } from "@connectrpc/connect";
import { useEffect, useState } from "preact/hooks";
import { createConsoleApi, SignInError, type ConsoleApi, type Credential, type WhoAmI } from "./console-api.js";
import { credentialStore } from "./credential-store.js";
import { Dashboard } from "./dashboard.js";
import { describeError, type Problem } from "./describe-error.js";
import { ProblemBanner } from "./problem-banner.js";
import { SignIn } from "./sign-in.js";
import { loadSnapshot, type Snapshot } from "./use-snapshot.js";

type Screen =
  | { readonly kind: "checking" }
  | { readonly kind: "sign-in"; readonly ways: readonly string[]; readonly notice?: Problem }
  | { readonly kind: "failed"; readonly problem: Problem }
  | {
      readonly kind: "ready";
      readonly api: ConsoleApi;
      readonly me: WhoAmI;
      readonly credential: Credential;
      readonly initial?: Snapshot;
    };

/**
 * Who is this? Ask the service with a credential (or none); a refusal says which ways in it accepts.
 * `typed`: the user just entered the credential (a refusal is a wrong one, not an expired one).
 */
async function identify(credential: Credential, typed: boolean): Promise<Screen> {
  const api = createConsoleApi(credential);
  // with a credential, the first read goes out with the question, not after it: one round trip less before
  // the towers show (without one, the answer is most likely "sign in", and the read would only be refused)
  const first =
    credential.kind !== "none" ? loadSnapshot(api, false).catch(() => undefined) : Promise.resolve(undefined);
  try {
    const me = await api.whoami();
    const initial = await first;
    return { kind: "ready", api, me, credential, ...(initial !== undefined ? { initial } : {}) };
  } catch (e) {
    if (e instanceof SignInError && e.code === Code.Unauthenticated) {
      if (credential.kind === "none") return { kind: "sign-in", ways: e.signIn };
      const notice = typed
        ? {
            kind: "expired" as const,
            title: "Sign-in refused",
            message: e.rawMessage,
            hint: `check the ${credential.kind} and try again`,
          }
        : describeError(e);
      return { kind: "sign-in", ways: e.signIn, notice };
    }
    return { kind: "failed", problem: describeError(e) };
  }
}

export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: "checking" });

  const signIn = async (credential: Credential, typed = true) => {
    const next = await identify(credential, typed);
    if (next.kind === "ready") credentialStore.save(credential);
    else credentialStore.clear();
    setScreen(next);
  };
  const signOut = (notice?: Problem) => {
    credentialStore.clear();
    void identify({ kind: "none" }, false).then((next) =>
      setScreen(next.kind === "sign-in" && notice !== undefined ? { ...next, notice } : next),
    );
  };

  useEffect(() => {
    void signIn(credentialStore.load() ?? { kind: "none" }, false);
  }, []);

  return (
    <>
      <header class="top">
        <div class="wrap top-row">
          <p class="brand">
            <img src="./favicon.svg" alt="" class="logo" width="22" height="22" /> wtclient console
          </p>
          {screen.kind === "ready" && (
            <div class="who">
              <span>
                {screen.me.kind === "anonymous" ? "no sign-in (loopback)" : screen.me.caller} ·{" "}
                <span class={`scope scope-${screen.me.scope}`}>
                  {screen.me.scope === "lnd" ? "lnd decides" : `${screen.me.scope} access`}
                </span>
              </span>
              {screen.me.kind !== "anonymous" && (
                <button type="button" class="small" onClick={() => signOut()}>
                  Sign out
                </button>
              )}
            </div>
          )}
        </div>
      </header>
      <main class="wrap" id="main">
        {screen.kind === "checking" && <p aria-live="polite">Connecting to wtclient-http…</p>}
        {screen.kind === "failed" && (
          <>
            <h1>wtclient console</h1>
            <ProblemBanner problem={screen.problem} />
            <button type="button" onClick={() => void signIn(credentialStore.load() ?? { kind: "none" }, false)}>
              Try again
            </button>
          </>
        )}
        {screen.kind === "sign-in" && (
          <SignIn ways={screen.ways} {...(screen.notice ? { notice: screen.notice } : {})} onSignIn={signIn} />
        )}
        {screen.kind === "ready" && (
          <Dashboard
            api={screen.api}
            me={screen.me}
            {...(screen.initial ? { initial: screen.initial } : {})}
            onExpired={(p) => signOut(p)}
          />
        )}
      </main>
    </>
  );
}
