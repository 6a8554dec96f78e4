import { createECDH, ECDH } from "node:crypto";
import fc from "fast-check";

export interface Secp256k1Key {
  /** 33 bytes, 0x02/0x03 prefix: lnd's session ids and tower keys */
  readonly compressed: Uint8Array;
  /** 65 bytes, 0x04 prefix */
  readonly uncompressed: Uint8Array;
}

/** OpenSSL's reading of a serialized key: its 65-byte uncompressed form, or undefined when OpenSSL refuses it. */
export function opensslUncompressed(serialized: Uint8Array): Uint8Array | undefined {
  try {
    return new Uint8Array(
      ECDH.convertKey(Buffer.from(serialized), "secp256k1", undefined, undefined, "uncompressed") as Buffer,
    );
  } catch {
    return undefined;
  }
}

/** The public key of private key `k` (1 <= k < the group order), computed by OpenSSL. */
export function secp256k1KeyOf(k: bigint): Secp256k1Key {
  const ecdh = createECDH("secp256k1");
  ecdh.setPrivateKey(Buffer.from(k.toString(16).padStart(64, "0"), "hex"));
  return {
    compressed: new Uint8Array(ecdh.getPublicKey(null, "compressed")),
    uncompressed: new Uint8Array(ecdh.getPublicKey()),
  };
}

/**
 * Valid public keys: a random x coordinate and parity, kept when OpenSSL finds the point on the curve
 * (about half of them). Much cheaper than a scalar multiplication per key, and independent of core's parser.
 */
export function secp256k1Key(): fc.Arbitrary<Secp256k1Key> {
  return fc
    .tuple(fc.constantFrom(0x02, 0x03), fc.uint8Array({ minLength: 32, maxLength: 32 }))
    .map(([prefix, x]): Secp256k1Key | undefined => {
      const compressed = Uint8Array.of(prefix, ...x);
      const uncompressed = opensslUncompressed(compressed);
      return uncompressed === undefined ? undefined : { compressed, uncompressed };
    })
    .filter((k): k is Secp256k1Key => k !== undefined);
}
