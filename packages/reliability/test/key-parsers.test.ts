import { Code } from "@connectrpc/connect";
import { WtclientError, toKeyBytes, type KeyKind } from "@wtclient/core";
import { PubKeyError, bytesToHex, decodeKeyText, parsePubKey, uncompressPubKey } from "@wtclient/core/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assertParserProperty,
  isHexEncoding,
  keyText,
  mutatedBytes,
  noisyText,
  opensslUncompressed,
  readsAsHex,
  secp256k1Key,
} from "../src/index.js";

const kinds: readonly KeyKind[] = ["session ID", "public key"];
const kind = fc.constantFrom(...kinds);

/** Every error of a key parser says the key is invalid, in lnd's words. */
function expectInvalidKey(error: Error): void {
  expect(error).toBeInstanceOf(WtclientError);
  expect((error as WtclientError).reason).toBe("invalid-key");
  expect((error as WtclientError).rawMessage).toMatch(
    /^(invalid session ID: |invalid public key: |malformed public key: )/,
  );
}

/** 33- and 65-byte strings near valid keys (fresh keys, damaged keys, other prefixes) and random bytes of any length. */
const keyLikeBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  secp256k1Key().map((k) => k.compressed),
  secp256k1Key().map((k) => k.uncompressed),
  secp256k1Key().chain((k) => mutatedBytes(k.compressed)),
  secp256k1Key().chain((k) => mutatedBytes(k.uncompressed)),
  // hybrid keys (0x06 even y, 0x07 odd y), with the parity right or wrong
  fc.tuple(secp256k1Key(), fc.boolean()).map(([k, right]) => {
    const hybrid = k.uncompressed.slice();
    hybrid[0] = 0x06 + ((k.uncompressed[64]! & 1) ^ (right ? 0 : 1));
    return hybrid;
  }),
  fc
    .tuple(
      fc.constantFrom(0x02, 0x03, 0x04, 0x06, 0x07, 0x00, 0x05, 0xff),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
    )
    .map(([prefix, x]) => Uint8Array.of(prefix, ...x)),
  fc
    .tuple(fc.constantFrom(0x04, 0x06, 0x07, 0x02), fc.uint8Array({ minLength: 64, maxLength: 64 }))
    .map(([prefix, xy]) => Uint8Array.of(prefix, ...xy)),
  fc.uint8Array({ maxLength: 100 }),
);

describe("decodeKeyText", () => {
  it("reads random ids in every accepted encoding back to their bytes", () => {
    const input = fc
      .tuple(fc.uint8Array({ maxLength: 70 }), kind)
      .chain(([bytes, k]) => keyText(bytes).map((t) => ({ bytes, kind: k, ...t })));
    const counts = assertParserProperty({
      name: "decodeKeyText",
      input,
      parse: (x) => decodeKeyText(x.text, x.kind),
      own: [WtclientError],
      checkValue: (x, value) => {
        // base64 that happens to be all hex digits is read as hex, as lncli reads it
        const hexAlias = !isHexEncoding(x.encoding) && readsAsHex(x.text);
        expect(bytesToHex(value)).toBe(hexAlias ? x.text.trim().toLowerCase() : bytesToHex(x.bytes));
      },
      checkError: (x, error) => {
        expect(
          !isHexEncoding(x.encoding) && readsAsHex(x.text),
          `only base64 read as odd-length hex may fail: ${error.message}`,
        ).toBe(true);
        expectInvalidKey(error);
      },
    });
    expect(counts.values).toBeGreaterThan(9000);
  });

  it("answers random text with bytes or an invalid-key WtclientError", () => {
    const counts = assertParserProperty({
      name: "decodeKeyText",
      input: fc.tuple(noisyText(), kind),
      parse: ([text, k]) => decodeKeyText(text, k),
      own: [WtclientError],
      checkValue: ([text], value) => {
        if (readsAsHex(text)) expect(bytesToHex(value)).toBe(text.trim().toLowerCase());
      },
      checkError: ([, k], error) => {
        expectInvalidKey(error);
        expect((error as WtclientError).rawMessage).toContain(
          k === "session ID" ? "invalid session ID: encoding/hex: " : "invalid public key: encoding/hex: ",
        );
      },
    });
    expect(counts.values).toBeGreaterThan(100);
    expect(counts.errors).toBeGreaterThan(100);
  });
});

describe("toKeyBytes", () => {
  it("accepts every valid key, compressed or not, as bytes or in any text encoding", () => {
    const input = fc.tuple(secp256k1Key(), fc.boolean(), kind, fc.boolean()).chain(([key, compressed, k, asBytes]) => {
      const bytes = compressed ? key.compressed : key.uncompressed;
      return (asBytes ? fc.constant(bytes) : keyText(bytes).map((t) => t.text)).map((given) => ({
        bytes,
        kind: k,
        given,
      }));
    });
    assertParserProperty({
      name: "toKeyBytes",
      input,
      parse: (x) => toKeyBytes(x.given, x.kind),
      own: [WtclientError],
      checkValue: (x, value) => expect(bytesToHex(value)).toBe(bytesToHex(x.bytes)),
      checkError: (_, error) => expect.fail(`a valid key was refused: ${error.message}`),
    });
  });

  it("answers random keys and text with the key or an invalid-key WtclientError, as OpenSSL judges the point", () => {
    const input = fc.tuple(
      fc.oneof(
        keyLikeBytes,
        noisyText(),
        keyLikeBytes.map((b) => bytesToHex(b)),
      ),
      kind,
    );
    const counts = assertParserProperty({
      name: "toKeyBytes",
      input,
      parse: ([given, k]) => toKeyBytes(given, k),
      own: [WtclientError],
      checkValue: (_, value) =>
        expect(opensslUncompressed(value), `OpenSSL refuses ${bytesToHex(value)}`).toBeDefined(),
      checkError: (_, error) => {
        expectInvalidKey(error);
        expect([Code.InvalidArgument, Code.Unknown]).toContain((error as WtclientError).code);
      },
    });
    expect(counts.values).toBeGreaterThan(100);
    expect(counts.errors).toBeGreaterThan(100);
  });
});

describe("parsePubKey", () => {
  it("accepts exactly the 33- and 65-byte keys OpenSSL accepts, and no other length", () => {
    const counts = assertParserProperty({
      name: "parsePubKey",
      input: keyLikeBytes,
      parse: (bytes) => parsePubKey(bytes),
      own: [PubKeyError],
      checkValue: (bytes, key) => {
        const openssl = opensslUncompressed(bytes);
        expect(openssl, `OpenSSL refuses ${bytesToHex(bytes)}`).toBeDefined();
        expect(bytesToHex(uncompressPubKey(bytes))).toBe(bytesToHex(openssl!));
        expect(bytesToHex(key.compressed)).toBe(bytesToHex(opensslCompressed(openssl!)));
      },
      checkError: (bytes, error) => {
        if (bytes.length === 33 || bytes.length === 65)
          expect(opensslUncompressed(bytes), `OpenSSL accepts ${bytesToHex(bytes)}: ${error.message}`).toBeUndefined();
        else expect(error.message).toBe(`malformed public key: invalid length: ${bytes.length}`);
        expect(error.message).toMatch(/^(invalid public key: |malformed public key: )/);
      },
    });
    expect(counts.values).toBeGreaterThan(1000);
    expect(counts.errors).toBeGreaterThan(1000);
  });
});

function opensslCompressed(uncompressed: Uint8Array): Uint8Array {
  return Uint8Array.of(0x02 + (uncompressed[64]! & 1), ...uncompressed.subarray(1, 33));
}
