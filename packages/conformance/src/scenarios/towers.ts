import type { JsonObject } from "@bufbuild/protobuf";
import { PolicyType } from "@wtclient/core";
import { expect } from "vitest";
import type { Scenario } from "../scenario.js";
import type { World } from "../world.js";
import { lndError, notActive, permissionDenied, value } from "./expect.js";

type Json = JsonObject;
const infos = (t: Json) => t.session_info as Json[];
const sessionIds = (t: Json) => infos(t).flatMap((i) => (i.sessions as Json[]).map((s) => s.id as string));
const towerIn = (v: Json, pubkey: string) => (v.towers as Json[]).find((t) => t.pubkey === pubkey);

/** The shape lnd gives every tower: all fields, one session_info per client type, counts that add up. */
function checkTower(t: Json, w: World, withSessions: boolean): void {
  const known = w.towers.find((x) => x.pubkey === t.pubkey);
  expect(known, `tower ${String(t.pubkey)} is one the target listed`).toBeDefined();
  expect(t.addresses).toEqual(known!.addresses);
  expect(infos(t).length).toBeGreaterThanOrEqual(3);
  for (const i of infos(t)) {
    expect(["LEGACY", "ANCHOR", "TAPROOT"]).toContain(i.policy_type);
    expect(typeof i.active_session_candidate).toBe("boolean");
    if (withSessions) expect((i.sessions as Json[]).length).toBe(i.num_sessions);
    else expect(i.sessions).toEqual([]);
  }
  expect(infos(t).reduce((n, i) => n + (i.num_sessions as number), 0)).toBe(known!.sessions.length);
}

const listing = (
  name: string,
  includeSessions: boolean,
  check: (v: Json, w: World) => void,
  extra: Partial<Scenario> = {},
): Scenario => ({
  name: `ListTowers: ${name}`,
  rpc: "listTowers",
  requires: ["tower"],
  input: () => ({ rpc: "listTowers", includeSessions }),
  expect: (w) => ({ value: (v) => check(v, w) }),
  ...extra,
});

const info = (
  name: string,
  includeSessions: boolean,
  excludeExhaustedSessions: boolean,
  check: (v: Json, w: World) => void,
): Scenario => ({
  name: `GetTowerInfo: ${name}`,
  rpc: "getTowerInfo",
  requires: excludeExhaustedSessions ? ["tower", "exhausted-session"] : ["tower"],
  input: (w) => ({
    rpc: "getTowerInfo",
    pubkey: { hex: towerOfExhausted(w, excludeExhaustedSessions), form: "hex" },
    includeSessions,
    excludeExhaustedSessions,
  }),
  expect: (w) => ({ value: (v) => check(v, w) }),
});

/** The tower that holds the exhausted session when the filter is under test, else the world's tower. */
function towerOfExhausted(w: World, filter: boolean): string {
  if (!filter) return w.tower!.pubkey;
  return w.towers.find((t) => t.sessions.some((s) => s.id === w.exhaustedSession))!.pubkey;
}

