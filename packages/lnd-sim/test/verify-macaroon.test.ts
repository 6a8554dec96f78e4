import { importMacaroon, newMacaroon } from "macaroon";
import { describe, expect, it } from "vitest";
import { adminOps, invoiceOps, readonlyOps, type Permission } from "../src/lnd-permissions.js";
import { bakeMacaroon } from "../src/macaroon-files.js";
import { encodeMacaroonId } from "../src/macaroon-id.js";
import { macaroonFailure, macaroonSignature } from "../src/verify-macaroon.js";

const rootKey = new Uint8Array(32).fill(7);
const admin = bakeMacaroon(rootKey, adminOps);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const write: Permission = { entity: "offchain", action: "write" };
const read: Permission = { entity: "offchain", action: "read" };
const terminate = "/wtclientrpc.WatchtowerClient/TerminateSession";

function withCaveat(base: Uint8Array, ...caveats: string[]): Uint8Array {
  const m = importMacaroon(base);
  for (const c of caveats) m.addFirstPartyCaveat(c);
  return m.exportBinary();
}

function check(values: string[], permission = write, peerIp = "127.0.0.1"): string | undefined {
  return macaroonFailure({ values, permission, fullMethod: terminate, peerIp }, (id) =>
    id === "0" ? rootKey : undefined,
  );
}

describe("macaroonSignature", () => {
  it("matches the npm macaroon library's chain (go-macaroon's key derivation)", () => {
    const m = importMacaroon(withCaveat(admin, "ipaddr 1.2.3.4", "time-before 2030-01-01T00:00:00Z"));
    const sig = macaroonSignature(
      rootKey,
      m.identifier,
      m.caveats.map((c) => c.identifier),
    );
    expect(hex(sig)).toBe(hex(m.signature));
  });
});

describe("macaroonFailure (lnd's ValidateMacaroon)", () => {
  const future = new Date(Date.now() + 3_600_000).toISOString();
  const past = new Date(Date.now() - 3_600_000).toISOString();
  const uriOnly = newMacaroon({
    identifier: encodeMacaroonId({
      nonce: new Uint8Array(16),
      storageId: "0",
      ops: [{ entity: "uri", actions: [terminate] }],
    }),
    location: "lnd",
    rootKey,
  }).exportBinary();
  const otherRootId = newMacaroon({
    identifier: encodeMacaroonId({ nonce: new Uint8Array(16), storageId: "1", ops: adminOps }),
    location: "lnd",
    rootKey,
  }).exportBinary();
  const flipped = new Uint8Array(admin);
  flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
  const foreign = bakeMacaroon(new Uint8Array(32).fill(9), adminOps);

  it.each<[string, string[], Permission, string | undefined]>([
    ["admin may write", [hex(admin)], write, undefined],
    ["admin may read", [hex(admin)], read, undefined],
    ["readonly may read", [hex(bakeMacaroon(rootKey, readonlyOps))], read, undefined],
    ["readonly may not write", [hex(bakeMacaroon(rootKey, readonlyOps))], write, "permission denied"],
    ["invoice may not read offchain", [hex(bakeMacaroon(rootKey, invoiceOps))], read, "permission denied"],
    ["uri permission grants its method", [hex(uriOnly)], write, undefined],
    ["no macaroon", [], write, "expected 1 macaroon, got 0"],
    ["two macaroons", [hex(admin), hex(admin)], write, "expected 1 macaroon, got 2"],
    ["not hex", ["zz"], write, "encoding/hex: invalid byte: U+007A 'z'"],
    ["odd hex", ["abc"], write, "encoding/hex: odd length hex string"],
    ["truncated", ["0201"], write, "unmarshal v2: varint value extends past end of buffer"],
    ["not a macaroon", ["00112233"], write, "cannot determine data format of binary-encoded macaroon"],
    ["flipped signature", [hex(flipped)], write, "verification failed: signature mismatch after caveat verification"],
    ["another root key", [hex(foreign)], write, "verification failed: signature mismatch after caveat verification"],
    [
      "unknown root key id",
      [hex(otherRootId)],
      write,
      "cannot retrieve macaroon: cannot get macaroon: root key with id 1 doesn't exist",
    ],
    ["time-before in the future", [hex(withCaveat(admin, `time-before ${future}`))], write, undefined],
    [
      "expired",
      [hex(withCaveat(admin, `time-before ${past}`))],
      write,
      `caveat "time-before ${past}" not satisfied: macaroon has expired`,
    ],
    ["ipaddr match", [hex(withCaveat(admin, "ipaddr 127.0.0.1"))], write, undefined],
    [
      "ipaddr other",
      [hex(withCaveat(admin, "ipaddr 192.0.2.99"))],
      write,
      'caveat "ipaddr 192.0.2.99" not satisfied: macaroon locked to different IP address',
    ],
    ["iprange match", [hex(withCaveat(admin, "iprange 127.0.0.0/8"))], write, undefined],
    [
      "iprange other",
      [hex(withCaveat(admin, "iprange 192.0.2.0/24"))],
      write,
      'caveat "iprange 192.0.2.0/24" not satisfied: macaroon locked to different IP range',
    ],
    [
      "unknown caveat",
      [hex(withCaveat(admin, "color blue"))],
      write,
      'caveat "color blue" not satisfied: caveat not recognized',
    ],
    [
      "first failing caveat wins",
      [hex(withCaveat(admin, "ipaddr 10.0.0.1", `time-before ${past}`))],
      write,
      'caveat "ipaddr 10.0.0.1" not satisfied: macaroon locked to different IP address',
    ],
  ])("%s", (_name, values, permission, expected) => {
    expect(check(values, permission)).toBe(expected);
  });

  it("compares IPv4-mapped peer addresses like Go's net.IP.Equal", () => {
    expect(check([hex(withCaveat(admin, "ipaddr 127.0.0.1"))], write, "::ffff:127.0.0.1")).toBeUndefined();
  });

  it("rejects a v1 macaroon with lnd's version error", () => {
    // go-macaroon v1 packets: 4 hex digits of total size, "name value\n"
    const packet = (name: string, data: Buffer): Buffer => {
      const body = Buffer.concat([Buffer.from(`${name} `), data, Buffer.from("\n")]);
      return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, "0")), body]);
    };
    const v1 = Buffer.concat([
      packet("location", Buffer.from("lnd")),
      packet("identifier", Buffer.from("id")),
      packet("signature", Buffer.alloc(32)),
    ]);
    expect(check([v1.toString("hex")])).toBe("unknown macaroon version: v1");
  });

  it("rejects an identifier that is not bakery Version3", () => {
    const v2id = newMacaroon({ identifier: "\x02abc", location: "lnd", rootKey }).exportBinary();
    expect(check([hex(v2id)])).toBe("invalid ID");
  });
});
