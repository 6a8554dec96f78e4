import { checkPubKey } from "./check-pub-key.js";
import { fromHex } from "./hex.js";

export type TowerText =
  | { readonly ok: true; readonly pubkey: Uint8Array; readonly address: string }
  | { readonly ok: false; readonly error: string };

/** `pubkey@host[:port]` as `wtclient add` (and lncli) takes it: the key in hex, checked as lnd will check it. */
export function parseTowerText(text: string): TowerText {
  const parts = text.trim().split("@");
  if (parts.length !== 2) return { ok: false, error: "expected tower of format pubkey@address" };
  const [key, address] = parts as [string, string];
  let pubkey: Uint8Array;
  try {
    pubkey = fromHex(key);
  } catch (e) {
    return { ok: false, error: `invalid public key: ${(e as Error).message}` };
  }
  const bad = checkPubKey(pubkey);
  if (bad !== undefined) return { ok: false, error: bad };
  // lnd would take an empty address as ":9911"; a tower without a host is always a mistake here
  if (address === "") return { ok: false, error: "give the tower's host[:port] after the @" };
  return { ok: true, pubkey, address };
}
