import { ConnectError, createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { PolicyType, WatchtowerClient } from "@wtclient/core";
import { bytesToHex, hexToBytes, uncompressPubKey } from "@wtclient/core/internal";
import { describe, expect, it } from "vitest";
import { ClientDb, type SimSeed } from "../src/client-db.js";
import { demoKey } from "../src/demo-seed.js";
import { defaultFaults, type Faults } from "../src/faults.js";
import { towerClientsOf } from "../src/tower-clients.js";
import { createWatchtowerService } from "../src/watchtower-service.js";

const tower = demoKey("test/tower");
const bare = demoKey("test/bare-tower");
const s = (label: string): string => demoKey(`test/session/${label}`);
const seed: SimSeed = {
  towers: [
    {
      pubkey: tower,
      addresses: ["10.0.0.1:9911"],
      sessions: [
        { id: s("legacy"), client: "legacy", numBackups: 3 },
        { id: s("anchor-full"), client: "anchor", numBackups: 1024 },
        { id: s("anchor"), client: "anchor", numBackups: 1, numPendingBackups: 2 },
        { id: s("taproot"), client: "taproot" },
        { id: s("taproot-final"), client: "taproot-final" },
      ],
    },
    { pubkey: bare, addresses: ["10.0.0.2:9911", "10.0.0.3:9911"] },
  ],
};

interface Setup {
  readonly client: Client<typeof WatchtowerClient>;
  readonly db: ClientDb;
  readonly faults: Faults;
}

function setup(towerClients: 3 | 4 = 3, faultPatch: Partial<Faults> = {}): Setup {
  const db = new ClientDb(seed);
  const faults = { ...defaultFaults(), ...faultPatch };
  const service = createWatchtowerService({ db, faults, clients: towerClientsOf(towerClients) });
  const client = createClient(
    WatchtowerClient,
    createRouterTransport((router) => router.service(WatchtowerClient, service)),
  );
  return { client, db, faults };
}

async function lndError(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  const e = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ConnectError)) throw new Error(`expected a ConnectError, got ${String(e)}`);
  return { code: e.code, message: e.rawMessage };
}

const unknown = (message: string): { code: number; message: string } => ({ code: 2, message });
const key = hexToBytes;

describe("every RPC when the client is not active", () => {
  const { client } = setup(3, { active: false });
  it.each<[string, () => Promise<unknown>]>([
    ["AddTower", () => client.addTower({ pubkey: new Uint8Array(3), address: "udp://x" })],
    ["RemoveTower", () => client.removeTower({ pubkey: new Uint8Array(0) })],
    ["DeactivateTower", () => client.deactivateTower({ pubkey: new Uint8Array(1) })],
    ["TerminateSession", () => client.terminateSession({ sessionId: new Uint8Array(0) })],
    ["ListTowers", () => client.listTowers({})],
    ["GetTowerInfo", () => client.getTowerInfo({ pubkey: new Uint8Array(0) })],
    ["Stats", () => client.stats({})],
    ["Policy", () => client.policy({ policyType: 9 as PolicyType })],
  ])("%s answers `watchtower client not active` before looking at the input", async (_name, call) => {
    expect(await lndError(call())).toEqual(unknown("watchtower client not active"));
  });
});

describe("TerminateSession", () => {
  it("terminates a known session, again and again, and keeps it listed", async () => {
    const { client, db } = setup();
    for (let i = 0; i < 2; i++) {
      expect((await client.terminateSession({ sessionId: key(s("anchor")) })).status).toBe(
        `Successful termination of session: ${s("anchor")}`,
      );
    }
    const session = db.towers()[0]!.sessions.find((x) => x.id === s("anchor"))!;
    expect(session.terminal).toBe(true);
    const info = await client.getTowerInfo({ pubkey: key(tower), includeSessions: true });
    expect(info.sessionInfo.find((i) => i.policyType === PolicyType.ANCHOR)!.numSessions).toBe(2);
  });

  it.each([
    ["uppercase hex", (id: string) => key(id.toUpperCase())],
    ["the uncompressed form", (id: string) => uncompressPubKey(key(id))],
  ])("accepts %s and names the compressed id", async (_name, form) => {
    const { client } = setup();
    expect((await client.terminateSession({ sessionId: form(s("legacy")) })).status).toBe(
      `Successful termination of session: ${s("legacy")}`,
    );
  });

  it.each([
    ["an unknown key", key(demoKey("nobody")), "client session not found"],
    ["an empty id", new Uint8Array(0), "malformed public key: invalid length: 0"],
    ["32 bytes", new Uint8Array(32).fill(1), "malformed public key: invalid length: 32"],
    ["a bad prefix", key("05" + "11".repeat(32)), "invalid public key: unsupported format: 5"],
    [
      "x off the curve",
      key("02" + "05".repeat(32)),
      `invalid public key: x coordinate ${"05".repeat(32)} is not on the secp256k1 curve`,
    ],
  ])("rejects %s", async (_name, sessionId, message) => {
    const { client } = setup();
    expect(await lndError(client.terminateSession({ sessionId }))).toEqual(unknown(message));
  });

  it("fails with `session has un-acked updates` only for sessions set up that way", async () => {
    const { client, faults } = setup();
    faults.unackedSessions = [s("anchor")];
    expect(await lndError(client.terminateSession({ sessionId: key(s("anchor")) }))).toEqual(
      unknown("session has un-acked updates"),
    );
    expect((await client.terminateSession({ sessionId: key(s("legacy")) })).status).toContain(s("legacy"));
  });
});

