import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexToBytes } from "@wtclient/core/internal";
import { afterEach, describe, expect, it } from "vitest";
import { captureSeed, demoKey, startLndSim } from "../src/index.js";
import { loadCapture } from "./fixtures.js";
import { startTestSim } from "./sim-harness.js";

const { inputs } = loadCapture();
const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lnd-sim-state-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

type StateFile = {
  version: number;
  towers: Array<{
    pubkey: string;
    addresses: string[];
    active: boolean;
    sessions: Array<{ id: string; terminal: boolean }>;
  }>;
};
const readState = (path: string): StateFile => JSON.parse(readFileSync(path, "utf8")) as StateFile;

describe("--state FILE", () => {
  it("is written at start, rewritten by rename after every change, and loaded by the next start", async () => {
    const dir = await freshDir();
    const state = join(dir, "state.json");
    const newTower = demoKey("state/new-tower");
    {
      await using t = await startTestSim({ lnddir: join(dir, "lnd"), state, seed: captureSeed(inputs) });
      expect(readState(state)).toMatchObject({
        version: 1,
        towers: [{ pubkey: inputs.tower_pubkey, addresses: ["127.0.0.1:9912"], active: true }],
      });
      const inode = statSync(state).ino;
      const admin = t.grpc(t.macaroons.admin);
      await admin.terminateSession({ sessionId: hexToBytes(inputs.session_ids[0]!) });
      expect(statSync(state).ino).not.toBe(inode); // a new file took the old one's name
      await admin.addTower({ pubkey: hexToBytes(newTower), address: "192.0.2.5" });
      await admin.deactivateTower({ pubkey: hexToBytes(inputs.tower_pubkey) });
      expect(readdirSync(dir).sort()).toEqual(["lnd", "state.json"]); // no temp file left behind
      const saved = readState(state);
      expect(saved.towers.map((x) => [x.pubkey, x.active, x.addresses])).toEqual([
        [inputs.tower_pubkey, false, ["127.0.0.1:9912"]],
        [newTower, true, ["192.0.2.5:9911"]],
      ]);
      expect(saved.towers[0]!.sessions.find((s) => s.id === inputs.session_ids[0])?.terminal).toBe(true);
    }
    // the state file wins over a seed
    await using again = await startTestSim({ lnddir: join(dir, "lnd"), state, seed: { towers: [] } });
    const { towers } = await again.grpc(again.macaroons.admin).listTowers({ includeSessions: true });
    expect(
      towers.map((x) => [Buffer.from(x.pubkey).toString("hex"), x.activeSessionCandidate, x.sessions.length]),
    ).toEqual([
      [inputs.tower_pubkey, false, 5],
      [newTower, true, 0],
    ]);
  });

  it("refuses a file that is not a state file", async () => {
    const dir = await freshDir();
    const state = join(dir, "state.json");
    writeFileSync(state, JSON.stringify({ hello: "world" }));
    await expect(
      startLndSim({ lnddir: join(dir, "lnd"), state, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" }),
    ).rejects.toThrow("not a wtclient-lnd-sim state file");
  });

  it("refuses a state file with a key that is not a secp256k1 point", async () => {
    const dir = await freshDir();
    const state = join(dir, "state.json");
    writeFileSync(
      state,
      JSON.stringify({
        version: 1,
        towers: [{ pubkey: "02" + "05".repeat(32), addresses: [], active: true, sessions: [] }],
      }),
    );
    await expect(
      startLndSim({ lnddir: join(dir, "lnd"), state, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" }),
    ).rejects.toThrow("is not on the secp256k1 curve");
  });
});
