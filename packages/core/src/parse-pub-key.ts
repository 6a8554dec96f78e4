/**
 * secp256k1 public key parsing with the texts of lnd's `btcec.ParsePubKey`
 * (dcrd secp256k1 v4): 33-byte compressed, 65-byte uncompressed and hybrid keys.
 */

const P = 2n ** 256n - 2n ** 32n - 977n;

export class PubKeyError extends Error {
  override readonly name = "PubKeyError";
}

function modPow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % P;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function fieldHex(v: bigint): string {
  return v.toString(16).padStart(64, "0");
}

function curveRhs(x: bigint): bigint {
  return (((x * x) % P) * x + 7n) % P;
}

export interface PubKey {
  readonly x: bigint;
  readonly y: bigint;
  /** The 33-byte compressed serialization (what lnd uses as session id and tower key). */
  readonly compressed: Uint8Array;
}

function compress(x: bigint, y: bigint): Uint8Array {
  const out = new Uint8Array(33);
  out[0] = y & 1n ? 0x03 : 0x02;
  const hex = fieldHex(x);
  for (let i = 0; i < 32; i++) out[i + 1] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Parse a serialized public key; throws `PubKeyError` with lnd's exact text. */
export function parsePubKey(serialized: Uint8Array): PubKey {
  const format = serialized[0] ?? 0;
  if (serialized.length === 33) {
    if (format !== 0x02 && format !== 0x03) {
      throw new PubKeyError(`invalid public key: unsupported format: ${format.toString(16)}`);
    }
    const x = toBigInt(serialized.subarray(1, 33));
    if (x >= P) throw new PubKeyError("invalid public key: x >= field prime");
    const rhs = curveRhs(x);
    let y = modPow(rhs, (P + 1n) / 4n);
    if ((y * y) % P !== rhs) {
      throw new PubKeyError(`invalid public key: x coordinate ${fieldHex(x)} is not on the secp256k1 curve`);
    }
    if ((y & 1n) !== (format === 0x03 ? 1n : 0n)) y = P - y;
    return { x, y, compressed: compress(x, y) };
  }
  if (serialized.length === 65) {
    if (format !== 0x04 && format !== 0x06 && format !== 0x07) {
      throw new PubKeyError(`invalid public key: unsupported format: ${format.toString(16)}`);
    }
    const x = toBigInt(serialized.subarray(1, 33));
    const y = toBigInt(serialized.subarray(33, 65));
    if (x >= P) throw new PubKeyError("invalid public key: x >= field prime");
    if (y >= P) throw new PubKeyError("invalid public key: y >= field prime");
    if (format !== 0x04) {
      const wantOdd = format === 0x07;
      if (((y & 1n) === 1n) !== wantOdd) {
        throw new PubKeyError(`invalid public key: y oddness does not match specified value of ${wantOdd}`);
      }
    }
    if ((y * y) % P !== curveRhs(x)) {
      throw new PubKeyError(`invalid public key: [${fieldHex(x)},${fieldHex(y)}] not on secp256k1 curve`);
    }
    return { x, y, compressed: compress(x, y) };
  }
  throw new PubKeyError(`malformed public key: invalid length: ${serialized.length}`);
}

/** The 65-byte uncompressed serialization of a key (as lnd also accepts it). */
export function uncompressPubKey(serialized: Uint8Array): Uint8Array {
  const { x, y } = parsePubKey(serialized);
  const out = new Uint8Array(65);
  out[0] = 0x04;
  out.set(compress(x, y).subarray(1), 1);
  const hex = fieldHex(y);
  for (let i = 0; i < 32; i++) out[i + 33] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
