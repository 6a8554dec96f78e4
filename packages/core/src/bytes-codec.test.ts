import { describe, expect, it } from "vitest";
import {
  bytesToBase64,
  bytesToBase64UrlPadded,
  bytesToHex,
  decodeBase64Loose,
  decodeGatewayBytes,
  hexToBytes,
} from "./bytes-codec.js";

const id = "031b25dc3cd22ff5f30cfdce55130c47cd1fcd428d7d105a6a36a7b5838ee7ae89";

describe("hexToBytes (Go encoding/hex)", () => {
  it.each([
    ["zz", "encoding/hex: invalid byte: U+007A 'z'"],
    ["abc", "encoding/hex: odd length hex string"],
    ["abz", "encoding/hex: invalid byte: U+007A 'z'"],
    ["0g", "encoding/hex: invalid byte: U+0067 'g'"],
    ["a\u0001", "encoding/hex: invalid byte: U+0001"],
  ])("%j -> %s", (input, text) => {
    expect(() => hexToBytes(input)).toThrow(text);
  });
  it("round-trips any case", () => {
    expect(bytesToHex(hexToBytes(id.toUpperCase()))).toBe(id);
    expect(hexToBytes("")).toEqual(new Uint8Array());
  });
});

describe("base64 for lnd REST", () => {
  const bytes = hexToBytes(id);
  it("encodes std and URL-safe, padded", () => {
    expect(bytesToBase64(bytes)).toBe("Axsl3DzSL/XzDP3OVRMMR80fzUKNfRBaajantYOO566J");
    expect(bytesToBase64UrlPadded(bytes)).toBe("Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J");
    expect(bytesToBase64UrlPadded(new Uint8Array([0xfb, 0xff]))).toBe("-_8=");
  });
  it.each([
    ["Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J", id],
    ["Axsl3DzSL/XzDP3OVRMMR80fzUKNfRBaajantYOO566J", id],
    ["AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", "01".repeat(32)],
    ["", ""],
  ])("gateway decodes %s", (text, hex) => {
    expect(bytesToHex(decodeGatewayBytes(text))).toBe(hex);
  });
  it.each([
    [id, "illegal base64 data at input byte 64"], // the capture's 66-char hex path
    ["zzzz!", "illegal base64 data at input byte 4"],
    ["AQ", "illegal base64 data at input byte 0"],
    ["AQE", "illegal base64 data at input byte 0"],
    ["AQ=", "illegal base64 data at input byte 3"],
    ["AQ==AQ==", "illegal base64 data at input byte 4"],
    ["A===", "illegal base64 data at input byte 1"],
  ])("gateway rejects %s with Go's offset", (text, message) => {
    expect(() => decodeGatewayBytes(text)).toThrow(message);
  });
  it("loose decoding takes std, URL-safe, padded or not, and refuses the rest", () => {
    for (const t of ["Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J", "Axsl3DzSL/XzDP3OVRMMR80fzUKNfRBaajantYOO566J"]) {
      expect(bytesToHex(decodeBase64Loose(t)!)).toBe(id);
    }
    expect(bytesToHex(decodeBase64Loose("-_8")!)).toBe("fbff");
    expect(bytesToHex(decodeBase64Loose("+/8=")!)).toBe("fbff");
    expect(decodeBase64Loose("a+b_")).toBeUndefined();
    expect(decodeBase64Loose("abcde")).toBeUndefined();
    expect(decodeBase64Loose("ab$=")).toBeUndefined();
  });
});
