import { describe, expect, it } from "vitest";
import { bytesToBase64, bytesToBase64UrlPadded, bytesToHex, hexToBytes } from "./bytes-codec.js";
import { toKeyBytes } from "./key-input.js";
import { WtclientError } from "./wtclient-error.js";

const id = "0274ade1f10ab999ded8fbea16dc5d5f95c2d350114f567d7ec94c49715cfd25a9";
const bytes = hexToBytes(id);

describe("toKeyBytes", () => {
  it.each([
    ["lowercase hex", id],
    ["uppercase hex", id.toUpperCase()],
    ["standard base64", bytesToBase64(bytes)],
    ["URL-safe base64", bytesToBase64UrlPadded(bytes)],
    ["unpadded base64", bytesToBase64(bytes).replace(/=+$/, "")],
    ["bytes", bytes],
  ])("accepts %s", (_name, input) => {
    expect(bytesToHex(toKeyBytes(input, "session ID"))).toBe(id);
  });
  it.each([
    ["abc", "invalid session ID: encoding/hex: odd length hex string", "invalid-key"],
    ["", "malformed public key: invalid length: 0", "invalid-key"],
    ["01".repeat(32), "malformed public key: invalid length: 32", "invalid-key"],
    ["02" + "05".repeat(32), "invalid public key: x coordinate", "invalid-key"],
  ])("rejects %j locally with lnd's text", (input, text, reason) => {
    try {
      toKeyBytes(input, "session ID");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WtclientError);
      expect((e as WtclientError).rawMessage).toContain(text);
      expect((e as WtclientError).reason).toBe(reason);
    }
  });
});
