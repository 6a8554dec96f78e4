import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fixtureDir } from "@wtclient/lnd-fixtures";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatLndconnect } from "./lndconnect.js";
import { resolveLndSettings, type LndFlags } from "./lnd-settings.js";
import { WtclientError } from "./wtclient-error.js";

// lncli's remaining global flags: --socksproxy, --metadata, --macfromjar (and a profile's metadata)
const pem = readFileSync(path.join(fixtureDir, "tls.cert"), "utf8");
const admin = new Uint8Array(readFileSync(path.join(fixtureDir, "admin.macaroon")));
const readonly = new Uint8Array(readFileSync(path.join(fixtureDir, "readonly.macaroon")));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "wtclient-home-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const resolve = (flags: LndFlags, env: NodeJS.ProcessEnv = {}) => resolveLndSettings(flags, env, home, "linux");

async function writeProfile(extra: Record<string, unknown> = {}) {
  await mkdir(path.join(home, ".lncli"), { recursive: true });
  const profile = {
    name: "remote",
    rpcserver: "lnd.example.onion:10009",
    tlscert: pem,
    macaroons: {
      default: "admin",
      jar: [
        { name: "admin", data: hexOf(admin) },
        { name: "readonly", data: hexOf(readonly) },
      ],
    },
    ...extra,
  };
  await writeFile(
    path.join(home, ".lncli", "profiles.json"),
    JSON.stringify({ default: "remote", profiles: [profile] }),
  );
}

function errorOf(fn: () => unknown): WtclientError {
  try {
    fn();
  } catch (e) {
    return e as WtclientError;
  }
  throw new Error("no error");
}

describe("--socksproxy", () => {
  it("flag > LNCLI_SOCKSPROXY > none", () => {
    expect(resolve({}).socksProxy).toBeUndefined();
    expect(resolve({}, { LNCLI_SOCKSPROXY: "127.0.0.1:9050" }).socksProxy).toBe("127.0.0.1:9050");
    expect(resolve({ socksproxy: "[::1]:9150" }, { LNCLI_SOCKSPROXY: "127.0.0.1:9050" }).socksProxy).toBe("[::1]:9150");
  });

  it.each(["9050", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "socks5://127.0.0.1:9050", "::1:9050"])(
    "refuses %j, naming it and the form wanted",
    (bad) => {
      const err = errorOf(() => resolve({ socksproxy: bad }));
      expect({ reason: err.reason, message: err.rawMessage }).toEqual({
        reason: "bad-request",
        message: `invalid SOCKS proxy address "${bad}": want host:port`,
      });
      expect(err.hint).toBe("e.g. --socksproxy 127.0.0.1:9050 (Tor's SocksPort)");
    },
  );

  it("goes with an lndconnect URI whose host is an onion service", () => {
    const uri = formatLndconnect({ host: "lnd.example.onion", port: 10009, cert: pem, macaroon: admin });
    expect(resolve({ lndconnect: uri, socksproxy: "127.0.0.1:9050" })).toMatchObject({
      rpcserver: "lnd.example.onion:10009",
      socksProxy: "127.0.0.1:9050",
    });
  });
});

describe("--metadata", () => {
  it("splits key:value, later values winning", () => {
    expect(resolve({ metadata: ["a:1", "b:2", "a:3"] }).metadata).toEqual({ a: "3", b: "2" });
    expect(resolve({}).metadata).toBeUndefined();
  });

  it.each(["novalue", "a:b:c", ""])("refuses %j with lncli's text", (bad) => {
    const err = errorOf(() => resolve({ metadata: [bad] }));
    expect(err.rawMessage).toBe('invalid format for metadata flag; expected "key:value"');
    expect(err.reason).toBe("bad-request");
  });

  it("adds to a profile's metadata (lncli stores --metadata there)", async () => {
    await writeProfile({ metadata: { tenant: "a", trace: "p" } });
    expect(resolve({ metadata: ["trace:f"] }).metadata).toEqual({ tenant: "a", trace: "f" });
  });

  it("a profile's metadata must map names to strings", async () => {
    await writeProfile({ metadata: { n: 1 } });
    expect(errorOf(() => resolve({})).rawMessage).toMatch(/profiles\[0\]\.metadata\.n must be a string$/);
  });
});

describe("--macfromjar", () => {
  it("picks a named macaroon of the profile's jar, LNCLI_MACFROMJAR too", async () => {
    await writeProfile();
    expect(resolve({}).macaroon).toEqual(admin);
    expect(resolve({ macfromjar: "readonly" }).macaroon).toEqual(readonly);
    expect(resolve({}, { LNCLI_MACFROMJAR: "readonly" }).macaroon).toEqual(readonly);
  });

  it("an unknown name gets lncli's text", async () => {
    await writeProfile();
    const err = errorOf(() => resolve({ macfromjar: "nope" }));
    expect({ reason: err.reason, message: err.rawMessage }).toEqual({
      reason: "macaroon-invalid",
      message: "macaroon with name 'nope' not found in profile",
    });
  });

  it("without a profile: lncli's text (its jar then holds only the unnamed --macaroonpath one), and a hint that it needs one", () => {
    const err = errorOf(() => resolve({ macfromjar: "readonly" }));
    expect(err.rawMessage).toBe("macaroon with name 'readonly' not found in profile");
    expect(err.hint).toMatch(/can only be used with lncli profiles/);
    expect(errorOf(() => resolve({ macfromjar: "readonly", macaroonpath: "/m" })).rawMessage).toBe(
      "macaroon with name 'readonly' not found in profile",
    );
  });

  it("with a profile and --macaroonpath or an lndconnect macaroon: give one", async () => {
    await writeProfile();
    expect(errorOf(() => resolve({ macfromjar: "readonly", macaroonpath: "/m" })).rawMessage).toBe(
      "--macfromjar 'readonly' and --macaroonpath both choose the macaroon",
    );
    const uri = formatLndconnect({ host: "h", port: 1, cert: pem, macaroon: admin });
    expect(errorOf(() => resolve({ macfromjar: "readonly", lndconnect: uri })).rawMessage).toBe(
      "--macfromjar 'readonly' and --lndconnect both choose the macaroon",
    );
  });

  it("means nothing with --no-macaroons", () => {
    expect(resolve({ macfromjar: "x", noMacaroons: true }).noMacaroons).toBe(true);
  });
});