export const towerScenarios: Scenario[] = [
  listing("without sessions", false, (v, w) => {
    expect((v.towers as Json[]).length).toBe(w.towers.length);
    for (const t of v.towers as Json[]) checkTower(t, w, false);
  }),
  listing("with sessions", true, (v, w) => {
    for (const t of v.towers as Json[]) checkTower(t, w, true);
    expect(sessionIds(towerIn(v, w.tower!.pubkey)!)).toContain(w.session ?? w.tower!.sessions[0]!.id);
  }),
  {
    name: "ListTowers: exhausted sessions filtered",
    rpc: "listTowers",
    requires: ["tower", "exhausted-session"],
    input: () => ({ rpc: "listTowers", includeSessions: true, excludeExhaustedSessions: true }),
    expect: (w) =>
      value((v) => {
        const ids = (v.towers as Json[]).flatMap(sessionIds);
        expect(ids).not.toContain(w.exhaustedSession);
        expect(ids.length).toBe(
          w.towers.flatMap((t) => t.sessions).length -
            w.towers.flatMap((t) => t.sessions).filter((s) => s.num_backups >= s.max_backups).length,
        );
      }),
  },
  listing("readonly macaroon reads", false, (v, w) => expect((v.towers as Json[]).length).toBe(w.towers.length), {
    context: { macaroon: "readonly" },
  }),
  {
    ...listing("invoice macaroon", false, () => undefined),
    context: { macaroon: "invoice" },
    expect: () => permissionDenied,
  },
  {
    name: "ListTowers: client not active",
    rpc: "listTowers",
    requires: ["inactive-client"],
    input: () => ({ rpc: "listTowers" }),
    expect: () => notActive,
  },
  info("without sessions", false, false, (v, w) => {
    expect(v.pubkey).toBe(w.tower!.pubkey);
    checkTower(v, w, false);
  }),
  info("with sessions", true, false, (v, w) => {
    checkTower(v, w, true);
    expect(sessionIds(v).sort()).toEqual(w.tower!.sessions.map((s) => s.id).sort());
  }),
  info("exhausted sessions filtered", true, true, (v, w) => expect(sessionIds(v)).not.toContain(w.exhaustedSession)),
  {
    name: "GetTowerInfo: client not active",
    rpc: "getTowerInfo",
    requires: ["inactive-client"],
    input: (w) => ({ rpc: "getTowerInfo", pubkey: { hex: w.unknownKey, form: "hex" }, includeSessions: true }),
    expect: () => notActive,
  },
  {
    name: "GetTowerInfo: unknown tower",
    rpc: "getTowerInfo",
    input: (w) => ({ rpc: "getTowerInfo", pubkey: { hex: w.unknownKey, form: "hex" } }),
    expect: () => lndError("tower not found", "tower-not-found"),
  },
  {
    name: "GetTowerInfo: wrong length key",
    rpc: "getTowerInfo",
    input: () => ({ rpc: "getTowerInfo", pubkey: { hex: "01".repeat(32), form: "hex" } }),
    expect: () => lndError("malformed public key: invalid length: 32", "invalid-key"),
  },
  {
    name: "Stats: counters",
    rpc: "stats",
    input: () => ({ rpc: "stats" }),
    expect: () =>
      value((v) => {
        expect(Object.keys(v)).toEqual([
          "num_backups",
          "num_pending_backups",
          "num_failed_backups",
          "num_sessions_acquired",
          "num_sessions_exhausted",
        ]);
        for (const n of Object.values(v)) expect(Number.isInteger(n)).toBe(true);
      }),
  },
  {
    // lnd checks the macaroon before the handler asks whether the client is active
    name: "Stats: client not active, invoice macaroon",
    rpc: "stats",
    requires: ["inactive-client"],
    context: { macaroon: "invoice" },
    input: () => ({ rpc: "stats" }),
    expect: () => permissionDenied,
  },
  {
    name: "Stats: readonly macaroon reads",
    rpc: "stats",
    context: { macaroon: "readonly" },
    input: () => ({ rpc: "stats" }),
    expect: () => value((v) => expect(typeof v.num_backups).toBe("number")),
  },
  {
    name: "Stats: client not active",
    rpc: "stats",
    requires: ["inactive-client"],
    input: () => ({ rpc: "stats" }),
    expect: () => notActive,
  },
  {
    name: "Policy: client not active",
    rpc: "policy",
    requires: ["inactive-client"],
    input: () => ({ rpc: "policy", policyType: PolicyType.ANCHOR }),
    expect: () => notActive,
  },
  ...(["LEGACY", "ANCHOR", "TAPROOT"] as const).map((name): Scenario => ({
    name: `Policy: ${name}`,
    rpc: "policy",
    input: () => ({ rpc: "policy", policyType: PolicyType[name] }),
    expect: (w) =>
      value((v) => {
        expect(Object.keys(v)).toEqual(["max_updates", "sweep_sat_per_byte", "sweep_sat_per_vbyte"]);
        expect(v.sweep_sat_per_byte).toBe(v.sweep_sat_per_vbyte);
        // lnd's defaults; a real node may be configured otherwise
        if (w.target.kind === "double")
          expect(v).toEqual({ max_updates: 1024, sweep_sat_per_byte: 10, sweep_sat_per_vbyte: 10 });
      }),
  })),
];
