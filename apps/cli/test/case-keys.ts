import type { LndPair } from "@wtclient/lnd-harness";
import { spareKeys, type CaseKeys } from "./lncli-cases.js";

type Listing = { towers: { pubkey: string; session_info: { sessions: { id: string }[] }[] }[] };

/** The keys the cases use, read from the client node of a running pair. */
export async function caseKeysOf(pair: LndPair, foreignCertPath: string): Promise<CaseKeys> {
  const r = await pair.lncli(pair.client, ["wtclient", "towers", "--include_sessions"]);
  if (r.code !== 0) throw new Error(`lncli wtclient towers failed: ${r.stderr}`);
  const towers = (JSON.parse(r.stdout) as Listing).towers;
  const known = new Set(
    towers.flatMap((t) => [t.pubkey, ...t.session_info.flatMap((i) => i.sessions.map((s) => s.id))]),
  );
  const session = towers.find((t) => t.pubkey === pair.towerPubkey)?.session_info[0]?.sessions[0]?.id;
  if (session === undefined) throw new Error("the client holds no session with the tower");
  return {
    towerPubkey: pair.towerPubkey,
    towerAddress: pair.tower.towerAddress!,
    session,
    unknownKey: spareKeys.find((k) => !known.has(k))!,
    foreignCertPath,
  };
}
