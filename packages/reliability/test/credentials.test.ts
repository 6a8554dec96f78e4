import { X509Certificate } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { WtclientError, constrainMacaroon, describeMacaroon, formatLndconnect, parseLndconnect } from "@wtclient/core";
import { bytesToHex, toMacaroonBytes, toPemCert } from "@wtclient/core/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyMutation,
  assertParserProperty,
  byteMutation,
  fixtureCertPem,
  fixtureMacaroonNames,
  fixtureMacaroons,
  lndconnectRecipe,
  noisyText,
  outcomeOf,
  paramText,
  propertyRuns,
  runBounded,
  uriOf,
  type Mutation,
} from "../src/index.js";

const certPem = new X509Certificate(fixtureCertPem()).toString();
const certDer = new Uint8Array(new X509Certificate(certPem).raw);
const macaroons = fixtureMacaroons();

/** lncli's per-call caveats on each fixture (a handful: one constrainMacaroon costs milliseconds of HMAC). */
const constrainedOptions = [
  { timeoutSeconds: 0 },
  { timeoutSeconds: 60 },
  { timeoutSeconds: 86_400, ip: "127.0.0.1" },
  { timeoutSeconds: 0, ip: "::1" },
] as const;
const constrained = fixtureMacaroonNames.flatMap((name) =>
  constrainedOptions.map((opts) => ({
    name,
    ...opts,
    bytes: constrainMacaroon(macaroons.get(name)!, { ...opts, now: new Date(0) }),
  })),
);

/** The fixture cert in every form toPemCert takes. */
const certForms: readonly [string, string | Uint8Array][] = [
  ["PEM text", fixtureCertPem()],
  ["PEM with CRLF line ends", fixtureCertPem().replace(/\n/g, "\r\n")],
  ["PEM with text around it", `subject: lnd\n${fixtureCertPem()}\ntrailer\n`],
  ["PEM as bytes", new Uint8Array(Buffer.from(fixtureCertPem()))],
  ["DER bytes", certDer],
  ["DER as std base64", Buffer.from(certDer).toString("base64")],
  ["DER as unpadded url base64", Buffer.from(certDer).toString("base64url")],
  ["DER as hex", Buffer.from(certDer).toString("hex")],
  ["DER as upper-case hex", Buffer.from(certDer).toString("hex").toUpperCase()],
  ["DER as base64 written to a file", new Uint8Array(Buffer.from(`${Buffer.from(certDer).toString("base64")}\n`))],
];

/** Every failure of a credential parser is a WtclientError with a message and a hint. */
function expectCredentialError(error: Error): void {
  const e = error as WtclientError;
  expect(e).toBeInstanceOf(WtclientError);
  expect(e.code).toBe(Code.InvalidArgument);
  expect(["bad-request", "macaroon-invalid"]).toContain(e.reason);
  expect(e.rawMessage.trim()).not.toBe("");
  expect(e.hint.trim()).not.toBe("");
}