describe("DeactivateTower", () => {
  it("echoes the request bytes, is idempotent and clears active_session_candidate", async () => {
    const { client } = setup();
    const raw = uncompressPubKey(key(tower));
    for (let i = 0; i < 2; i++) {
      expect((await client.deactivateTower({ pubkey: raw })).status).toBe(
        `Successful deactivation of tower: ${bytesToHex(raw)}`,
      );
    }
    const info = await client.getTowerInfo({ pubkey: key(tower) });
    expect(info.activeSessionCandidate).toBe(false);
    expect(info.sessionInfo.map((i) => i.activeSessionCandidate)).toEqual([false, false, false]);
  });

  it("answers `tower not found` for an unknown tower", async () => {
    expect(await lndError(setup().client.deactivateTower({ pubkey: key(demoKey("nobody")) }))).toEqual(
      unknown("tower not found"),
    );
  });
});

describe("AddTower", () => {
  it("adds a new tower with the default port", async () => {
    const { client } = setup();
    const pk = demoKey("new");
    await client.addTower({ pubkey: key(pk), address: "192.0.2.1" });
    const info = await client.getTowerInfo({ pubkey: key(pk) });
    expect(info.addresses).toEqual(["192.0.2.1:9911"]);
    expect(info.activeSessionCandidate).toBe(true);
    expect(info.sessionInfo.map((i) => i.numSessions)).toEqual([0, 0, 0]);
  });

  it("re-activates a tower and prepends a new address, ignoring a known one", async () => {
    const { client } = setup();
    await client.deactivateTower({ pubkey: key(tower) });
    await client.addTower({ pubkey: key(tower), address: "[::1]:9999" });
    await client.addTower({ pubkey: key(tower), address: "10.0.0.1:9911" });
    const info = await client.getTowerInfo({ pubkey: key(tower) });
    expect(info.addresses).toEqual(["[::1]:9999", "10.0.0.1:9911"]);
    expect(info.activeSessionCandidate).toBe(true);
  });

  it.each([
    ["udp://1.2.3.4:1", "invalid address udp://1.2.3.4:1: only TCP or unix socket addresses are supported: 1.2.3.4:1"],
    ["1.2.3.4:99999", "invalid address 1.2.3.4:99999: address 99999: invalid port"],
  ])("rejects %s", async (address, message) => {
    expect(await lndError(setup().client.addTower({ pubkey: key(tower), address }))).toEqual(unknown(message));
  });

  it("parses the key before the address", async () => {
    expect(await lndError(setup().client.addTower({ pubkey: new Uint8Array(49), address: "udp://x" }))).toEqual(
      unknown("malformed public key: invalid length: 49"),
    );
  });
});

describe("RemoveTower", () => {
  it.each([
    ["an unknown tower", demoKey("nobody"), "", "tower not found"],
    ["the last address", tower, "10.0.0.1:9911", "cannot remove last tower address"],
    [
      "a bad address",
      tower,
      "udp://1.2.3.4:1",
      "unable to parse tower address udp://1.2.3.4:1: only TCP or unix socket addresses are supported: 1.2.3.4:1",
    ],
  ])("rejects %s", async (_name, pubkey, address, message) => {
    expect(await lndError(setup().client.removeTower({ pubkey: key(pubkey), address }))).toEqual(unknown(message));
  });

  it("treats an unknown address as a no-op and removes a known one", async () => {
    const { client } = setup();
    await client.removeTower({ pubkey: key(tower), address: "10.9.9.9:9911" });
    await client.removeTower({ pubkey: key(bare), address: "10.0.0.2" });
    expect((await client.getTowerInfo({ pubkey: key(tower) })).addresses).toEqual(["10.0.0.1:9911"]);
    expect((await client.getTowerInfo({ pubkey: key(bare) })).addresses).toEqual(["10.0.0.3:9911"]);
  });

  it("deletes a tower without sessions and keeps one with sessions as inactive", async () => {
    const { client } = setup();
    await client.removeTower({ pubkey: key(bare) });
    expect(await lndError(client.getTowerInfo({ pubkey: key(bare) }))).toEqual(unknown("tower not found"));
    await client.removeTower({ pubkey: key(tower) });
    await client.removeTower({ pubkey: key(tower) });
    const { towers } = await client.listTowers({});
    expect(towers.map((t) => [bytesToHex(t.pubkey), t.activeSessionCandidate])).toEqual([[tower, false]]);
  });

  it("refuses a tower whose sessions hold un-acked updates", async () => {
    const { client, faults } = setup();
    faults.unackedSessions = [s("taproot")];
    expect(await lndError(client.removeTower({ pubkey: key(tower) }))).toEqual(unknown("tower has unacked updates"));
  });
});

