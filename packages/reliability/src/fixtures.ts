import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";

/** The repository root, from this file's place in it (packages/reliability/src). */
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** What a real lnd v0.19.3 wrote: its tls.cert and macaroons (shared reference material, read-only). */
const fixtureDir = resolve(repoRoot, "../shared/fixtures/lnd-v0.19.3-beta");

/** lnd's tls.cert as PEM text. */
export function fixtureCertPem(): string {
  return readFileSync(join(fixtureDir, "tls.cert"), "utf8");
}

export const fixtureMacaroonNames = ["admin", "readonly", "invoice"] as const;

/** lnd's binary v2 macaroons, by name. */
export function fixtureMacaroons(): ReadonlyMap<(typeof fixtureMacaroonNames)[number], Uint8Array> {
  return new Map(fixtureMacaroonNames.map((name) => [name, new Uint8Array(readFileSync(join(fixtureDir, `${name}.macaroon`)))]));
}
