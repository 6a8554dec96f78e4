import { readFileSync } from "node:fs";
import type { JsonObject } from "@bufbuild/protobuf";
import {
  ListTowersResponseSchema,
  WtclientError,
  createLndGrpcTransport,
  createWatchtowerClient,
  type WatchtowerClientApi,
} from "@wtclient/core";
import { toLncliJson } from "@wtclient/core/internal";
import type { Target } from "./target.js";

export interface TowerView {
  readonly pubkey: string;
  readonly addresses: readonly string[];
  readonly active: boolean;
  readonly sessions: readonly { readonly id: string; readonly num_backups: number; readonly max_backups: number }[];
}

/** What a target holds, found by listing it (never hard-coded ids), and a client for setting it up. */
export interface World {
  readonly target: Target;
  readonly admin: WatchtowerClientApi;
  readonly towers: readonly TowerView[];
  /** a tower that has sessions */
  readonly tower?: TowerView;
  /** a session that is not exhausted */
  readonly session?: string;
  readonly exhaustedSession?: string;
  /** a valid key that is no tower and no session here */
  readonly unknownKey: string;
  /** list the target again */
  refresh(): Promise<readonly TowerView[]>;
  close(): Promise<void>;
}

// valid secp256k1 points, tried in turn until one is unknown to the target
const spareKeys = [
  "035ddaa8bc5a2f1eeca3fa6b91b63b8d195195ec584c4c3942f58e9f5e4aedc0e0",
  "02b01fa3c9e572abcb19675821d54e9b5bd7ab54d09050909c573387fc7195dcef",
  "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
];

function towersOf(json: JsonObject): TowerView[] {
  return ((json.towers ?? []) as JsonObject[]).map((t) => ({
    pubkey: t.pubkey as string,
    addresses: t.addresses as string[],
    active: ((t.session_info ?? []) as JsonObject[]).some((i) => i.active_session_candidate === true),
    sessions: ((t.session_info ?? []) as JsonObject[]).flatMap((i) => i.sessions as unknown as TowerView["sessions"]),
  }));
}

export async function discoverWorld(target: Target): Promise<World> {
  const transport = createLndGrpcTransport({
    host: target.rpcserver,
    cert: target.certPem,
    macaroon: readFileSync(target.macaroonPaths.admin),
  });
  const admin = createWatchtowerClient({ transport });
  const refresh = async (): Promise<TowerView[]> =>
    towersOf(toLncliJson(ListTowersResponseSchema, await admin.listTowers({ includeSessions: true })));
  // a node without the watchtower client shows nothing: no towers, no sessions
  const towers = await refresh().catch((e: unknown) => {
    if (WtclientError.from(e).reason === "client-not-active") return [];
    throw e;
  });
  const sessions = towers.flatMap((t) => t.sessions);
  const known = new Set([...towers.map((t) => t.pubkey), ...sessions.map((s) => s.id)]);
  return {
    target,
    admin,
    towers,
    tower: towers.find((t) => t.sessions.length > 0),
    session: sessions.find((s) => s.num_backups < s.max_backups)?.id,
    exhaustedSession: sessions.find((s) => s.num_backups >= s.max_backups)?.id,
    unknownKey: spareKeys.find((k) => !known.has(k))!,
    refresh,
    close: () => transport.close(),
  };
}
