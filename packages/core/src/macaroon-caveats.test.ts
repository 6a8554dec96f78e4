import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { importMacaroon, newMacaroon } from "macaroon";
import { describe, expect, it } from "vitest";
import { constrainMacaroon, describeMacaroon } from "./macaroon-caveats.js";
import { fixtureDir } from "@wtclient/lnd-fixtures";

const fixtures = fixtureDir;
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, `${name}.macaroon`)));

function actionsOf(mac: Uint8Array, entity: string): string[] | undefined {
  return describeMacaroon(mac).permissions.find((p) => p.entity === entity)?.actions;
}

/** An lnd-style identifier: 0x03 then MacaroonId{nonce=1, storageId=2, ops=3}. */
function lndIdentifier(ops: { entity: string; actions: string[] }[]): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).bytes(randomBytes(16));
  w.tag(2, WireType.LengthDelimited).bytes(new TextEncoder().encode("0"));
  for (const op of ops) {
    w.tag(3, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).string(op.entity);
    for (const a of op.actions) w.tag(2, WireType.LengthDelimited).string(a);
    w.join();
  }
  return Uint8Array.from([0x03, ...w.finish()]);
}

const now = new Date("2026-11-26T22:55:26.280Z");

describe("describeMacaroon on lnd v0.19.3's macaroons", () => {
  it("admin: location lnd, offchain read+write, no caveats", () => {
    const d = describeMacaroon(fixture("admin"));
    expect(d.location).toBe("lnd");
    expect(d.caveats).toEqual([]);
    expect(actionsOf(fixture("admin"), "offchain")?.sort()).toEqual(["read", "write"]);
    expect(d.permissions.length).toBeGreaterThan(5);
  });

  it("readonly: offchain read only", () => {
    expect(describeMacaroon(fixture("readonly")).location).toBe("lnd");
    expect(actionsOf(fixture("readonly"), "offchain")).toEqual(["read"]);
  });

  it("invoice: no offchain permission", () => {
    expect(describeMacaroon(fixture("invoice")).location).toBe("lnd");
    expect(actionsOf(fixture("invoice"), "offchain")).toBeUndefined();
    expect(actionsOf(fixture("invoice"), "invoices")).toContain("write");
  });

  it("rejects a macaroon whose identifier is not lnd's", () => {
    const foreign = newMacaroon({ identifier: "plain id", location: "x", rootKey: randomBytes(32) }).exportBinary();
    expect(() => describeMacaroon(foreign)).toThrow(/not lnd's/);
  });
});

describe("constrainMacaroon", () => {
  it.each(["admin", "readonly", "invoice"])("%s: adds time-before and ipaddr caveats and re-signs", (name) => {
    const original = fixture(name);
    const constrained = constrainMacaroon(original, { timeoutSeconds: 60, ip: "127.0.0.1", now });
    expect(constrained[0]).toBe(0x02);
    const d = describeMacaroon(constrained);
    expect(d.caveats).toEqual(["time-before 2026-11-26T22:56:26.280Z", "ipaddr 127.0.0.1"]);
    expect(d.permissions).toEqual(describeMacaroon(original).permissions);
    const before = importMacaroon(original);
    const after = importMacaroon(constrained);
    expect(Buffer.from(after.identifier).equals(Buffer.from(before.identifier))).toBe(true);
    expect(Buffer.from(after.signature).equals(Buffer.from(before.signature))).toBe(false);
    // the input is not modified
    expect(describeMacaroon(original).caveats).toEqual([]);
  });

  it("defaults to a 60 s timeout and adds no ipaddr without an ip", () => {
    expect(describeMacaroon(constrainMacaroon(fixture("admin"), { now })).caveats).toEqual([
      "time-before 2026-11-26T22:56:26.280Z",
    ]);
  });

  it("adds no time-before caveat for timeout 0", () => {
    const mac = fixture("admin");
    expect(describeMacaroon(constrainMacaroon(mac, { timeoutSeconds: 0, now })).caveats).toEqual([]);
    expect(describeMacaroon(constrainMacaroon(mac, { timeoutSeconds: 0, ip: "::1" })).caveats).toEqual(["ipaddr ::1"]);
  });

  it("keeps caveats already present", () => {
    const once = constrainMacaroon(fixture("admin"), { timeoutSeconds: 10, now });
    const twice = constrainMacaroon(once, { timeoutSeconds: 20, now });
    expect(describeMacaroon(twice).caveats).toEqual([
      "time-before 2026-11-26T22:55:36.280Z",
      "time-before 2026-11-26T22:55:46.280Z",
    ]);
  });

  it("produces a signature chain that verifies against the root key", () => {
    const rootKey = randomBytes(32);
    const base = newMacaroon({
      identifier: lndIdentifier([{ entity: "offchain", actions: ["read", "write"] }]),
      location: "lnd",
      rootKey,
    });
    const constrained = constrainMacaroon(base.exportBinary(), { timeoutSeconds: 30, ip: "192.0.2.7", now });
    const seen: string[] = [];
    importMacaroon(constrained).verify(rootKey, (cond) => {
      seen.push(cond);
      return null;
    });
    expect(seen).toEqual(["time-before 2026-11-26T22:55:56.280Z", "ipaddr 192.0.2.7"]);
    expect(() => importMacaroon(constrained).verify(randomBytes(32), () => null)).toThrow(/signature mismatch/);
    expect(describeMacaroon(constrained).permissions).toEqual([{ entity: "offchain", actions: ["read", "write"] }]);
  });

  it.each([
    [{ timeoutSeconds: -1 }, /whole number of seconds/],
    [{ timeoutSeconds: 1.5 }, /whole number of seconds/],
    [{ ip: "localhost" }, /incorrect macaroon IP-lock address/],
    [{ ip: "fe80::1%eth0" }, /incorrect macaroon IP-lock address/],
  ])("rejects %j", (opts, want) => {
    expect(() => constrainMacaroon(fixture("admin"), opts)).toThrow(want);
  });

  it("rejects a non-v2 blob", () => {
    expect(() => constrainMacaroon(Uint8Array.from([1, 2, 3]))).toThrow(/not a binary v2 macaroon/);
  });
});

describe("describeMacaroon on a damaged identifier", () => {
  it("names the protobuf problem", () => {
    const mac = newMacaroon({
      identifier: Uint8Array.from([0x03, 0x1a, 0x05, 0x0a]),
      location: "lnd",
      rootKey: randomBytes(32),
    });
    expect(() => describeMacaroon(mac.exportBinary())).toThrow(/not lnd's: bad protobuf/);
  });
});
