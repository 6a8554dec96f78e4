/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** Go's `%#U` of one byte, as `encoding/hex` names a bad byte: `U+007A 'z'`. */
function goRune(code: number): string {
  const u = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const printable = code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0) && code !== 0xad;
  return printable ? `${u} '${String.fromCharCode(code)}'` : u;
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Decode hex the way lncli does (Go's `hex.DecodeString`), raising its error texts. */
export function fromHex(text: string): Uint8Array {
  const src = new TextEncoder().encode(text);
  const out = new Uint8Array(src.length >> 1);
  for (let i = 0; i + 1 < src.length; i += 2) {
    const hi = nibble(src[i]!);
    if (hi < 0) throw new Error(`encoding/hex: invalid byte: ${goRune(src[i]!)}`);
    const lo = nibble(src[i + 1]!);
    if (lo < 0) throw new Error(`encoding/hex: invalid byte: ${goRune(src[i + 1]!)}`);
    out[i >> 1] = (hi << 4) | lo;
  }
  if (src.length % 2 === 1) {
    const last = src[src.length - 1]!;
    if (nibble(last) < 0) throw new Error(`encoding/hex: invalid byte: ${goRune(last)}`);
    throw new Error("encoding/hex: odd length hex string");
  }
  return out;
}
