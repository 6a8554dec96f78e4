import { bytesToBase64, bytesToBase64UrlPadded, bytesToHex } from "@wtclient/core/internal";
import fc from "fast-check";

/** Every text form a caller may give a key or session id in (core's KeyInput). */
export const keyEncodings = [
  "lower-case hex",
  "upper-case hex",
  "mixed-case hex",
  "std base64",
  "std base64 unpadded",
  "url base64",
  "url base64 unpadded",
] as const;

export type KeyEncoding = (typeof keyEncodings)[number];

export interface KeyText {
  readonly text: string;
  readonly encoding: KeyEncoding;
}

const unpadded = (text: string): string => text.replace(/=+$/, "");

/** `bytes` written in a random accepted encoding, possibly with blanks around it. */
export function keyText(bytes: Uint8Array): fc.Arbitrary<KeyText> {
  const hex = bytesToHex(bytes);
  const forms: Record<KeyEncoding, fc.Arbitrary<string>> = {
    "lower-case hex": fc.constant(hex),
    "upper-case hex": fc.constant(hex.toUpperCase()),
    "mixed-case hex": fc.mixedCase(fc.constant(hex)),
    "std base64": fc.constant(bytesToBase64(bytes)),
    "std base64 unpadded": fc.constant(unpadded(bytesToBase64(bytes))),
    "url base64": fc.constant(bytesToBase64UrlPadded(bytes)),
    "url base64 unpadded": fc.constant(unpadded(bytesToBase64UrlPadded(bytes))),
  };
  const blank = fc.stringMatching(/^[ \t\r\n]{0,3}$/);
  return fc
    .constantFrom(...keyEncodings)
    .chain((encoding) =>
      fc.tuple(blank, forms[encoding], blank).map(([a, text, b]) => ({ text: a + text + b, encoding })),
    );
}

export function isHexEncoding(encoding: KeyEncoding): boolean {
  return encoding.endsWith(" hex");
}

/** Whether the text is read as hex (all hex digits after trimming), as lncli and core read it. */
export function readsAsHex(text: string): boolean {
  return /^[0-9a-fA-F]*$/.test(text.trim());
}
