import { ECDH } from "node:crypto";

/**
 * secp256k1 public key parsing with the texts of lnd's `btcec.ParsePubKey` (dcrd secp256k1 v4):
 * 33-byte compressed, 65-byte uncompressed and hybrid keys. The checks dcrd words (length, format,
 * range, oddness) are made here in its order; whether the point is on the curve OpenSSL decides.
 */

const P = 2n ** 256n - 2n ** 32n - 977n;

export class PubKeyError extends Error {
  override readonly name = "PubKeyError";
}

export interface PubKey {
  /** The 33-byte compressed serialization (what lnd uses as session id and tower key). */
  readonly compressed: Uint8Array;
  /** The 65-byte uncompressed serialization (0x04 || x || y). */
  readonly uncompressed: Uint8Array;
}

function fieldOf(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** OpenSSL's reading of a 0x02/0x03/0x04 point, or undefined when it is not on the curve. */
function convert(point: Uint8Array, format: "compressed" | "uncompressed"): Uint8Array | undefined {
  try {
    return new Uint8Array(ECDH.convertKey(point, "secp256k1", undefined, undefined, format) as Buffer);
  } catch {
    return undefined;
  }
}

/** Parse a serialized public key; throws `PubKeyError` with lnd's exact text. */
export function parsePubKey(serialized: Uint8Array): PubKey {
  const format = serialized[0] ?? 0;
  if (serialized.length === 33) {
    if (format !== 0x02 && format !== 0x03) {
      throw new PubKeyError(`invalid public key: unsupported format: ${format.toString(16)}`);
    }
    const x = serialized.subarray(1, 33);
    if (fieldOf(x) >= P) throw new PubKeyError("invalid public key: x >= field prime");
    const uncompressed = convert(serialized, "uncompressed");
    if (uncompressed === undefined) {
      throw new PubKeyError(`invalid public key: x coordinate ${hex(x)} is not on the secp256k1 curve`);
    }
    return { compressed: Uint8Array.from(serialized), uncompressed };
  }
  if (serialized.length === 65) {
    if (format !== 0x04 && format !== 0x06 && format !== 0x07) {
      throw new PubKeyError(`invalid public key: unsupported format: ${format.toString(16)}`);
    }
    const x = serialized.subarray(1, 33);
    const y = serialized.subarray(33, 65);
    if (fieldOf(x) >= P) throw new PubKeyError("invalid public key: x >= field prime");
    if (fieldOf(y) >= P) throw new PubKeyError("invalid public key: y >= field prime");
    if (format !== 0x04) {
      const wantOdd = format === 0x07;
      if (((y[31]! & 1) === 1) !== wantOdd) {
        throw new PubKeyError(`invalid public key: y oddness does not match specified value of ${wantOdd}`);
      }
    }
    const uncompressed = Uint8Array.from(serialized);
    uncompressed[0] = 0x04;
    const compressed = convert(uncompressed, "compressed");
    if (compressed === undefined)
      throw new PubKeyError(`invalid public key: [${hex(x)},${hex(y)}] not on secp256k1 curve`);
    return { compressed, uncompressed };
  }
  throw new PubKeyError(`malformed public key: invalid length: ${serialized.length}`);
}

/** The 65-byte uncompressed serialization of a key (as lnd also accepts it). */
export function uncompressPubKey(serialized: Uint8Array): Uint8Array {
  return parsePubKey(serialized).uncompressed;
}
