import type { Credential } from "./console-api.js";

const KEY = "wtclient-console.credential";

/** The credential of this tab only (sessionStorage): gone when the tab closes, never sent anywhere but this origin. */
export const credentialStore = {
  load(): Credential | undefined {
    try {
      const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Credential | null;
      return parsed !== null &&
        (parsed.kind === "token" || parsed.kind === "macaroon") &&
        typeof parsed.value === "string"
        ? parsed
        : undefined;
    } catch {
      return undefined;
    }
  },
  save(credential: Credential): void {
    if (credential.kind !== "none") sessionStorage.setItem(KEY, JSON.stringify(credential));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
