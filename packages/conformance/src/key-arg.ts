import { bytesToBase64, bytesToHex, hexToBytes, uncompressPubKey } from "@wtclient/core/internal";
import type { KeyArg } from "./scenario.js";

/** The key as text in the form the scenario asks for (what a user would type or paste). */
export function keyText(arg: KeyArg): string {
  if ("text" in arg) return arg.text;
  const bytes = hexToBytes(arg.hex);
  switch (arg.form) {
    case "hex":
      return arg.hex.toLowerCase();
    case "HEX":
      return arg.hex.toUpperCase();
    case "base64":
      return bytesToBase64(bytes);
    case "base64url":
      return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    case "uncompressed":
      return bytesToHex(uncompressPubKey(bytes));
  }
}

/** The bytes a wire-level frontend (REST, Connect) carries for the key, or undefined for text that is no encoding. */
export function keyBytes(arg: KeyArg): Uint8Array | undefined {
  if ("text" in arg) return /^([0-9a-fA-F]{2})*$/.test(arg.text) ? hexToBytes(arg.text) : undefined;
  return arg.form === "uncompressed" ? uncompressPubKey(hexToBytes(arg.hex)) : hexToBytes(arg.hex);
}

/** Whether the form is only about how a client parses text (wire frontends carry plain bytes). */
export function isTextForm(arg: KeyArg): boolean {
  return "text" in arg || arg.form === "HEX" || arg.form === "base64" || arg.form === "base64url";
}