describe("ListTowers and GetTowerInfo", () => {
  it("reports one session_info per client: 3 like v0.19, 4 (two TAPROOT) like v0.21", async () => {
    const three = await setup(3).client.getTowerInfo({ pubkey: key(tower) });
    expect(three.sessionInfo.map((i) => [i.policyType, i.numSessions])).toEqual([
      [PolicyType.LEGACY, 1],
      [PolicyType.ANCHOR, 2],
      [PolicyType.TAPROOT, 1],
    ]);
    const four = await setup(4).client.getTowerInfo({ pubkey: key(tower) });
    expect(four.sessionInfo.map((i) => [i.policyType, i.numSessions])).toEqual([
      [PolicyType.LEGACY, 1],
      [PolicyType.ANCHOR, 2],
      [PolicyType.TAPROOT, 1],
      [PolicyType.TAPROOT, 1],
    ]);
  });

  it("fills the deprecated top-level fields from the first client and concatenates sessions", async () => {
    const info = await setup().client.getTowerInfo({ pubkey: key(tower), includeSessions: true });
    expect(info.numSessions).toBe(info.sessionInfo[0]!.numSessions);
    expect(info.activeSessionCandidate).toBe(true);
    expect(info.sessions).toEqual(info.sessionInfo.flatMap((i) => i.sessions));
    const anchor = info.sessionInfo[1]!.sessions;
    expect(anchor.map((x) => bytesToHex(x.id))).toEqual([s("anchor"), s("anchor-full")].sort());
    expect(anchor.find((x) => bytesToHex(x.id) === s("anchor"))).toMatchObject({
      numBackups: 1,
      numPendingBackups: 2,
      maxBackups: 1024,
      sweepSatPerVbyte: 10,
      sweepSatPerByte: 10,
    });
  });

  it("lists sessions only with include_sessions, and drops exhausted ones (and their count) only with both flags", async () => {
    const { client } = setup();
    const anchorOf = async (includeSessions: boolean, excludeExhaustedSessions: boolean) => {
      const { towers } = await client.listTowers({ includeSessions, excludeExhaustedSessions });
      return towers[0]!.sessionInfo[1]!;
    };
    expect(await anchorOf(false, false)).toMatchObject({ numSessions: 2, sessions: [] });
    expect(await anchorOf(false, true)).toMatchObject({ numSessions: 2, sessions: [] });
    expect((await anchorOf(true, false)).sessions).toHaveLength(2);
    const trimmed = await anchorOf(true, true);
    expect(trimmed.numSessions).toBe(1);
    expect(trimmed.sessions.map((x) => bytesToHex(x.id))).toEqual([s("anchor")]);
  });

  it("answers `tower not found` for an unknown key", async () => {
    expect(await lndError(setup().client.getTowerInfo({ pubkey: key(demoKey("nobody")) }))).toEqual(
      unknown("tower not found"),
    );
  });
});

describe("Stats and Policy", () => {
  it("starts Stats at zero", async () => {
    expect(await setup().client.stats({})).toMatchObject({
      numBackups: 0,
      numPendingBackups: 0,
      numFailedBackups: 0,
      numSessionsAcquired: 0,
      numSessionsExhausted: 0,
    });
  });

  it.each([PolicyType.LEGACY, PolicyType.ANCHOR, PolicyType.TAPROOT])(
    "Policy %s has lnd's defaults",
    async (policyType) => {
      expect(await setup().client.policy({ policyType })).toMatchObject({
        maxUpdates: 1024,
        sweepSatPerByte: 10,
        sweepSatPerVbyte: 10,
      });
    },
  );

  it("rejects an unknown policy type", async () => {
    expect(await lndError(setup().client.policy({ policyType: 7 as PolicyType }))).toEqual(
      unknown("unknown policy type: 7"),
    );
  });
});
