import { demoKey } from "@wtclient/lnd-sim";
import { describe, expect, it } from "vitest";
import { parseTowerText } from "./parse-tower-text.js";

const key = demoKey("tower/alpha");
// the x of a compressed key that is not on the curve (x = 5: 5³ + 7 = 132 has no square root mod p)
const offCurve = `02${"0".repeat(63)}5`;

describe("parseTowerText (the add form)", () => {
  it.each([
    [`${key}@203.0.113.10:9911`, { ok: true, address: "203.0.113.10:9911" }],
    [`  ${key.toUpperCase()}@tower.example  `, { ok: true, address: "tower.example" }],
    [`${key}@[2001:db8::7]:9911`, { ok: true, address: "[2001:db8::7]:9911" }],
    [key, { ok: false, error: "expected tower of format pubkey@address" }],
    [`${key}@a@b`, { ok: false, error: "expected tower of format pubkey@address" }],
    [`${key}@`, { ok: false, error: "give the tower's host[:port] after the @" }],
    [`${key.slice(0, 65)}@host`, { ok: false, error: "invalid public key: encoding/hex: odd length hex string" }],
    [`${key.slice(0, 64)}zz@host`, { ok: false, error: "invalid public key: encoding/hex: invalid byte: U+007A 'z'" }],
    [`${key.slice(0, 64)}@host`, { ok: false, error: "malformed public key: invalid length: 32" }],
    [`05${key.slice(2)}@host`, { ok: false, error: "invalid public key: unsupported format: 5" }],
    [
      `${offCurve}@host`,
      { ok: false, error: `invalid public key: x coordinate ${offCurve.slice(2)} is not on the secp256k1 curve` },
    ],
  ])("%s", (text, expected) => {
    const parsed = parseTowerText(text);
    expect(parsed).toMatchObject(expected);
    if (parsed.ok) expect(Buffer.from(parsed.pubkey).toString("hex")).toBe(key);
  });
});
