// The one place that knows where the recorded lnd v0.19.3-beta fixtures live (inside the repository).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The folder holding capture.json, tls.cert and the admin/readonly/invoice macaroons. */
export const fixtureDir = fileURLToPath(new URL("./lnd-v0.19.3-beta/", import.meta.url));

/** The absolute path of one fixture file, e.g. `fixturePath("tls.cert")`. */
export function fixturePath(name) {
  return fileURLToPath(new URL(`./lnd-v0.19.3-beta/${name}`, import.meta.url));
}

/** capture.json, parsed afresh on every call (callers may mutate their copy). */
export function loadCapture() {
  return JSON.parse(readFileSync(fixturePath("capture.json"), "utf8"));
}

/** lncli-cases.json (what a real lnd answered to the real-lncli parity cases), parsed afresh on every call. */
export function loadLncliCases() {
  return JSON.parse(readFileSync(fixturePath("lncli-cases.json"), "utf8"));
}
