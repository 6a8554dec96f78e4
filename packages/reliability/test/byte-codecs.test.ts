import {
  Base64DecodeError,
  HexDecodeError,
  bytesToBase64,
  bytesToBase64UrlPadded,
  bytesToHex,
  decodeBase64Loose,
  decodeGatewayBytes,
  hexToBytes,
} from "@wtclient/core/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertParserProperty, isHexEncoding, keyText, noisyText } from "../src/index.js";

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Text that Go's padded StdEncoding or URLEncoding decodes (line breaks are skipped by Go's decoder). */
function goDecodesPadded(text: string): boolean {
  const t = text.replace(/[\r\n]/g, "");
  return (
    /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t) ||
    /^([A-Za-z0-9_-]{4})*([A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/.test(t)
  );
}

/** Padded base64 of random bytes in either alphabet, sometimes broken by line breaks. */
const paddedBase64: fc.Arbitrary<{ bytes: Uint8Array; text: string }> = fc
  .tuple(
    fc.uint8Array({ maxLength: 70 }),
    fc.boolean(),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("\n", "\r\n", "\r")), { maxLength: 2 }),
  )
  .map(([bytes, url, breaks]) => {
    let text = url ? bytesToBase64UrlPadded(bytes) : bytesToBase64(bytes);
    for (const [at, br] of breaks)
      text = text.slice(0, at % (text.length + 1)) + br + text.slice(at % (text.length + 1));
    return { bytes, text };
  });

/** Strings over both base64 alphabets, padding and line breaks: near misses of valid base64. */
const base64Soup = fc.string({ unit: fc.constantFrom(...STD, "-", "_", "=", "=", "\n", "\r", " "), maxLength: 60 });

describe("hexToBytes", () => {
  it("decodes hex like Go's hex.DecodeString and refuses anything else with Go's texts", () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 70 }).chain((b) => fc.mixedCase(fc.constant(bytesToHex(b)))),
      noisyText(),
    );
    const counts = assertParserProperty({
      name: "hexToBytes",
      input,
      parse: (text) => hexToBytes(text),
      own: [HexDecodeError],
      checkValue: (text, value) => expect(bytesToHex(value)).toBe(text.toLowerCase()),
      checkError: (text, error) => {
        expect(error.message).toMatch(
          /^encoding\/hex: (odd length hex string|invalid byte: U\+[0-9A-F]{4}( '.+')?)$/su,
        );
        expect(/^([0-9a-fA-F]{2})*$/.test(text), `valid hex refused: ${error.message}`).toBe(false);
      },
    });
    expect(counts.values).toBeGreaterThan(1000);
    expect(counts.errors).toBeGreaterThan(1000);
  });
});

describe("decodeGatewayBytes", () => {
  it("decodes exactly what Go's padded base64 decodes, and names the offending byte otherwise", () => {
    const input = fc.oneof(
      paddedBase64.map((p) => p.text),
      base64Soup,
      noisyText(),
    );
    const counts = assertParserProperty({
      name: "decodeGatewayBytes",
      input,
      parse: (text) => decodeGatewayBytes(text),
      own: [Base64DecodeError],
      checkValue: (text, value) => {
        expect(goDecodesPadded(text), "Go refuses this text").toBe(true);
        const std = text
          .replace(/[\r\n]/g, "")
          .replace(/-/g, "+")
          .replace(/_/g, "/");
        expect(bytesToHex(value)).toBe(Buffer.from(std, "base64").toString("hex"));
      },
      checkError: (text, error) => {
        expect(goDecodesPadded(text), `Go decodes this text: ${error.message}`).toBe(false);
        expect(error.message).toMatch(/^illegal base64 data at input byte \d+$/);
        const offset = (error as Base64DecodeError).offset;
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThanOrEqual(Buffer.byteLength(text));
      },
    });
    expect(counts.values).toBeGreaterThan(3000);
    expect(counts.errors).toBeGreaterThan(3000);
  });

  it("round-trips random bytes through both padded alphabets", () => {
    assertParserProperty({
      name: "decodeGatewayBytes",
      input: paddedBase64,
      parse: (p) => decodeGatewayBytes(p.text),
      own: [Base64DecodeError],
      checkValue: (p, value) => expect(bytesToHex(value)).toBe(bytesToHex(p.bytes)),
      checkError: (p, error) => expect.fail(`padded base64 ${JSON.stringify(p.text)} refused: ${error.message}`),
    });
  });
});

describe("decodeBase64Loose", () => {
  it("reads base64 of random bytes in any alphabet, padded or not, and never throws", () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 70 }).chain((bytes) =>
        keyText(bytes)
          .filter((t) => !isHexEncoding(t.encoding))
          .map((t) => ({ bytes, text: t.text })),
      ),
      fc.oneof(base64Soup, noisyText()).map((text) => ({ bytes: undefined, text })),
    );
    const counts = assertParserProperty({
      name: "decodeBase64Loose",
      input,
      parse: (x) => decodeBase64Loose(x.text),
      own: [],
      checkValue: (x, value) => {
        if (x.bytes !== undefined)
          expect(value === undefined ? undefined : bytesToHex(value)).toBe(bytesToHex(x.bytes));
      },
    });
    expect(counts.values).toBe(10_000);
  });
});
