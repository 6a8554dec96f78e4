// Hand-written on purpose: lnd's answers follow Go's encoding/hex and encoding/base64 (what passes, and the exact
// error texts), which Buffer and atob do not reproduce.
/** Byte encodings as lnd, Go's encoding/hex and encoding/base64 speak them. */

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** A Go-style `%#U` rendering of one byte, as in `encoding/hex: invalid byte: U+007A 'z'`. */
function goRune(code: number): string {
  const u = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const ch = String.fromCharCode(code);
  const printable = code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0) && code !== 0xad;
  return printable ? `${u} '${ch}'` : u;
}

export class HexDecodeError extends Error {
  override readonly name = "HexDecodeError";
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Decode hex exactly as Go's `hex.DecodeString` does, with its error texts. */
export function hexToBytes(text: string): Uint8Array {
  const src = Buffer.from(text, "utf8");
  const out = new Uint8Array(src.length >> 1);
  let j = 1;
  for (; j < src.length; j += 2) {
    const p = src[j - 1]!;
    const q = src[j]!;
    const a = nibble(p);
    if (a < 0) throw new HexDecodeError(`encoding/hex: invalid byte: ${goRune(p)}`);
    const b = nibble(q);
    if (b < 0) throw new HexDecodeError(`encoding/hex: invalid byte: ${goRune(q)}`);
    out[(j - 1) >> 1] = (a << 4) | b;
  }
  if (src.length % 2 === 1) {
    const last = src[j - 1]!;
    if (nibble(last) < 0) throw new HexDecodeError(`encoding/hex: invalid byte: ${goRune(last)}`);
    throw new HexDecodeError("encoding/hex: odd length hex string");
  }
  return out;
}

/** Standard base64 with padding: what lnd's REST JSON emits for bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** URL-safe base64 with padding: what lnd's REST paths need (spec §2.3). */
export function bytesToBase64UrlPadded(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_");
}

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export class Base64DecodeError extends Error {
  override readonly name = "Base64DecodeError";
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/** Go's padded `base64.Encoding.DecodeString` (non-strict), offsets and all. */
function goBase64Decode(text: string, alphabet: string): Uint8Array {
  const map = new Map<number, number>();
  for (let i = 0; i < alphabet.length; i++) map.set(alphabet.charCodeAt(i), i);
  const src = Buffer.from(text, "utf8");
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: number | undefined;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new Base64DecodeError(si - j); // padding is required
      }
      const ch = src[si]!;
      si++;
      const v = map.get(ch);
      if (v !== undefined) {
        dbuf[j] = v;
        continue;
      }
      if (ch === 0x0a || ch === 0x0d) {
        j--;
        continue;
      }
      if (ch !== 0x3d) throw new Base64DecodeError(si - 1);
      if (j === 0 || j === 1) throw new Base64DecodeError(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) throw new Base64DecodeError(src.length);
        if (src[si] !== 0x3d) throw new Base64DecodeError(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k]!);
    if (trailing !== undefined) throw new Base64DecodeError(trailing);
    if (dlen < 4) return Uint8Array.from(out);
  }
}

/**
 * grpc-gateway's `runtime.Bytes`: padded standard base64, else padded URL-safe base64.
 * The error is the one of the URL-safe attempt, as lnd reports it.
 */
export function decodeGatewayBytes(text: string): Uint8Array {
  try {
    return goBase64Decode(text, STD);
  } catch {
    return goBase64Decode(text, URL);
  }
}

/** Lenient base64 for user input: standard or URL-safe, padded or not. Undefined when it is not base64. */
export function decodeBase64Loose(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(t)) return undefined;
  if (/[+/]/.test(t) && /[-_]/.test(t)) return undefined;
  const bare = t.replace(/=+$/, "");
  if (bare.length % 4 === 1) return undefined;
  if (t.includes("=") && t.length % 4 !== 0) return undefined;
  return new Uint8Array(Buffer.from(bare.replace(/-/g, "+").replace(/_/g, "/"), "base64"));
}
