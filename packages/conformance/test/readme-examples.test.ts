import * as fs from "node:fs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@wtclient/core";
import { startLndSim, type LndSim } from "@wtclient/lnd-sim";
import { dantedMissing, findDanted, startDanted, type Danted } from "@wtclient/socks-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The README's TypeScript examples, run as written against the double in its demo state (the state
// `wtclient-lnd-sim` starts in), with only the double's lnddir and addresses swapped for this test's.
// They are run without any compile step: on Node 20 a syntax Node 20 lacks (`await using`) fails here.
const repo = resolve(import.meta.dirname, "../../..");
const readme = readFileSync(join(repo, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const modules: Record<string, unknown> = { "@wtclient/core": core, "node:fs": fs };
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;

let lnddir: string;
let sim: LndSim;
// the Tor examples run through danted standing in for Tor's SocksPort, started on first use
let proxy: Promise<Danted> | undefined;
const torPort = "127.0.0.1:9050";
const onionAddress = /\b[a-z2-7]{56}\.onion:10009\b/g;
beforeAll(async () => {
  lnddir = mkdtempSync(join(tmpdir(), "wtclient-readme-"));
  sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
});
afterAll(async () => {
  await (await proxy)?.close();
  await sim.close();
  rmSync(lnddir, { recursive: true, force: true });
});

/** Run one example and return what it logged. */
async function run(source: string): Promise<string[]> {
  const socks = source.includes(torPort) ? (await (proxy ??= startDanted())).address : torPort;
  const adapted = source
    // the onion is the double under a name only the proxy resolves
    .replaceAll(torPort, socks)
    .replace(onionAddress, `localhost:${sim.rpcAddress.split(":").pop()}`)
    .replaceAll("localhost:10009", sim.rpcAddress)
    .replaceAll("localhost:8080", sim.restAddress)
    .replaceAll("/tmp/lnd-sim", lnddir)
    .replace(
      /^import \{([^}]+)\} from "([^"]+)";$/gm,
      (_m, names: string, from: string) => `const {${names}} = __modules[${JSON.stringify(from)}];`,
    );
  const logged: string[] = [];
  const log = (...a: unknown[]) =>
    logged.push(
      a
        .map((x) =>
          typeof x === "string" ? x : JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
        )
        .join(" "),
    );
  await new AsyncFunction("__modules", "console", adapted)(modules, { log, error: log });
  return logged;
}

/** The double's towers over gRPC, for checking an example's effect. */
async function towers() {
  const transport = core.createLndGrpcTransport({
    host: sim.rpcAddress,
    cert: readFileSync(sim.tlsCertPath),
    macaroon: readFileSync(sim.macaroonPaths.admin),
  });
  try {
    return (await core.createWatchtowerClient({ transport }).listTowers({ includeSessions: true })).towers;
  } finally {
    await transport.close();
  }
}

const sessionIds = (all: Awaited<ReturnType<typeof towers>>) =>
  all.flatMap((t) => t.sessionInfo.flatMap((i) => i.sessions.map((s) => Buffer.from(s.id).toString("hex"))));

describe("README examples", () => {
  it("has the library examples, every one closing its transport without `await using`", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) expect(block).not.toMatch(/^\s*await using /m);
  });

  it("names only ids that the double's demo state holds", async () => {
    const known = new Set([
      ...(await towers()).map((t) => Buffer.from(t.pubkey).toString("hex")),
      ...sessionIds(await towers()),
    ]);
    const named = [...readme.matchAll(/\b0[23][0-9a-f]{64}\b/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !known.has(id))).toEqual([]);
  });

  it.for(blocks.map((b, i) => [i + 1, b] as const))("example %i runs", async ([n, block], t) => {
    if (block.includes(torPort) && findDanted() === undefined) return t.skip(dantedMissing);
    const before = await towers();
    const logged = await run(block);
    const terminated = /terminateSession\(transport, "([0-9a-f]{66})"\)/.exec(block)?.[1];
    if (block.includes(torPort)) {
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^[1-9]\d* towers$/);
      expect((await proxy)!.log()).toContain(`127.0.0.1.${sim.rpcAddress.split(":").pop()}`);
    } else if (block.includes("WtclientError")) {
      // the error example: a readonly macaroon may not terminate
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^permission-denied - /);
    } else if (terminated !== undefined) {
      expect(logged).toEqual([`Successful termination of session: ${terminated}`]);
    } else if (block.includes("deactivateTower(towers[0].pubkey)")) {
      const after = await towers();
      const tower = after.find((t) => Buffer.from(t.pubkey).equals(Buffer.from(before[0]!.pubkey)));
      expect(before[0]!.sessionInfo.some((i) => i.activeSessionCandidate)).toBe(true);
      expect(tower?.sessionInfo.map((i) => i.activeSessionCandidate)).toEqual(tower?.sessionInfo.map(() => false));
    } else if (block.includes(".stats()")) {
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toHaveProperty("numBackups");
    } else {
      throw new Error(`README example ${n} has no check in this test: add one`);
    }
  });
});
