// Hand-written on purpose: error texts quote input as Go's strconv.Quote does, byte for byte; no JS library matches it.
import { decodeRune } from "./go-utf8.js";

const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");

/** Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrint(rune: number): boolean {
  return rune === 0x20 || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(rune));
}

const named: Record<number, string> = { 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v" };

function escapeRune(rune: number, quote: number): string {
  if (rune === quote || rune === 0x5c) return `\\${String.fromCodePoint(rune)}`;
  if (isPrint(rune)) return String.fromCodePoint(rune);
  const name = named[rune];
  if (name !== undefined) return name;
  if (rune < 0x20 || rune === 0x7f) return `\\x${hex(rune, 2)}`;
  return rune < 0x10000 ? `\\u${hex(rune, 4)}` : `\\U${hex(rune, 8)}`;
}

/** Go's `strconv.Quote` (what `%q` prints) of a Go string given as its bytes. */
export function goQuote(bytes: Uint8Array): string {
  let out = '"';
  for (let i = 0; i < bytes.length;) {
    const { rune, size } = decodeRune(bytes, i);
    out += rune < 0 ? `\\x${hex(bytes[i]!, 2)}` : escapeRune(rune, 0x22);
    i += size;
  }
  return `${out}"`;
}

/** encoding/json's `quoteChar`: one byte, shown as the rune of that value in single quotes. */
export function goQuoteChar(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return "'\"'";
  return `'${escapeRune(byte, 0x22)}'`;
}
