import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startLndSim } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureDir } from "./capture.js";
import { closedAddress, runBin, tempHome } from "./run-bin.js";

let home: Awaited<ReturnType<typeof tempHome>>;
let sim: Awaited<ReturnType<typeof startLndSim>>;
let nowhere: string;
beforeAll(async () => {
  home = await tempHome();
  nowhere = await closedAddress();
  sim = await startLndSim({
    lnddir: path.join(home.dir, "lnd"),
    network: "regtest",
    rpclisten: "127.0.0.1:0",
    restlisten: "127.0.0.1:0",
  });
});
afterAll(async () => {
  await sim?.close();
  await home?.remove();
});

const run = (args: string[], env: Record<string, string> = {}) => runBin(args, { home: home.dir, env });
const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

describe("where settings come from: flag > LNCLI_* > profile > default", () => {
  it("LNCLI_LNDDIR, LNCLI_NETWORK and LNCLI_RPCSERVER alone reach lnd", async () => {
    const r = await run(["stats"], {
      LNCLI_LNDDIR: sim.lnddir,
      LNCLI_NETWORK: "regtest",
      LNCLI_RPCSERVER: sim.rpcAddress,
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toHaveProperty("num_backups", 0);
  });

  it("--rpcserver wins over LNCLI_RPCSERVER", async () => {
    const flags = ["--lnddir", sim.lnddir, "-n", "regtest", "stats"];
    expect((await run([...flags, "--rpcserver", sim.rpcAddress], { LNCLI_RPCSERVER: nowhere })).code).toBe(0);
    const r = await run([...flags, "--rpcserver", nowhere], { LNCLI_RPCSERVER: sim.rpcAddress });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\[wtclient\] rpc error: code = Unavailable desc = /);
  });

  it("--restserver and LNCLI_RESTSERVER are used with --transport rest", async () => {
    const viaFlag = await run([
      "--lnddir",
      sim.lnddir,
      "-n",
      "regtest",
      "--transport",
      "rest",
      "--restserver",
      sim.restAddress,
      "policy",
    ]);
    expect(JSON.parse(viaFlag.stdout)).toEqual({ max_updates: 1024, sweep_sat_per_byte: 10, sweep_sat_per_vbyte: 10 });
    const viaEnv = await run(["--lnddir", sim.lnddir, "-n", "regtest", "--transport", "rest", "policy"], {
      LNCLI_RESTSERVER: sim.restAddress,
    });
    expect(viaEnv.stdout).toBe(viaFlag.stdout);
  });

  it("an explicit --tlscertpath wins over --lnddir (lncli would silently use <lnddir>/tls.cert)", async () => {
    const r = await run([
      "--lnddir",
      sim.lnddir,
      "-n",
      "regtest",
      "--rpcserver",
      sim.rpcAddress,
      "--tlscertpath",
      path.join(fixtureDir, "tls.cert"),
      "stats",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\[wtclient\] rpc error: code = \w+ desc = .*certificate.*\nhint: .*tls\.cert/i);
  });

  it("--macaroonpath picks the macaroon: readonly may list, not terminate", async () => {
    const flags = [
      "--lnddir",
      sim.lnddir,
      "-n",
      "regtest",
      "--rpcserver",
      sim.rpcAddress,
      "--macaroonpath",
      sim.macaroonPaths.readonly,
    ];
    expect((await run([...flags, "towers"])).code).toBe(0);
    const r = await run([
      ...flags,
      "session",
      "terminate",
      "0274ade1f10ab999ded8fbea16dc5d5f95c2d350114f567d7ec94c49715cfd25a9",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^\[wtclient\] rpc error: code = Unknown desc = permission denied\nhint: .*admin\.macaroon/,
    );
    const macaroon = await readFile(sim.macaroonPaths.readonly);
    expect(r.stderr).not.toContain(macaroon.toString("hex").slice(0, 40));
  });

  it("--no-macaroons sends none, and lnd says so", async () => {
    const r = await run([
      "--lnddir",
      sim.lnddir,
      "-n",
      "regtest",
      "--rpcserver",
      sim.rpcAddress,
      "--no-macaroons",
      "stats",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\[wtclient\] rpc error: code = Unknown desc = expected 1 macaroon, got 0\n/);
  });

  it("--profile / -p / LNCLI_PROFILE read ~/.lncli/profiles.json; flags still win", async () => {
    await mkdir(path.join(home.dir, ".lncli"), { recursive: true });
    const macaroon = (await readFile(sim.macaroonPaths.admin)).toString("hex");
    const profile = {
      name: "sim",
      rpcserver: sim.rpcAddress,
      lnddir: sim.lnddir,
      network: "regtest",
      "no-macaroons": false,
      tlscert: await readFile(sim.tlsCertPath, "utf8"),
      macaroons: { default: "admin", timeout: 60, ip: "", jar: [{ name: "admin", data: macaroon }] },
    };
    await writeFile(
      path.join(home.dir, ".lncli", "profiles.json"),
      JSON.stringify({ default: "", profiles: [profile] }),
    );
    expect((await run(["--profile", "sim", "stats"])).code).toBe(0);
    expect((await run(["stats", "-p", "sim"])).code).toBe(0);
    expect((await run(["stats"], { LNCLI_PROFILE: "sim" })).code).toBe(0);
    expect((await run(["-p", "sim", "--rpcserver", nowhere, "stats"])).stderr).toMatch(/code = Unavailable/);
    const missing = await run(["-p", "nope", "stats"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^\[wtclient\] profile 'nope' not found in file .*profiles\.json\nhint: /);
  });

  it.each([["grpc"], ["rest"]])("--lndconnect carries host, cert and macaroon (%s)", async (transport) => {
    const pem = await readFile(sim.tlsCertPath, "utf8");
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
    const macaroon = await readFile(sim.macaroonPaths.admin);
    const address = transport === "grpc" ? sim.rpcAddress : sim.restAddress;
    const uri = `lndconnect://${address}?cert=${base64url(der)}&macaroon=${base64url(macaroon)}`;
    const r = await run(["--lndconnect", uri, "--transport", transport, "stats"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("--lndconnect never gets the macaroon of LNCLI_MACAROONPATH: refused before anything is sent", async () => {
    // the URI's host (here the double) would collect the user's own admin macaroon
    const pem = await readFile(sim.tlsCertPath, "utf8");
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
    const uri = `lndconnect://${sim.rpcAddress}?cert=${base64url(der)}&macaroon=${base64url(await readFile(sim.macaroonPaths.readonly))}`;
    const before = sim.calls.Stats ?? 0;
    const refused = await run(["--lndconnect", uri, "stats"], {
      LNCLI_MACAROONPATH: sim.macaroonPaths.admin,
      LNCLI_RPCSERVER: nowhere,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^\[wtclient\] refusing to send the macaroon of LNCLI_MACAROONPATH to 127\.0\.0\.1:\d+, the host of --lndconnect.*\nhint: unset LNCLI_MACAROONPATH/,
    );
    expect(sim.calls.Stats ?? 0).toBe(before);
    // the URI's own macaroon, at the URI's host (LNCLI_RPCSERVER describes the user's own node)
    const own = await run(["--lndconnect", uri, "stats"], { LNCLI_RPCSERVER: nowhere });
    expect(own.code).toBe(0);
    expect(sim.calls.Stats).toBe(before + 1);
  });
});
