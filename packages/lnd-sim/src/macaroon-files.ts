import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { newMacaroon } from "macaroon";
import { adminOps, invoiceOps, readonlyOps } from "./lnd-permissions.js";
import type { LndPaths } from "./lnd-paths.js";
import { encodeMacaroonId, type MacaroonOp } from "./macaroon-id.js";

/** lnd's `macaroons.DefaultRootKeyID`. */
export const defaultRootKeyId = "0";

/** Bake a binary v2 macaroon as lnd does: location "lnd", a Version3 identifier with a fresh nonce. */
export function bakeMacaroon(rootKey: Uint8Array, ops: readonly MacaroonOp[]): Uint8Array {
  const identifier = encodeMacaroonId({ nonce: randomBytes(16), storageId: defaultRootKeyId, ops });
  return newMacaroon({ identifier, location: "lnd", rootKey, version: 2 }).exportBinary();
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  return readFile(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw e;
  });
}

async function writeWithMode(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  await writeFile(path, bytes, { mode });
  await chmod(path, mode); // writeFile's mode is masked by the umask and ignored for existing files
}

/**
 * The root key, kept in the network directory so restarts keep old macaroons valid. A missing root key
 * is generated and all three macaroons are baked again; otherwise only missing macaroon files are baked.
 */
export async function ensureMacaroons(paths: LndPaths): Promise<Uint8Array> {
  await mkdir(paths.macaroonDir, { recursive: true, mode: 0o700 });
  const stored = await readIfPresent(paths.rootKeyPath);
  const rootKey = stored?.length === 32 ? new Uint8Array(stored) : new Uint8Array(randomBytes(32));
  const fresh = stored?.length !== 32;
  if (fresh) await writeWithMode(paths.rootKeyPath, rootKey, 0o600);
  const files = [
    { path: paths.macaroonPaths.admin, ops: adminOps, mode: 0o640 },
    { path: paths.macaroonPaths.readonly, ops: readonlyOps, mode: 0o644 },
    { path: paths.macaroonPaths.invoice, ops: invoiceOps, mode: 0o644 },
  ];
  for (const file of files) {
    if (fresh || (await readIfPresent(file.path)) === undefined) {
      await writeWithMode(file.path, bakeMacaroon(rootKey, file.ops), file.mode);
    }
  }
  return rootKey;
}