describe("toPemCert", () => {
  it.each(certForms)("reads the fixture cert as %s", (_, form) => {
    expect(toPemCert(form)).toBe(certPem);
  });

  it("answers random and damaged certificates with PEM of a parsable certificate or a WtclientError", () => {
    type CertInput = { form: number; mutation?: Mutation; asText?: boolean } | { random: string | Uint8Array };
    const input: fc.Arbitrary<CertInput> = fc.oneof(
      fc.record({ form: fc.nat(certForms.length - 1) }),
      fc.record({ form: fc.constant(4), mutation: byteMutation(certDer.length) }),
      fc.record({ form: fc.constant(0), mutation: byteMutation(fixtureCertPem().length), asText: fc.constant(true) }),
      fc.record({
        random: fc.oneof(
          noisyText(200),
          fc.uint8Array({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.of(0x30, ...b)),
        ),
      }),
    );
    const materialise = (x: CertInput): string | Uint8Array => {
      if ("random" in x) return x.random;
      const form = certForms[x.form]![1];
      if (x.mutation === undefined) return form;
      const bytes = applyMutation(typeof form === "string" ? new Uint8Array(Buffer.from(form)) : form, x.mutation);
      return x.asText === true ? Buffer.from(bytes).toString("latin1") : bytes;
    };
    const counts = assertParserProperty({
      name: "toPemCert",
      input,
      parse: (x) => toPemCert(materialise(x)),
      own: [WtclientError],
      checkValue: (x, pem) => {
        // toPemCert's PEM is OpenSSL's rendering of a certificate it parsed
        expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
        if ("form" in x && x.mutation === undefined) expect(pem).toBe(certPem);
      },
      checkError: (_, error) => expectCredentialError(error),
    });
    expect(counts.values).toBeGreaterThan(1000);
    expect(counts.errors).toBeGreaterThan(1000);
  });
});

type MacaroonName = (typeof fixtureMacaroonNames)[number];
type MacaroonInput =
  | {
      name: MacaroonName;
      encoding: "bytes" | "hex" | "HEX" | "base64" | "base64url" | "base64 unpadded";
      mutation?: Mutation;
    }
  | { random: string | Uint8Array };

const macaroonInput: fc.Arbitrary<MacaroonInput> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...fixtureMacaroonNames),
      fc.constantFrom("bytes", "hex", "HEX", "base64", "base64url", "base64 unpadded"),
    )
    .map(([name, encoding]) => ({ name, encoding })),
  fc
    .constantFrom(...fixtureMacaroonNames)
    .chain((name) =>
      fc.record({
        name: fc.constant(name),
        encoding: fc.constantFrom("bytes", "hex" as const),
        mutation: byteMutation(macaroons.get(name)!.length),
      }),
    )
    .map((x) => ({ ...x, encoding: x.encoding as "bytes" | "hex" })),
  fc.record({
    random: fc.oneof(
      noisyText(),
      fc.uint8Array({ maxLength: 120 }),
      fc.uint8Array({ maxLength: 120 }).map((b) => Uint8Array.of(0x02, ...b)),
    ),
  }),
);

function macaroonOf(x: MacaroonInput): string | Uint8Array {
  if ("random" in x) return x.random;
  const original = macaroons.get(x.name)!;
  const bytes = x.mutation === undefined ? original : applyMutation(original, x.mutation);
  const b64 = Buffer.from(bytes).toString("base64");
  switch (x.encoding) {
    case "bytes":
      return bytes;
    case "hex":
      return bytesToHex(bytes);
    case "HEX":
      return bytesToHex(bytes).toUpperCase();
    case "base64":
      return b64;
    case "base64url":
      return Buffer.from(bytes).toString("base64url");
    case "base64 unpadded":
      return b64.replace(/=+$/, "");
  }
}

describe("toMacaroonBytes", () => {
  it("reads the fixture macaroons in every encoding, and answers damaged or random ones with bytes or a WtclientError", () => {
    const counts = assertParserProperty({
      name: "toMacaroonBytes",
      input: macaroonInput,
      parse: (x) => toMacaroonBytes(macaroonOf(x)),
      own: [WtclientError],
      checkValue: (x, bytes) => {
        expect(bytes[0]).toBe(0x02);
        if (!("random" in x) && x.mutation === undefined)
          expect(bytesToHex(bytes)).toBe(bytesToHex(macaroons.get(x.name)!));
      },
      checkError: (x, error) => {
        expect(
          "random" in x || x.mutation !== undefined,
          `an intact fixture macaroon was refused: ${error.message}`,
        ).toBe(true);
        expectCredentialError(error);
      },
    });
    expect(counts.values).toBeGreaterThan(1000);
    expect(counts.errors).toBeGreaterThan(1000);
  });
});

