import fc from "fast-check";

export type Mutation =
  | { readonly kind: "truncate"; readonly length: number }
  | { readonly kind: "flip"; readonly bits: readonly number[] }
  | { readonly kind: "splice"; readonly at: number; readonly remove: number; readonly insert: Uint8Array };

/** Apply a mutation to a copy of `bytes`. */
export function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === "truncate") return bytes.slice(0, m.length);
  if (m.kind === "flip") {
    const out = bytes.slice();
    for (const bit of m.bits) out[bit >> 3]! ^= 1 << (bit & 7);
    return out;
  }
  const out = new Uint8Array(bytes.length - m.remove + m.insert.length);
  out.set(bytes.subarray(0, m.at));
  out.set(m.insert, m.at);
  out.set(bytes.subarray(m.at + m.remove), m.at + m.insert.length);
  return out;
}

/** A random damage to `length` bytes: a truncation, 1-4 flipped bits, or up to 8 bytes replaced by up to 8 random ones. */
export function byteMutation(length: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.nat(length).map((to): Mutation => ({ kind: "truncate", length: to })),
    fc
      .array(fc.nat(Math.max(0, length * 8 - 1)), { minLength: 1, maxLength: 4 })
      .map((bits): Mutation => ({ kind: "flip", bits })),
    fc
      .nat(length)
      .chain((at) =>
        fc.record({
          at: fc.constant(at),
          remove: fc.nat(Math.min(8, length - at)),
          insert: fc.uint8Array({ maxLength: 8 }),
        }),
      )
      .map((s): Mutation => ({ kind: "splice", ...s })),
  );
}

/** Damaged copies of `bytes` (use byteMutation instead when the bytes are secret: a counterexample prints its input). */
export function mutatedBytes(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return byteMutation(bytes.length).map((m) => applyMutation(bytes, m));
}
