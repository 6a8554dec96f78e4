import { X509Certificate } from "node:crypto";
import { bytesToHex } from "@wtclient/core/internal";
import fc from "fast-check";
import { fixtureCertPem, fixtureMacaroonNames, fixtureMacaroons } from "./fixtures.js";
import { applyMutation, byteMutation, type Mutation } from "./mutated-bytes.js";
import { noisyText } from "./noisy-text.js";

const binaryEncodings = [
  "base64url",
  "base64url padded",
  "base64",
  "base64 padded",
  "percent-encoded base64",
  "hex",
] as const;
type BinaryEncoding = (typeof binaryEncodings)[number];
type MacaroonName = (typeof fixtureMacaroonNames)[number];

/**
 * A query parameter value, named rather than spelled out: a counterexample prints its input, and the
 * macaroons must not appear in any output.
 */
export type ParamValue =
  | {
      readonly kind: "macaroon";
      readonly name: MacaroonName;
      readonly encoding: BinaryEncoding;
      readonly mutation?: Mutation;
    }
  | { readonly kind: "cert"; readonly encoding: BinaryEncoding; readonly mutation?: Mutation }
  | { readonly kind: "text"; readonly text: string };

/** The parts of a random lndconnect-like URI. */
export interface LndconnectRecipe {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly params: readonly { readonly key: string; readonly value: ParamValue }[];
  readonly fragment: string;
}

const certDer = new Uint8Array(new X509Certificate(fixtureCertPem()).raw);
const macaroons = fixtureMacaroons();

function encode(bytes: Uint8Array, encoding: BinaryEncoding): string {
  const b64 = Buffer.from(bytes).toString("base64");
  switch (encoding) {
    case "base64url":
      return Buffer.from(bytes).toString("base64url");
    case "base64url padded":
      return b64.replace(/\+/g, "-").replace(/\//g, "_");
    case "base64":
      return b64.replace(/=+$/, "");
    case "base64 padded":
      return b64;
    case "percent-encoded base64":
      return encodeURIComponent(b64);
    case "hex":
      return bytesToHex(bytes);
  }
}

/** The text of a parameter value. */
export function paramText(value: ParamValue): string {
  if (value.kind === "text") return value.text;
  const original = value.kind === "cert" ? certDer : macaroons.get(value.name)!;
  return encode(value.mutation === undefined ? original : applyMutation(original, value.mutation), value.encoding);
}

/** The URI a recipe describes. */
export function uriOf(r: LndconnectRecipe): string {
  const query = r.params.map((p) => `${p.key}=${paramText(p.value)}`).join("&");
  return `${r.scheme}${r.authority}${r.path}${r.params.length > 0 ? `?${query}` : ""}${r.fragment}`;
}

const encoding = fc.constantFrom(...binaryEncodings);
const damage = (length: number): fc.Arbitrary<Mutation | undefined> =>
  fc.option(byteMutation(length), { freq: 2, nil: undefined });

const macaroonNames = fc.constantFrom(...fixtureMacaroonNames);
const paramValue: fc.Arbitrary<ParamValue> = fc.oneof(
  macaroonNames.chain((name) =>
    fc.record(
      {
        kind: fc.constant("macaroon" as const),
        name: fc.constant(name),
        encoding,
        mutation: damage(macaroons.get(name)!.length),
      },
      { requiredKeys: ["kind", "name", "encoding"] },
    ),
  ),
  fc.record(
    { kind: fc.constant("cert" as const), encoding, mutation: damage(certDer.length) },
    { requiredKeys: ["kind", "encoding"] },
  ),
  fc.record({ kind: fc.constant("text" as const), text: noisyText(40) }),
);

const host = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map((a) => `[${a}]`),
  fc.constant("localhost"),
  fc.ipV6(),
  noisyText(20),
);
const port = fc.oneof(fc.integer({ min: 0, max: 70_000 }).map(String), fc.stringMatching(/^[0-9]{0,7}$/), noisyText(6));

const goodHost = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map((a) => `[${a}]`),
  fc.constant("localhost"),
);
const goodEncoding = fc.constantFrom(...binaryEncodings.filter((e) => e !== "hex"));

/** A URI as lndconnect prints it, in any base64 flavour: intact fixture macaroon, maybe the cert. */
const wellFormed: fc.Arbitrary<LndconnectRecipe> = fc.record({
  scheme: fc.constant("lndconnect://"),
  authority: fc.tuple(goodHost, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
  path: fc.constant(""),
  params: fc
    .tuple(fc.constantFrom(...fixtureMacaroonNames), goodEncoding, fc.option(goodEncoding, { nil: undefined }))
    .map(([name, macEncoding, certEncoding]) => [
      ...(certEncoding === undefined
        ? []
        : [{ key: "cert", value: { kind: "cert" as const, encoding: certEncoding } }]),
      { key: "macaroon", value: { kind: "macaroon" as const, name, encoding: macEncoding } },
    ]),
  fragment: fc.constant(""),
});

/** Random URIs around lndconnect's shape: schemes, hosts, ports, parameters and their values all varied. */
export function lndconnectRecipe(): fc.Arbitrary<LndconnectRecipe> {
  const varied: fc.Arbitrary<LndconnectRecipe> = fc.record({
    scheme: fc.constantFrom("lndconnect://", "LNDconnect://", "lndconnect:", "https://", "", " lndconnect://"),
    authority: fc.tuple(host, fc.option(port, { nil: undefined })).map(([h, p]) => (p === undefined ? h : `${h}:${p}`)),
    path: fc.constantFrom("", "", "/", "//", "/x"),
    params: fc.array(
      fc.record({
        key: fc.oneof(fc.constantFrom("macaroon", "cert", "macaroon", "cert", "x"), noisyText(8)),
        value: paramValue,
      }),
      { maxLength: 4 },
    ),
    fragment: fc.constantFrom("", "", "#", "#frag?macaroon=0201"),
  });
  return fc.oneof({ weight: 3, arbitrary: varied }, { weight: 1, arbitrary: wellFormed });
}
