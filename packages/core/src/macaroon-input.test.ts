import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WtclientError } from "./wtclient-error.js";
import { toMacaroonBytes } from "./macaroon-input.js";
import { fixtureDir } from "@wtclient/lnd-fixtures";

const fixtures = fixtureDir;
const admin = new Uint8Array(readFileSync(path.join(fixtures, "admin.macaroon")));
const hex = Buffer.from(admin).toString("hex");
const std = Buffer.from(admin).toString("base64");

describe("toMacaroonBytes", () => {
  it.each([
    ["bytes", admin],
    ["lowercase hex", hex],
    ["uppercase hex", hex.toUpperCase()],
    ["hex with surrounding whitespace", `  ${hex}\n`],
    ["standard base64, padded", std],
    ["standard base64, unpadded", std.replace(/=+$/, "")],
    ["URL-safe base64, unpadded", Buffer.from(admin).toString("base64url")],
    ["URL-safe base64, padded", std.replace(/\+/g, "-").replace(/\//g, "_")],
  ] as const)("accepts %s", (_, input) => {
    expect(Buffer.from(toMacaroonBytes(input)).equals(Buffer.from(admin))).toBe(true);
  });

  it("lnd macaroons are base64 'AgEDbG5k...'", () => {
    expect(std.startsWith("AgEDbG5k")).toBe(true);
  });

  it.each([
    ["empty text", "", /macaroon is empty/],
    ["empty bytes", new Uint8Array(), /macaroon is empty/],
    ["odd-length hex", hex.slice(1), /not valid hex: odd length/],
    ["neither hex nor base64", `${hex.slice(0, 20)}!?`, /neither hex nor base64/],
    [
      "a v1-style first byte",
      Uint8Array.from([0x01, ...admin.subarray(1)]),
      /not a binary v2 macaroon: first byte is 0x01, want 0x02/,
    ],
    ["truncated bytes", admin.subarray(0, admin.length - 5), /malformed binary v2 macaroon/],
    ["trailing garbage", Uint8Array.from([...admin, 0x00, 0x01]), /malformed binary v2 macaroon/],
  ] as const)("rejects %s with a clear error that does not echo the input", (_, input, want) => {
    let caught: unknown;
    try {
      toMacaroonBytes(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WtclientError);
    const err = caught as WtclientError;
    expect(err.rawMessage).toMatch(want);
    expect(err.reason).toBe("macaroon-invalid");
    expect(err.message).not.toContain(hex.slice(0, 40));
    expect(err.message).not.toContain(std.slice(8, 48));
  });
});
