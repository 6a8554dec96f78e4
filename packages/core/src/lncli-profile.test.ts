import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lncliProfileFile, loadLncliProfile, profileMacaroon } from "./lncli-profile.js";
import type { LncliProfile } from "./lncli-profile.js";
import { fixtureDir } from "@wtclient/lnd-fixtures";

const fixtures = fixtureDir;
const pem = readFileSync(path.join(fixtures, "tls.cert"), "utf8");
const adminHex = readFileSync(path.join(fixtures, "admin.macaroon")).toString("hex");
const readonlyHex = readFileSync(path.join(fixtures, "readonly.macaroon")).toString("hex");

const alice = {
  name: "alice",
  rpcserver: "alice.example:10009",
  lnddir: "/srv/alice/.lnd",
  network: "regtest",
  "no-macaroons": false,
  tlscert: pem,
  macaroons: {
    default: "admin",
    timeout: 30,
    ip: "127.0.0.1",
    jar: [
      { name: "admin", data: adminHex },
      { name: "readonly", data: readonlyHex },
    ],
  },
};
const bob = {
  name: "bob",
  rpcserver: "bob.example:10009",
  network: "testnet",
  macaroons: { default: "admin", jar: [] },
};

describe("loadLncliProfile", () => {
  let home: string;
  let file: string;
  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "wtclient-home-"));
    file = lncliProfileFile("linux", home, {});
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });
  const write = async (content: unknown) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  };

  it("lives in ~/.lncli/profiles.json on Linux", () => {
    expect(file).toBe(path.join(home, ".lncli", "profiles.json"));
  });

  it("no file and no --profile: flags only", () => {
    expect(loadLncliProfile(undefined, file)).toBeUndefined();
  });

  it.each(["alice", ""])("no file but --profile %j: error (lncli checks the file first)", (name) => {
    expect(() => loadLncliProfile(name, file)).toThrow(`profile file ${file} does not exist`);
  });

  it('--profile "" switches a default profile off', async () => {
    await write({ default: "alice", profiles: [alice] });
    expect(loadLncliProfile("", file)).toBeUndefined();
  });

  it("no --profile and no default: flags only", async () => {
    await write({ profiles: [alice, bob] });
    expect(loadLncliProfile(undefined, file)).toBeUndefined();
  });

  it("no --profile: the default profile", async () => {
    await write({ default: "bob", profiles: [alice, bob] });
    expect(loadLncliProfile(undefined, file)).toMatchObject({
      name: "bob",
      rpcserver: "bob.example:10009",
      network: "testnet",
      noMacaroons: false,
    });
  });

  it("--profile picks a profile over the default, with all its fields", async () => {
    await write({ default: "bob", profiles: [alice, bob] });
    const p = loadLncliProfile("alice", file);
    expect(p).toEqual({
      name: "alice",
      file,
      rpcserver: "alice.example:10009",
      lnddir: "/srv/alice/.lnd",
      network: "regtest",
      noMacaroons: false,
      tlsCert: pem,
      macaroons: {
        default: "admin",
        timeout: 30,
        ip: "127.0.0.1",
        jar: [
          { name: "admin", data: adminHex },
          { name: "readonly", data: readonlyHex },
        ],
      },
    });
  });

  it.each([
    ["an unknown --profile", "carol", { default: "bob", profiles: [alice, bob] }],
    ["an unknown default", undefined, { default: "carol", profiles: [alice] }],
  ])("%s: error", async (_, name, content) => {
    await write(content);
    expect(() => loadLncliProfile(name, file)).toThrow(`profile 'carol' not found in file ${file}`);
  });

  it.each([
    ["not JSON", "{", /could not read profile file .*profiles\.json: /],
    ["profiles not an array", { profiles: {} }, /profiles must be an array/],
    [
      "a field of the wrong type",
      { profiles: [{ name: "x", rpcserver: 10009 }] },
      /profiles\[0\]\.rpcserver must be a string/,
    ],
  ])("a broken file (%s): error", async (_, content, want) => {
    await write(content);
    expect(() => loadLncliProfile("x", file)).toThrow(want);
  });
});

describe("profileMacaroon", () => {
  const base: LncliProfile = { name: "p", file: "f", noMacaroons: false };
  const withJar = (def: string | undefined, jar: { name: string; data: string }[]): LncliProfile => ({
    ...base,
    macaroons: { default: def, jar },
  });

  it("decodes the jar's default macaroon", () => {
    const mac = profileMacaroon(
      withJar("readonly", [
        { name: "admin", data: adminHex },
        { name: "readonly", data: readonlyHex },
      ]),
    );
    expect(Buffer.from(mac).toString("hex")).toBe(readonlyHex);
  });

  it.each([
    ["no jar", base, /profile 'p' has no macaroons/],
    ["an empty jar", withJar("admin", []), /profile 'p' has no macaroons/],
    [
      "a missing default",
      withJar("gone", [{ name: "admin", data: adminHex }]),
      /macaroon with name 'gone' not found in profile/,
    ],
    ["empty data", withJar("admin", [{ name: "admin", data: " " }]), /macaroon data is empty/],
    [
      "an encrypted macaroon",
      withJar("admin", [{ name: "admin", data: "snacl:a2V5:ZGF0YQ==" }]),
      /encrypted macaroon.*not supported.*--macaroonpath/,
    ],
    [
      "bad hex",
      withJar("admin", [{ name: "admin", data: "0201zz" }]),
      /unable to hex decode macaroon: encoding\/hex: invalid byte/,
    ],
    ["not a macaroon", withJar("admin", [{ name: "admin", data: "0102" }]), /not a binary v2 macaroon/],
  ])("%s: error", (_, profile, want) => {
    expect(() => profileMacaroon(profile)).toThrow(want);
  });
});
