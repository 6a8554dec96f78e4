import { createPrivateKey } from "node:crypto";

export interface Secret {
  /** names the secret in a failure, e.g. "admin.macaroon hex"; never the value */
  readonly name: string;
  readonly value: string;
  /** false: only the whole value counts (a PEM body shares its public part with the certificate) */
  readonly slices?: boolean;
}

// 32 characters of hex or base64 (16 or 24 bytes) are enough to give a secret away
const sliceLength = 32;

/** The names of the secrets that `text` holds whole or as any 32-character slice. */
export function findSecrets(text: string, secrets: readonly Secret[]): string[] {
  const found = new Set<string>();
  const bySlice = new Map<string, string>();
  for (const { name, value, slices } of secrets) {
    if (text.includes(value)) found.add(name);
    if (slices === false) continue;
    for (let i = 0; i + sliceLength <= value.length; i++) bySlice.set(value.slice(i, i + sliceLength), name);
  }
  // one pass over the text: each of its 32-character windows looked up among every secret's slices
  for (let i = 0; i + sliceLength <= text.length; i++) {
    const name = bySlice.get(text.slice(i, i + sliceLength));
    if (name !== undefined) found.add(name);
  }
  return [...found];
}

/**
 * What of a PEM private key must never be printed: the PEM body, and the private scalar as hex and as base64
 * at each of the three byte alignments a longer base64 text (a leaked PEM or DER) would carry it in.
 */
export function privateKeySecrets(name: string, pem: string): Secret[] {
  const body = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  const scalar = Buffer.from(createPrivateKey(pem).export({ format: "jwk" }).d ?? "", "base64url");
  const aligned = [0, 1, 2].map((skip) => {
    const bytes = scalar.subarray(skip);
    // whole 3-byte groups only: the last partial group's characters depend on what follows
    return {
      name: `${name} scalar base64 (+${skip})`,
      value: bytes.toString("base64").slice(0, Math.floor(bytes.length / 3) * 4),
    };
  });
  return [
    { name: `${name} PEM body`, value: body, slices: false },
    { name: `${name} scalar hex`, value: scalar.toString("hex") },
    ...aligned,
  ];
}

/** A macaroon as it might leak: lowercase and uppercase hex, standard and URL-safe base64. */
export function macaroonSecrets(name: string, bytes: Uint8Array): Secret[] {
  const b = Buffer.from(bytes);
  return [
    { name: `${name} hex`, value: b.toString("hex") },
    { name: `${name} HEX`, value: b.toString("hex").toUpperCase() },
    { name: `${name} base64`, value: b.toString("base64").replace(/=+$/, "") },
    { name: `${name} base64url`, value: b.toString("base64url") },
  ];
}
