import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSim, type SimHandle } from "./harness.js";

// The built service, as installed: importing it or running its bin loads @wtclient/lnd-sim only for --sim.
// A resolve hook (module.register) in the child records every module the ES module loader resolves.
const pkg = fileURLToPath(new URL("..", import.meta.url));
const distCli = path.join(pkg, "dist/cli.js");
const recorder = fileURLToPath(new URL("./fixtures/record-imports.mjs", import.meta.url));

let dir: string;
let lnd: SimHandle;
let runs = 0;

beforeAll(async () => {
  if (!existsSync(distCli))
    throw new Error(`${distCli} is missing: build the service first (npx turbo run build --filter=@wtclient/http...)`);
  dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-imports-"));
  lnd = await startSim();
});
afterAll(async () => {
  await lnd?.[Symbol.asyncDispose]();
  await rm(dir, { recursive: true, force: true });
});

/** Run node with the recorder until it exits or prints `until`; the modules it resolved. */
async function resolvedBy(args: readonly string[], until?: RegExp): Promise<string[]> {
  const file = path.join(dir, `run-${(runs += 1)}.txt`);
  const child = spawn(process.execPath, ["--import", recorder, ...args], {
    cwd: pkg,
    env: { PATH: process.env.PATH ?? "", HOME: dir, WTCLIENT_RECORD_IMPORTS: file },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  if (until !== undefined) {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => until.test(line) && resolve());
      void exited.then((code) => reject(new Error(`exited ${code} before ${until}: ${stderr}`)));
    });
    child.kill("SIGTERM");
  }
  const code = await exited;
  if (until === undefined && code !== 0) throw new Error(`node ${args.join(" ")} exited ${code}: ${stderr}`);
  return (await readFile(file, "utf8")).trim().split("\n");
}

const lndSimOf = (lines: readonly string[]) => lines.filter((l) => /@wtclient\/lnd-sim|\/lnd-sim\//.test(l));

describe("@wtclient/lnd-sim is loaded only for --sim", () => {
  it("not by import('@wtclient/http')", async () => {
    const script =
      "const m = await import('@wtclient/http'); if (typeof m.startHttpService !== 'function') process.exit(3);";
    const lines = await resolvedBy(["--input-type=module", "-e", script]);
    // the recorder saw the service and its dependencies
    expect(lines.some((l) => l.startsWith("@wtclient/http "))).toBe(true);
    expect(lines.some((l) => l.startsWith("@wtclient/core "))).toBe(true);
    expect(lndSimOf(lines)).toEqual([]);
  });

  it("and importing the service adds nothing to globalThis, Reflect, Object or Promise (the double's shim would)", async () => {
    // names only: libraries keep registries under their own Symbol keys (protobuf-es's text encoding, undici's dispatcher)
    const globals = "[globalThis, Reflect, Object, Promise].map((o) => Object.getOwnPropertyNames(o).sort().join())";
    const script = `const before = ${globals}; await import('@wtclient/http'); const after = ${globals};
      if (JSON.stringify(before) !== JSON.stringify(after)) { console.error(JSON.stringify({ before, after })); process.exit(4); }`;
    await resolvedBy(["--input-type=module", "-e", script]);
    // the check can fail: the double's shim adds Reflect.getMetadata and friends
    await expect(
      resolvedBy(["--input-type=module", "-e", script.replace("'@wtclient/http'", "'@wtclient/lnd-sim'")]),
    ).rejects.toThrow(/exited 4/);
  });

  it("not by the bin's --help", async () => {
    expect(lndSimOf(await resolvedBy([distCli, "--help"]))).toEqual([]);
  });

  it("not by the bin in front of an lnd started separately, with its self-signed listener cert", async () => {
    const f = lnd.flags;
    const args = [
      "--rpcserver",
      f.rpcserver!,
      "--tlscertpath",
      f.tlscertpath!,
      "--macaroonpath",
      f.macaroonpath!,
      "--network",
      "regtest",
    ];
    const lines = await resolvedBy(
      [distCli, ...args, "--insecure-no-auth", "--tls-self-signed", "--listen", "127.0.0.1:0"],
      /listening on/,
    );
    expect(lines.some((l) => l.startsWith("fastify "))).toBe(true);
    expect(lndSimOf(lines)).toEqual([]);
  });

  it("but by the bin with --sim", async () => {
    const lines = await resolvedBy([distCli, "--sim", "--insecure-no-auth", "--listen", "127.0.0.1:0"], /listening on/);
    expect(lndSimOf(lines).some((l) => l.startsWith("@wtclient/lnd-sim "))).toBe(true);
  });
});
