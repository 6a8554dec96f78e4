import * as fs from "node:fs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@wtclient/core";
import { captureSeed, startLndSim, type LndSim } from "@wtclient/lnd-sim";
import { loadCapture } from "@wtclient/lnd-fixtures";
import { dantedMissing, findDanted, startDanted, type Danted } from "@wtclient/socks-fixtures";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// the README's TypeScript examples, run as written against a double that holds the recorded node's
// ids, with only lnd's default addresses and the lnddir placeholder swapped for the double's
const repo = resolve(import.meta.dirname, "../../..");
const readme = readFileSync(join(repo, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const capture = loadCapture();
const modules: Record<string, unknown> = { "@wtclient/core": core, "node:fs": fs };

let lnddir: string;
let sim: LndSim;
// the Tor examples run through danted standing in for Tor's SocksPort, started on first use
let proxy: Promise<Danted> | undefined;
const torPort = "127.0.0.1:9050";
const onionAddress = /\b[a-z2-7]{56}\.onion:10009\b/g;
beforeAll(async () => {
  lnddir = mkdtempSync(join(tmpdir(), "wtclient-readme-"));
  sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0", seed: captureSeed(capture.inputs) });
});
afterAll(async () => {
  await (await proxy)?.close();
  await sim.close();
  rmSync(lnddir, { recursive: true, force: true });
});

/** Run one example with the free names the README leaves to the reader, and return what it logged. */
async function run(source: string): Promise<string[]> {
  const socks = source.includes(torPort) ? (await (proxy ??= startDanted())).address : torPort;
  const adapted = source
    // the onion is the double under a name only the proxy resolves
    .replaceAll(torPort, socks)
    .replace(onionAddress, `localhost:${sim.rpcAddress.split(":").pop()}`)
    .replaceAll("localhost:10009", sim.rpcAddress)
    .replaceAll("localhost:8080", sim.restAddress)
    .replaceAll("/path/to/.lnd", lnddir)
    .replace(/^import \{([^}]+)\} from "([^"]+)";$/gm, (_m, names: string, from: string) => `const {${names}} = __modules[${JSON.stringify(from)}];`);
  // esbuild strips the types and lowers `await using`, which Node 20 cannot run itself
  const { code } = await transform(`async function example() {\n${adapted}\n}`, { loader: "ts", target: "node20" });
  const logged: string[] = [];
  const context = {
    __modules: modules,
    lnddir,
    cert: readFileSync(sim.tlsCertPath),
    macaroon: readFileSync(sim.macaroonPaths.admin),
    id: capture.inputs.session_ids[1],
    transport: core.createLndGrpcTransport({ host: sim.rpcAddress, cert: readFileSync(sim.tlsCertPath), macaroon: readFileSync(sim.macaroonPaths.admin) }),
    WtclientError: core.WtclientError,
    console: { log: (...a: unknown[]) => logged.push(a.join(" ")), error: (...a: unknown[]) => logged.push(a.join(" ")) },
  };
  try {
    const fn = new Function(...Object.keys(context), `${code}\nreturn example;`) as (...a: unknown[]) => () => Promise<void>;
    await fn(...Object.values(context))();
  } finally {
    await context.transport.close();
  }
  return logged;
}

describe("README examples", () => {
  it("has the library examples", () => expect(blocks.length).toBeGreaterThanOrEqual(4));
  it.for(blocks.map((b, i) => [i + 1, b] as const))("example %i runs", async ([, block], t) => {
    if (block.includes(torPort) && findDanted() === undefined) return t.skip(dantedMissing);
    const logged = await run(block);
    if (block.includes(torPort)) {
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^[1-9]\d* towers$/);
      expect((await proxy)!.log()).toContain(`127.0.0.1.${sim.rpcAddress.split(":").pop()}`);
    }
    if (block.includes("terminateSession(transport, \"0274")) {
      expect(logged).toEqual([`Successful termination of session: ${capture.inputs.session_ids[0]}`]);
    }
  });
});
