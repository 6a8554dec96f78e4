import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Code } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatLndconnect } from "./lndconnect.js";
import { loadLndCredentials, resolveLndSettings } from "./lnd-settings.js";
import type { LndFlags, LndSettings } from "./lnd-settings.js";
import { WtclientError } from "./wtclient-error.js";
import { fixtureDir } from "@wtclient/lnd-fixtures";

const fixtures = fixtureDir;
const pem = readFileSync(path.join(fixtures, "tls.cert"), "utf8");
const admin = new Uint8Array(readFileSync(path.join(fixtures, "admin.macaroon")));
const readonly = new Uint8Array(readFileSync(path.join(fixtures, "readonly.macaroon")));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "wtclient-home-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const resolve = (flags: LndFlags, env: NodeJS.ProcessEnv = {}) => resolveLndSettings(flags, env, home, "linux");

/** Write ~/.lncli/profiles.json with the given profiles, the first one the default. */
async function writeProfiles(...profiles: Record<string, unknown>[]) {
  const dir = path.join(home, ".lncli");
  await mkdir(dir, { recursive: true });
  const withJar = profiles.map((p) => ({
    macaroons: { default: "readonly", jar: [{ name: "readonly", data: hexOf(readonly) }] },
    ...p,
  }));
  await writeFile(path.join(dir, "profiles.json"), JSON.stringify({ default: profiles[0]?.name, profiles: withJar }));
}

