import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureDir } from "./capture.js";
import { runBin, tempHome, type BinResult } from "./run-bin.js";

/**
 * The usage errors of lncli's --metadata and --macfromjar, word for word. lncli's texts are checked here
 * as recorded from lnd v0.19.3; with WTCLIENT_LND_DIR (a folder holding that lncli) they are also
 * compared with what the real lncli prints for the same arguments.
 */
const lncliDir = process.env.WTCLIENT_LND_DIR;
const lncli = lncliDir !== undefined ? path.join(lncliDir, "lncli") : undefined;
// lncli finds its profiles through the account's home directory (not $HOME): one there would change its answers
const accountProfiles = path.join(os.userInfo().homedir, ".lncli", "profiles.json");
const realLncliSkip =
  lncli === undefined
    ? "WTCLIENT_LND_DIR is not set: no real lncli to compare with"
    : !existsSync(lncli)
      ? `WTCLIENT_LND_DIR has no lncli: ${lncli}`
      : existsSync(accountProfiles)
        ? `lncli would read this account's ${accountProfiles}, which changes its answers`
        : undefined;

// lncli loads the cert (and macaroon) before it reads --metadata: give it files that load
const credentials = [
  "--tlscertpath",
  path.join(fixtureDir, "tls.cert"),
  "--macaroonpath",
  path.join(fixtureDir, "admin.macaroon"),
  "--rpcserver",
  "127.0.0.1:1",
];

const cases = [
  {
    args: ["--metadata", "novalue"],
    lncli: 'could not load global options: invalid format for metadata flag; expected "key:value"',
  },
  {
    args: ["--metadata", "a:b:c"],
    lncli: 'could not load global options: invalid format for metadata flag; expected "key:value"',
  },
  {
    args: ["--metadata="],
    lncli: 'could not load global options: invalid format for metadata flag; expected "key:value"',
  },
  // without profiles, lncli's jar holds only the --macaroonpath macaroon, which has no name
  { args: ["--macfromjar", "readonly"], lncli: "macaroon with name 'readonly' not found in profile" },
];

/** wtclient's text for lncli's: a usage error drops lncli's "could not load global options: " (it is no settings load). */
const wtclientText = (lncliText: string) => lncliText.replace(/^could not load global options: /, "");

function runLncli(args: readonly string[]): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    execFile(
      lncli!,
      args,
      { env: { PATH: process.env.PATH ?? "", HOME: home.dir }, encoding: "utf8", timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== "number") reject(error);
        else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

let home: Awaited<ReturnType<typeof tempHome>>;
beforeAll(async () => {
  home = await tempHome();
});
afterAll(async () => home?.remove());

describe("wtclient's errors for --metadata and --macfromjar carry lncli's text", () => {
  it.each(cases.map((c) => [c.args.join(" "), c] as const))("%s", async (_, c) => {
    const r = await runBin([...credentials, ...c.args, "stats"], { home: home.dir });
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe(`[wtclient] ${wtclientText(c.lncli)}`);
    // a malformed flag is a usage error (exit 2, with help); an unknown jar name a settings error (exit 1), as in lncli
    expect(r.code).toBe(c.args[0]!.startsWith("--metadata") ? 2 : 1);
  });
});

describe.skipIf(realLncliSkip !== undefined)(realLncliSkip ?? "the same arguments through the real lncli", () => {
  it.each(cases.map((c) => [c.args.join(" "), c] as const))("%s", async (_, c) => {
    const r = await runLncli([...credentials, ...c.args, "wtclient", "stats"]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr: `[lncli] ${c.lncli}\n`,
    });
  });
});
