import { createECDH } from "node:crypto";
import { parsePubKey } from "@wtclient/core/internal";
import { describe, expect, it } from "vitest";
import { checkPubKey } from "./check-pub-key.js";

/** The library's verdict (OpenSSL decides the curve): undefined or lnd's text. */
function libraryVerdict(bytes: Uint8Array): string | undefined {
  try {
    parsePubKey(bytes);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

// a seeded generator: the same cases on every run
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

const P = Buffer.from("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", "hex");

describe("checkPubKey (the console's browser-safe key check)", () => {
  it("gives the library's answer, with lnd's text, for real keys in every form and for 5,000 mutated ones", () => {
    const next = xorshift(0x5eed);
    const byte = () => Math.floor(next() * 256);
    const cases: Uint8Array[] = [];
    for (let i = 0; i < 200; i++) {
      const ecdh = createECDH("secp256k1");
      ecdh.generateKeys();
      const compressed = ecdh.getPublicKey(null, "compressed");
      const uncompressed = ecdh.getPublicKey(null, "uncompressed");
      const hybrid = Buffer.from(uncompressed);
      hybrid[0] = uncompressed[64]! & 1 ? 0x07 : 0x06;
      const wrongHybrid = Buffer.from(hybrid);
      wrongHybrid[0] = hybrid[0]! ^ 1;
      cases.push(compressed, uncompressed, hybrid, wrongHybrid);
    }
    // x (and y) at or past the field prime, and the all-zero x
    cases.push(
      Buffer.concat([Buffer.of(2), P]),
      Buffer.concat([Buffer.of(3), Buffer.alloc(32, 0xff)]),
      Buffer.concat([Buffer.of(2), Buffer.alloc(32)]),
    );
    cases.push(
      Buffer.concat([Buffer.of(4), Buffer.alloc(32, 1), P]),
      Buffer.concat([Buffer.of(4), P, Buffer.alloc(32, 1)]),
    );
    for (let i = 0; i < 5000; i++) {
      const base = cases[Math.floor(next() * 800)]!;
      const mutated = Buffer.from(base);
      const kind = next();
      if (kind < 0.4) mutated[Math.floor(next() * mutated.length)] = byte();
      else if (kind < 0.55) mutated[0] = [0, 1, 2, 3, 4, 5, 6, 7, 8, byte()][Math.floor(next() * 10)]!;
      else if (kind < 0.7) cases.push(mutated.subarray(0, Math.floor(next() * mutated.length)));
      else cases.push(Buffer.from(Array.from({ length: [33, 65, 32, 66][Math.floor(next() * 4)]! }, byte)));
      cases.push(mutated);
    }
    let valid = 0;
    for (const bytes of cases) {
      const expected = libraryVerdict(bytes);
      if (expected === undefined) valid++;
      expect(checkPubKey(bytes), Buffer.from(bytes).toString("hex")).toBe(expected);
    }
    // both verdicts occur in numbers: the comparison is not one-sided
    expect(valid).toBeGreaterThan(600);
    expect(cases.length - valid).toBeGreaterThan(3000);
  });
});
