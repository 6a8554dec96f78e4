import { toHex } from "./hex.js";

/**
 * lnd's secp256k1 public key checks (btcec's ParsePubKey), with its texts, in the browser. The library's
 * parsePubKey asks Node's OpenSSL whether a point is on the curve, which a page cannot load; here the
 * curve equation y² = x³ + 7 (mod p) is evaluated with BigInt instead. A test holds both to the same answers.
 */

const P = 2n ** 256n - 2n ** 32n - 977n;

function fieldOf(bytes: Uint8Array): bigint {
  return BigInt(`0x${toHex(bytes) || "0"}`);
}

function powMod(base: bigint, exp: bigint): bigint {
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

/** x³ + 7 has a square root mod p (Euler's criterion), i.e. some point of the curve has this x. */
function hasY(x: bigint): boolean {
  const rhs = (powMod(x, 3n) + 7n) % P;
  return rhs === 0n || powMod(rhs, (P - 1n) / 2n) === 1n;
}

/** undefined for a key lnd accepts; otherwise lnd's own error text. */
export function checkPubKey(serialized: Uint8Array): string | undefined {
  const format = serialized[0] ?? 0;
  if (serialized.length === 33) {
    if (format !== 0x02 && format !== 0x03) return `invalid public key: unsupported format: ${format.toString(16)}`;
    const x = serialized.subarray(1, 33);
    if (fieldOf(x) >= P) return "invalid public key: x >= field prime";
    if (!hasY(fieldOf(x))) return `invalid public key: x coordinate ${toHex(x)} is not on the secp256k1 curve`;
    return undefined;
  }
  if (serialized.length === 65) {
    if (format !== 0x04 && format !== 0x06 && format !== 0x07)
      return `invalid public key: unsupported format: ${format.toString(16)}`;
    const x = serialized.subarray(1, 33);
    const y = serialized.subarray(33, 65);
    if (fieldOf(x) >= P) return "invalid public key: x >= field prime";
    if (fieldOf(y) >= P) return "invalid public key: y >= field prime";
    if (format !== 0x04) {
      const wantOdd = format === 0x07;
      if (((y[31]! & 1) === 1) !== wantOdd)
        return `invalid public key: y oddness does not match specified value of ${wantOdd}`;
    }
    const fx = fieldOf(x);
    const fy = fieldOf(y);
    if ((fy * fy) % P !== (powMod(fx, 3n) + 7n) % P)
      return `invalid public key: [${toHex(x)},${toHex(y)}] not on secp256k1 curve`;
    return undefined;
  }
  return `malformed public key: invalid length: ${serialized.length}`;
}
