// Hand-written on purpose: Go's unicode/utf8 counts each byte of a bad sequence as its own rune, unlike TextDecoder.
/** UTF-8 the way Go's unicode/utf8 sees it: every byte of a bad sequence is one rune of its own. */

/** One rune at `i`, as `utf8.DecodeRune`: `rune` is -1 (Go's RuneError of width 1) for a byte that starts no valid sequence. */
export function decodeRune(bytes: Uint8Array, i: number): { rune: number; size: number } {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return { rune: b0, size: 1 };
  const cont = (k: number, lo = 0x80, hi = 0xbf): number => {
    const b = bytes[i + k];
    return b !== undefined && b >= lo && b <= hi ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    if (c1 >= 0) return { rune: ((b0 & 0x1f) << 6) | c1, size: 2 };
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    // E0 needs A0.. (no overlong), ED stops at 9F (no surrogates)
    const c1 = cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf);
    const c2 = c1 >= 0 ? cont(2) : -1;
    if (c2 >= 0) return { rune: ((b0 & 0x0f) << 12) | (c1 << 6) | c2, size: 3 };
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    // F0 needs 90.. (no overlong), F4 stops at 8F (nothing past U+10FFFF)
    const c1 = cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf);
    const c2 = c1 >= 0 ? cont(2) : -1;
    const c3 = c2 >= 0 ? cont(3) : -1;
    if (c3 >= 0) return { rune: ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, size: 4 };
  }
  return { rune: -1, size: 1 };
}

/** `utf8.RuneCount` of `bytes[start, end)`. */
export function runeCount(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; n++) i += decodeRune(bytes.subarray(0, end), i).size;
  return n;
}

/**
 * A Go string (any bytes) as a JS string. Bytes that are not UTF-8 become lone surrogates
 * (U+DC80..U+DCFF), so the text stays distinguishable from valid UTF-8 (see `isWellFormedText`).
 */
export function goStringOf(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length;) {
    const { rune, size } = decodeRune(bytes, i);
    out += rune < 0 ? String.fromCharCode(0xdc00 | bytes[i]!) : String.fromCodePoint(rune);
    i += size;
  }
  return out;
}

/** Whether the text has no lone surrogate, i.e. would be valid UTF-8 in Go. */
export function isWellFormedText(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Raw bytes of a string Node handed over: latin1 when every char is a byte (request lines, headers), else UTF-8. */
export function bytesOfText(text: string): Buffer {
  return Buffer.from(text, /[\u0100-\uffff]/.test(text) ? "utf8" : "latin1");
}