describe("describeMacaroon", () => {
  it("describes fixture, constrained and damaged macaroons, or refuses them with a WtclientError", () => {
    const input = fc.oneof(
      macaroonInput.filter((x) => !("random" in x) || typeof x.random !== "string"),
      fc.record({ constrained: fc.nat(constrained.length - 1) }),
    );
    const counts = assertParserProperty({
      name: "describeMacaroon",
      input,
      parse: (x) => {
        if ("constrained" in x) return describeMacaroon(constrained[x.constrained]!.bytes);
        const given = macaroonOf(x);
        return describeMacaroon(typeof given === "string" ? toMacaroonBytes(given) : given);
      },
      own: [WtclientError],
      checkValue: (x, d) => {
        expect(typeof d.location).toBe("string");
        for (const c of d.caveats) expect(typeof c).toBe("string");
        for (const p of d.permissions) expect(p.actions.every((a) => typeof a === "string")).toBe(true);
        if ("constrained" in x || ("name" in x && x.mutation === undefined))
          expect(d.permissions.length).toBeGreaterThan(0);
        if ("constrained" in x) {
          const c = constrained[x.constrained]!;
          expect(d.caveats).toEqual([
            ...(c.timeoutSeconds > 0 ? [`time-before ${new Date(c.timeoutSeconds * 1000).toISOString()}`] : []),
            ...("ip" in c ? [`ipaddr ${c.ip}`] : []),
          ]);
        }
      },
      checkError: (x, error) => {
        expect(
          "random" in x || ("mutation" in x && x.mutation !== undefined),
          `an intact macaroon was refused: ${error.message}`,
        ).toBe(true);
        expectCredentialError(error);
      },
    });
    expect(counts.values).toBeGreaterThan(1000);
    expect(counts.errors).toBeGreaterThan(1000);
  });
});

describe("parseLndconnect", () => {
  it("answers random URIs with a connection or a WtclientError that quotes no parameter", () => {
    const counts = assertParserProperty({
      name: "parseLndconnect",
      input: lndconnectRecipe(),
      parse: (r) => parseLndconnect(uriOf(r)),
      own: [WtclientError],
      checkValue: (_, c) => {
        expect(c.host).not.toBe("");
        expect(Number.isInteger(c.port) && c.port >= 1 && c.port <= 65535).toBe(true);
        expect(c.macaroon[0]).toBe(0x02);
        if (c.cert !== undefined) expect(c.cert).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      },
      checkError: (r, error) => {
        expectCredentialError(error);
        for (const p of r.params) {
          const text = paramText(p.value);
          if (text.length >= 16) expect(error.message.includes(text), "the error quotes a parameter").toBe(false);
        }
      },
    });
    expect(counts.values).toBeGreaterThan(1000);
    expect(counts.errors).toBeGreaterThan(1000);
  });

  // parseLndconnect has its 10 000 runs above; a round trip parses the certificate three times, so it gets fewer
  it("round-trips formatLndconnect for random hosts, ports, certs and macaroons", () => {
    const input = fc.record({
      host: fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6(), fc.constant("localhost")),
      port: fc.integer({ min: 1, max: 65535 }),
      cert: fc.constantFrom(undefined, "pem", "der"),
      macaroon: fc.nat(constrained.length - 1),
    });
    let current: unknown;
    const property = fc.property(input, (x) => {
      current = x;
      const macaroon = constrained[x.macaroon]!.bytes;
      const cert = x.cert === undefined ? undefined : x.cert === "pem" ? certPem : certDer;
      const outcome = outcomeOf(
        () =>
          parseLndconnect(
            formatLndconnect({ host: x.host, port: x.port, macaroon, ...(cert === undefined ? {} : { cert }) }),
          ),
        [],
      );
      if (!outcome.ok) return;
      expect(outcome.value.host).toBe(x.host);
      expect(outcome.value.port).toBe(x.port);
      expect(bytesToHex(outcome.value.macaroon)).toBe(bytesToHex(macaroon));
      expect(outcome.value.cert).toBe(cert === undefined ? undefined : certPem);
    });
    runBounded(
      () => fc.assert(property, { ...propertyRuns, numRuns: 2_000 }),
      60_000,
      () => `parseLndconnect(formatLndconnect(${fc.stringify(current)}))`,
    );
  });
});
