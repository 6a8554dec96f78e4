import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtureDir } from "@wtclient/lnd-fixtures";

/** lnd's tls.cert as PEM text. */
export function fixtureCertPem(): string {
  return readFileSync(join(fixtureDir, "tls.cert"), "utf8");
}

export const fixtureMacaroonNames = ["admin", "readonly", "invoice"] as const;

/** lnd's binary v2 macaroons, by name. */
export function fixtureMacaroons(): ReadonlyMap<(typeof fixtureMacaroonNames)[number], Uint8Array> {
  return new Map(
    fixtureMacaroonNames.map((name) => [name, new Uint8Array(readFileSync(join(fixtureDir, `${name}.macaroon`)))]),
  );
}
