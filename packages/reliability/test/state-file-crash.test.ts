import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLndGrpcTransport,
  createWatchtowerClient,
  type LndTransport,
  type WatchtowerClientApi,
} from "@wtclient/core";
import { bytesToHex } from "@wtclient/core/internal";
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { propertyRuns, secp256k1KeyOf, spawnLndSim, type SpawnedLndSim } from "../src/index.js";

const iterations = 5;
/** Every write is AddTower of tower k (private key k), so the database after any crash must hold towers 1..m. */
const towerKey = (k: number): Uint8Array => secp256k1KeyOf(BigInt(k)).compressed;
const towerAddress = (k: number): string => `127.0.0.1:${20_000 + k}`;

const dir = mkdtempSync(join(tmpdir(), "wtclient-crash-"));
const state = join(dir, "state.json");
const alive = new Set<SpawnedLndSim>();
const transports: LndTransport[] = [];
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  for (const sim of alive) sim.kill("SIGKILL");
  await Promise.all([...alive].map((sim) => sim.exited));
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<{ sim: SpawnedLndSim; client: WatchtowerClientApi }> {
  const sim = await spawnLndSim({ lnddir: join(dir, "lnd"), state });
  alive.add(sim);
  void sim.exited.then(() => alive.delete(sim));
  const transport = createLndGrpcTransport({
    host: sim.rpcAddress,
    cert: readFileSync(sim.tlsCertPath),
    macaroon: readFileSync(sim.adminMacaroonPath),
    macaroonTimeoutSeconds: 0,
  });
  transports.push(transport);
  return { sim, client: createWatchtowerClient({ transport }) };
}

/** The state file's towers; JSON.parse failing here is a torn file. */
function towersOnDisk(): string[] {
  const parsed = JSON.parse(readFileSync(state, "utf8")) as { version: number; towers: { pubkey: string }[] };
  expect(parsed.version).toBe(1);
  return parsed.towers.map((t) => t.pubkey);
}

const prefix = (m: number): string[] => Array.from({ length: m }, (_, i) => bytesToHex(towerKey(i + 1)));

it("a SIGKILL at any moment leaves a whole state file holding every acknowledged write, and the double restarts on it", async () => {
  // an empty database to start from (without a file the double starts from its demo towers)
  writeFileSync(state, JSON.stringify({ version: 1, towers: [] }));
  const plan = fc.sample(
    fc.record({ acksBeforeKill: fc.integer({ min: 0, max: 20 }), delayMs: fc.integer({ min: 0, max: 15 }) }),
    {
      seed: propertyRuns.seed,
      numRuns: iterations,
    },
  );
  let m = 0;
  let { sim, client } = await start();
  for (const [i, { acksBeforeKill, delayMs }] of plan.entries()) {
    const where = `iteration ${i} (seed ${propertyRuns.seed}: kill ${delayMs} ms after ${acksBeforeKill} acknowledged writes)`;
    // the restarted double serves exactly what the file holds
    const listed = (await client.listTowers()).towers.map((t) => bytesToHex(t.pubkey));
    expect(listed.sort(), where).toEqual(prefix(m).sort());

    let acked = m;
    let killed = false;
    const kill = (): void => {
      setTimeout(() => {
        killed = true;
        sim.kill("SIGKILL");
      }, delayMs);
    };
    if (acksBeforeKill === 0) kill();
    // writes one after another until the process dies under them
    for (let k = m + 1; ; k++) {
      try {
        await client.addTower(towerKey(k), towerAddress(k));
      } catch (e) {
        expect(killed, `${where}: AddTower ${k} failed before the kill: ${String(e)}`).toBe(true);
        break;
      }
      acked = k;
      if (acked - m === acksBeforeKill) kill();
    }
    expect(await sim.exited, where).toEqual({ code: null, signal: "SIGKILL" });

    const onDisk = towersOnDisk();
    // every acknowledged write is there; the one in flight may be, nothing else
    expect(onDisk.length, where).toBeGreaterThanOrEqual(acked);
    expect(onDisk.length, where).toBeLessThanOrEqual(acked + 1);
    expect(onDisk, where).toEqual(prefix(onDisk.length));
    m = onDisk.length;
    ({ sim, client } = await start());
  }
  const listed = (await client.listTowers()).towers.map((t) => bytesToHex(t.pubkey));
  expect(listed.sort()).toEqual(prefix(m).sort());
  // only the state file and the double's lnddir remain beside the temp files of killed writers
  expect(
    readdirSync(dir)
      .filter((f) => !/^\.state\.json\.\d+\.tmp$/.test(f))
      .sort(),
  ).toEqual(["lnd", "state.json"]);
  sim.kill("SIGTERM");
  expect(await sim.exited).toEqual({ code: 0, signal: null });
});
