import fc from "fast-check";

/** One character, mostly from the alphabets parsers look for (hex, both base64 alphabets, padding, blanks). */
const noisyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(..."0123456789abcdefABCDEF") },
  { weight: 3, arbitrary: fc.constantFrom(..."ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ+/-_") },
  {
    weight: 2,
    arbitrary: fc.constantFrom("=", " ", "\t", "\r", "\n", "%", ".", ":", "@", "?", "&", "#", "\u00a0", "\u0000"),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom("\ud800", "\udfff", "\ufffd", "\u2028", "é", "€", "𝄞") },
);

/** Random text near the formats parsers accept: lengths up to `maxLength`, lone surrogates included. */
export function noisyText(maxLength = 140): fc.Arbitrary<string> {
  return fc.string({ unit: noisyChar, maxLength });
}