describe("resolveLndSettings defaults", () => {
  it("match lncli's", () => {
    const lnddir = path.join(home, ".lnd");
    expect(resolve({})).toEqual({
      rpcserver: "localhost:10009",
      restserver: "localhost:8080",
      lnddir,
      network: "mainnet",
      tlsCertPath: path.join(lnddir, "tls.cert"),
      macaroonPath: path.join(lnddir, "data/chain/bitcoin/mainnet/admin.macaroon"),
      noMacaroons: false,
      macaroonTimeoutSeconds: 60,
    });
  });

  it("use Windows' layout on win32", () => {
    const s = resolveLndSettings({}, { LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "C:\\Users\\u", "win32");
    expect(s.lnddir).toBe("C:\\Users\\u\\AppData\\Local\\Lnd");
    expect(s.tlsCertPath).toBe("C:\\Users\\u\\AppData\\Local\\Lnd\\tls.cert");
    expect(s.macaroonPath).toBe("C:\\Users\\u\\AppData\\Local\\Lnd\\data\\chain\\bitcoin\\mainnet\\admin.macaroon");
  });
});

interface PrecedenceRow {
  setting: string;
  flag: LndFlags;
  env: NodeJS.ProcessEnv;
  profile: Record<string, unknown>;
  read: (s: LndSettings) => unknown;
  /** values from the flag, the variable, the profile, the default */
  want: (home: string) => [unknown, unknown, unknown, unknown];
}

const rows: PrecedenceRow[] = [
  {
    setting: "rpcserver",
    flag: { rpcserver: "flag.example:1" },
    env: { LNCLI_RPCSERVER: "env.example:2" },
    profile: { rpcserver: "profile.example:3" },
    read: (s) => s.rpcserver,
    want: () => ["flag.example:1", "env.example:2", "profile.example:3", "localhost:10009"],
  },
  {
    setting: "lnddir",
    flag: { lnddir: "/flag/lnd" },
    env: { LNCLI_LNDDIR: "/env/lnd" },
    profile: { lnddir: "/profile/lnd" },
    read: (s) => s.lnddir,
    want: (h) => ["/flag/lnd", "/env/lnd", "/profile/lnd", path.join(h, ".lnd")],
  },
  {
    setting: "network",
    flag: { network: "regtest" },
    env: { LNCLI_NETWORK: "testnet" },
    profile: { network: "signet" },
    read: (s) => s.network,
    want: () => ["regtest", "testnet", "signet", "mainnet"],
  },
  {
    setting: "macaroon timeout",
    flag: { macaroontimeout: 10 },
    env: { LNCLI_MACAROONTIMEOUT: "20" },
    profile: { macaroons: { default: "readonly", timeout: 30, jar: [{ name: "readonly", data: hexOf(readonly) }] } },
    read: (s) => s.macaroonTimeoutSeconds,
    want: () => [10, 20, 30, 60],
  },
  {
    setting: "macaroon ip",
    flag: { macaroonip: "192.0.2.1" },
    env: { LNCLI_MACAROONIP: "192.0.2.2" },
    profile: {
      macaroons: { default: "readonly", ip: "192.0.2.3", jar: [{ name: "readonly", data: hexOf(readonly) }] },
    },
    read: (s) => s.macaroonIp,
    want: () => ["192.0.2.1", "192.0.2.2", "192.0.2.3", undefined],
  },
  {
    setting: "TLS cert",
    flag: { tlscertpath: "/flag/tls.cert" },
    env: { LNCLI_TLSCERTPATH: "/env/tls.cert" },
    profile: { tlscert: pem },
    read: (s) => [s.tlsCertPath, s.tlsCert],
    want: (h) => [
      ["/flag/tls.cert", undefined],
      ["/env/tls.cert", undefined],
      [undefined, pem],
      [path.join(h, ".lnd/tls.cert"), undefined],
    ],
  },
  {
    setting: "macaroon",
    flag: { macaroonpath: "/flag/x.macaroon" },
    env: { LNCLI_MACAROONPATH: "/env/x.macaroon" },
    profile: {},
    read: (s) => [s.macaroonPath, s.macaroon && hexOf(s.macaroon)],
    want: (h) => [
      ["/flag/x.macaroon", undefined],
      ["/env/x.macaroon", undefined],
      [undefined, hexOf(readonly)],
      [path.join(h, ".lnd/data/chain/bitcoin/mainnet/admin.macaroon"), undefined],
    ],
  },
];

describe("resolveLndSettings precedence: flag > LNCLI_* > profile > default", () => {
  it.each(rows)("$setting", async (row) => {
    const [fromFlag, fromEnv, fromProfile, fromDefault] = row.want(home);
    expect(row.read(resolve({}))).toEqual(fromDefault);
    await writeProfiles({ name: "p", ...row.profile });
    expect(row.read(resolve({}))).toEqual(fromProfile);
    expect(row.read(resolve({}, row.env))).toEqual(fromEnv);
    expect(row.read(resolve(row.flag, row.env))).toEqual(fromFlag);
  });

  it("restserver: flag > lndconnect > LNCLI_RESTSERVER > default", () => {
    const lndconnect = formatLndconnect({ host: "link.example", port: 8443, macaroon: admin });
    expect(resolve({}).restserver).toBe("localhost:8080");
    expect(resolve({}, { LNCLI_RESTSERVER: "env.example:8080" }).restserver).toBe("env.example:8080");
    expect(resolve({ lndconnect }).restserver).toBe("link.example:8443");
    expect(resolve({ lndconnect }, { LNCLI_RESTSERVER: "env.example:8080" }).restserver).toBe("link.example:8443");
    expect(
      resolve({ lndconnect, restserver: "flag.example:8080" }, { LNCLI_RESTSERVER: "env.example:8080" }).restserver,
    ).toBe("flag.example:8080");
  });

  it("no-macaroons: the flag or the profile", async () => {
    expect(resolve({}).noMacaroons).toBe(false);
    expect(resolve({ noMacaroons: true }).noMacaroons).toBe(true);
    // an encrypted jar is never opened when the profile says no-macaroons
    await writeProfiles({
      name: "p",
      "no-macaroons": true,
      macaroons: { default: "a", jar: [{ name: "a", data: "snacl:x:y" }] },
    });
    const s = resolve({});
    expect(s.noMacaroons).toBe(true);
    expect(s.macaroon).toBeUndefined();
  });

  it("an empty LNCLI_* variable counts as not set", () => {
    expect(resolve({}, { LNCLI_RPCSERVER: "", LNCLI_NETWORK: "", LNCLI_MACAROONTIMEOUT: "" })).toMatchObject({
      rpcserver: "localhost:10009",
      network: "mainnet",
      macaroonTimeoutSeconds: 60,
    });
  });

  it("servername passes through", () => {
    expect(resolve({ servername: "localhost" }).servername).toBe("localhost");
    expect(resolve({}).servername).toBeUndefined();
  });
});

describe("resolveLndSettings profiles", () => {
  it('--profile / LNCLI_PROFILE choose, "" switches the default off', async () => {
    await writeProfiles({ name: "a", rpcserver: "a:1" }, { name: "b", rpcserver: "b:1" });
    expect(resolve({}).rpcserver).toBe("a:1");
    expect(resolve({}, { LNCLI_PROFILE: "b" }).rpcserver).toBe("b:1");
    expect(resolve({ profile: "a" }, { LNCLI_PROFILE: "b" }).rpcserver).toBe("a:1");
    expect(resolve({}, { LNCLI_PROFILE: "" }).rpcserver).toBe("localhost:10009");
    expect(resolve({ profile: "" }).rpcserver).toBe("localhost:10009");
    expect(() => resolve({ profile: "c" })).toThrow(/profile 'c' not found in file .*profiles\.json/);
  });

  it("noProfiles never reads the profiles file, present or not", async () => {
    expect(resolve({ noProfiles: true }).rpcserver).toBe("localhost:10009");
    await writeProfiles({ name: "a", rpcserver: "a:1" });
    expect(resolve({ noProfiles: true }, { LNCLI_PROFILE: "a" }).rpcserver).toBe("localhost:10009");
  });

  it("--profile without a profiles file is an error", () => {
    expect(() => resolve({ profile: "a" })).toThrow(
      `profile file ${path.join(home, ".lncli", "profiles.json")} does not exist`,
    );
  });

  it("an encrypted macaroon is refused unless --macaroonpath replaces it", async () => {
    await writeProfiles({ name: "p", macaroons: { default: "a", jar: [{ name: "a", data: "snacl:a2V5:ZGF0YQ==" }] } });
    expect(() => resolve({})).toThrow(/encrypted macaroon .*not supported.*--macaroonpath/);
    expect(resolve({ macaroonpath: "/m/admin.macaroon" }).macaroonPath).toBe("/m/admin.macaroon");
  });

  it("a profile's lnddir places the default cert path", async () => {
    await writeProfiles({ name: "p", lnddir: "/p/lnd" });
    expect(resolve({}).tlsCertPath).toBe("/p/lnd/tls.cert");
  });
});

describe("resolveLndSettings network and paths", () => {
  it.each(["mainnet", "testnet", "testnet4", "regtest", "simnet", "signet"])(
    "%s: macaroon under data/chain/bitcoin/%s",
    (network) => {
      const s = resolve({ lnddir: "/x/lnd", network, chain: "litecoin" });
      expect(s.network).toBe(network);
      expect(s.macaroonPath).toBe(`/x/lnd/data/chain/bitcoin/${network}/admin.macaroon`);
    },
  );

  it("lowercases the network as lncli does", () => {
    expect(resolve({ network: "RegTest" }).network).toBe("regtest");
  });

  it.each([
    [{ network: "bitcoin" }, {}, "unknown network: bitcoin"],
    [{}, { LNCLI_NETWORK: "Testnet3" }, "unknown network: testnet3"],
  ] as const)("rejects %j %j", (flags, env, want) => {
    let caught: unknown;
    try {
      resolve(flags, env);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WtclientError);
    expect((caught as WtclientError).rawMessage).toBe(want);
    expect((caught as WtclientError).code).toBe(Code.InvalidArgument);
    expect((caught as WtclientError).reason).toBe("bad-request");
  });

  it("a profile's unknown network is rejected too", async () => {
    await writeProfiles({ name: "p", network: "nope" });
    expect(() => resolve({})).toThrow("unknown network: nope");
  });

  it("--lnddir moves both the cert and the macaroon", () => {
    const s = resolve({ lnddir: "/srv/lnd", network: "regtest" });
    expect(s.tlsCertPath).toBe("/srv/lnd/tls.cert");
    expect(s.macaroonPath).toBe("/srv/lnd/data/chain/bitcoin/regtest/admin.macaroon");
  });

  it("an explicit --tlscertpath wins over --lnddir (lncli would override it)", () => {
    expect(resolve({ lnddir: "/srv/lnd", tlscertpath: "/certs/lnd.pem" }).tlsCertPath).toBe("/certs/lnd.pem");
    expect(resolve({ lnddir: "/srv/lnd" }, { LNCLI_TLSCERTPATH: "/certs/env.pem" }).tlsCertPath).toBe("/certs/env.pem");
  });

  it("an explicit --macaroonpath wins over --lnddir and --network", () => {
    expect(resolve({ lnddir: "/srv/lnd", network: "regtest", macaroonpath: "/m/ro.macaroon" }).macaroonPath).toBe(
      "/m/ro.macaroon",
    );
  });

  it("expands ~ and $VARIABLES and cleans the path as lncfg.CleanAndExpandPath does", () => {
    expect(resolve({ lnddir: "~/nodes/a/" }).lnddir).toBe(path.join(home, "nodes/a"));
    expect(resolve({ tlscertpath: "${NODES}/b//tls.cert" }, { NODES: "/srv" }).tlsCertPath).toBe("/srv/b/tls.cert");
    expect(resolve({ macaroonpath: "$NODES/c/../admin.macaroon" }, { NODES: "/srv" }).macaroonPath).toBe(
      "/srv/admin.macaroon",
    );
  });

  it.each([
    [{ macaroontimeout: -1 }, {}, /--macaroontimeout must be a whole number/],
    [{}, { LNCLI_MACAROONTIMEOUT: "soon" }, /LNCLI_MACAROONTIMEOUT must be a whole number/],
  ] as const)("rejects a bad timeout %j %j", (flags, env, want) => {
    expect(() => resolve(flags, env)).toThrow(want);
  });

  it("takes timeout 0 (no time-before caveat)", () => {
    expect(resolve({ macaroontimeout: 0 }).macaroonTimeoutSeconds).toBe(0);
  });
});

describe("resolveLndSettings lndconnect", () => {
  it("gives both servers, the cert and the macaroon", () => {
    const s = resolve({ lndconnect: formatLndconnect({ host: "::1", port: 10009, cert: pem, macaroon: admin }) });
    expect(s.rpcserver).toBe("[::1]:10009");
    expect(s.restserver).toBe("[::1]:10009");
    expect(s.tlsCert).toBe(pem);
    expect(s.tlsCertPath).toBeUndefined();
    expect(hexOf(s.macaroon!)).toBe(hexOf(admin));
    expect(s.macaroonPath).toBeUndefined();
  });

  it("yields to explicit servers and paths", () => {
    const lndconnect = formatLndconnect({ host: "node.example", port: 10009, cert: pem, macaroon: admin });
    const s = resolve({
      lndconnect,
      rpcserver: "127.0.0.1:10009",
      tlscertpath: "/c/tls.cert",
      macaroonpath: "/m/a.macaroon",
    });
    expect(s).toMatchObject({
      rpcserver: "127.0.0.1:10009",
      restserver: "node.example:10009",
      tlsCertPath: "/c/tls.cert",
      macaroonPath: "/m/a.macaroon",
    });
    expect(s.tlsCert).toBeUndefined();
    expect(s.macaroon).toBeUndefined();
  });

  it("beats a profile, and falls back to <lnddir>/tls.cert without a cert", async () => {
    await writeProfiles({ name: "p", rpcserver: "profile.example:1", tlscert: pem });
    const s = resolve({ lndconnect: formatLndconnect({ host: "link.example", port: 10009, macaroon: admin }) });
    expect(s.rpcserver).toBe("link.example:10009");
    expect(hexOf(s.macaroon!)).toBe(hexOf(admin));
    expect(s.tlsCert).toBeUndefined();
    expect(s.tlsCertPath).toBe(path.join(home, ".lnd", "tls.cert"));
  });

  it("never takes the user's own node settings from LNCLI_* into the URI's node", () => {
    const lndconnect = formatLndconnect({ host: "link.example", port: 10009, cert: pem, macaroon: readonly });
    const s = resolve({ lndconnect }, { LNCLI_RPCSERVER: "own.example:10009", LNCLI_TLSCERTPATH: "/own/tls.cert" });
    expect(s).toMatchObject({ rpcserver: "link.example:10009", tlsCert: pem });
    expect(s.tlsCertPath).toBeUndefined();
    expect(hexOf(s.macaroon!)).toBe(hexOf(readonly));
  });

  it("refuses to send the macaroon of LNCLI_MACAROONPATH to the URI's host, and says how to choose", () => {
    // the URI's host would otherwise get the user's own (admin) macaroon with the URI's cert
    const lndconnect = formatLndconnect({ host: "evil.example", port: 10009, cert: pem, macaroon: readonly });
    const err = (() => {
      try {
        resolve({ lndconnect }, { LNCLI_MACAROONPATH: "/home/u/.lnd/admin.macaroon" });
      } catch (e) {
        return e as WtclientError;
      }
      throw new Error("resolved");
    })();
    expect(err).toBeInstanceOf(WtclientError);
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toMatch(/refusing to send the macaroon of LNCLI_MACAROONPATH to evil\.example:10009/);
    expect(err.hint).toMatch(/unset LNCLI_MACAROONPATH .* or pass --macaroonpath/);
    // named for this call, the file goes where the user says; without a macaroon nothing is sent
    expect(
      resolve({ lndconnect, macaroonpath: "/m/a.macaroon" }, { LNCLI_MACAROONPATH: "/env/x.macaroon" }).macaroonPath,
    ).toBe("/m/a.macaroon");
    expect(resolve({ lndconnect, noMacaroons: true }, { LNCLI_MACAROONPATH: "/env/x.macaroon" }).noMacaroons).toBe(
      true,
    );
  });

  it("a bad URI is an error", () => {
    expect(() => resolve({ lndconnect: "https://x" })).toThrow(/not an lndconnect URI/);
  });
});

describe("loadLndCredentials", () => {
  async function lndDir(network = "regtest") {
    const dir = path.join(home, "lnd");
    const macDir = path.join(dir, "data", "chain", "bitcoin", network);
    await mkdir(macDir, { recursive: true });
    await copyFile(path.join(fixtures, "tls.cert"), path.join(dir, "tls.cert"));
    await copyFile(path.join(fixtures, "admin.macaroon"), path.join(macDir, "admin.macaroon"));
    return dir;
  }

  it("reads tls.cert and admin.macaroon from lnd's layout", async () => {
    const lnddir = await lndDir();
    const creds = await loadLndCredentials(resolve({ lnddir, network: "regtest" }));
    expect(creds.cert).toBe(pem);
    expect(hexOf(creds.macaroon!)).toBe(hexOf(admin));
  });

  it("reads no macaroon with --no-macaroons", async () => {
    const lnddir = await lndDir();
    const creds = await loadLndCredentials(resolve({ lnddir, network: "mainnet", noMacaroons: true }));
    expect(creds).toEqual({ cert: pem });
  });

  it("uses inline credentials without touching files", async () => {
    const creds = await loadLndCredentials(
      resolve({ lndconnect: formatLndconnect({ host: "h", port: 1, cert: pem, macaroon: readonly }) }),
    );
    expect(creds.cert).toBe(pem);
    expect(hexOf(creds.macaroon!)).toBe(hexOf(readonly));
  });

  it("a missing macaroon gives lncli's text and reason macaroon-missing", async () => {
    const lnddir = await lndDir("regtest");
    let caught: unknown;
    try {
      await loadLndCredentials(resolve({ lnddir, network: "testnet" }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WtclientError);
    const err = caught as WtclientError;
    expect(err.rawMessage).toMatch(
      /^could not load global options: unable to read macaroon path \(check the network setting!\): ENOENT: no such file or directory, open '.*testnet[\\/]admin\.macaroon'$/,
    );
    expect(err.reason).toBe("macaroon-missing");
    expect(err.code).toBe(Code.InvalidArgument);
  });

  it("a missing cert names the path and the flags", async () => {
    const lnddir = path.join(home, "empty");
    await expect(loadLndCredentials(resolve({ lnddir }))).rejects.toThrow(
      `could not load TLS cert file ${path.join(lnddir, "tls.cert")}`,
    );
    await expect(loadLndCredentials(resolve({ lnddir }))).rejects.toThrow(/--tlscertpath or --lnddir/);
  });

  it("a corrupt macaroon file names the file, never its bytes", async () => {
    const lnddir = await lndDir();
    const bad = path.join(home, "bad.macaroon");
    await writeFile(bad, admin.subarray(0, 60));
    let caught: unknown;
    try {
      await loadLndCredentials(resolve({ lnddir, macaroonpath: bad }));
    } catch (e) {
      caught = e;
    }
    expect((caught as WtclientError).rawMessage).toMatch(
      /^macaroon file .*bad\.macaroon: malformed binary v2 macaroon/,
    );
    expect((caught as WtclientError).reason).toBe("macaroon-invalid");
    expect((caught as WtclientError).message).not.toContain(hexOf(admin.subarray(0, 30)));
  });
});
