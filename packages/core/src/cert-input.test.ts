import { X509Certificate, generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCertFile, toPemCert } from "./cert-input.js";
import { WtclientError } from "./wtclient-error.js";
import { fixturePath } from "@wtclient/lnd-fixtures";

const certFile = fixturePath("tls.cert");
const pem = readFileSync(certFile, "utf8");
const der = new X509Certificate(pem).raw;

describe("toPemCert with lnd v0.19.3's tls.cert", () => {
  it.each([
    ["PEM text", pem],
    ["PEM text with CRLF and indentation", `  ${pem.replace(/\n/g, "\r\n")}`],
    ["PEM bytes", new Uint8Array(readFileSync(certFile))],
    ["DER bytes", new Uint8Array(der)],
    ["standard base64 DER", der.toString("base64")],
    ["URL-safe unpadded base64 DER (as in lndconnect)", der.toString("base64url")],
    ["base64 DER wrapped over lines", der.toString("base64").replace(/.{64}/g, "$&\n")],
    ["hex DER", der.toString("hex")],
    ["uppercase hex DER", der.toString("hex").toUpperCase()],
  ] as const)("accepts %s", (_, input) => {
    expect(toPemCert(input)).toBe(pem);
  });

  it("takes the certificate out of a PEM bundle that also holds other blocks", () => {
    const params = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    expect(toPemCert(params + pem)).toBe(pem);
  });
});

describe("toPemCert errors", () => {
  const key = generateKeyPairSync("ec", { namedCurve: "P-256" })
    .privateKey.export({ type: "sec1", format: "pem" })
    .toString();

  it.each([
    ["empty text", "", /empty/],
    ["empty bytes", new Uint8Array(), /empty/],
    ["a private key", key, /found PEM EC PRIVATE KEY but no CERTIFICATE block/],
    ["a PEM header without end", "-----BEGIN CERTIFICATE-----\nMIIB", /without a complete CERTIFICATE block/],
    ["text that is no encoding", "not a cert!", /neither PEM, base64 nor hex/],
    ["bytes that are not DER", Uint8Array.from([1, 2, 3]), /not DER/],
    ["truncated DER", new Uint8Array(der.subarray(0, 100)), /does not parse as an X.509 certificate/],
    [
      "base64 of a non-certificate",
      Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]).toString("base64"),
      /does not parse as an X.509 certificate/,
    ],
  ] as const)("rejects %s", (_, input, want) => {
    let caught: unknown;
    try {
      toPemCert(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WtclientError);
    expect((caught as WtclientError).rawMessage).toMatch(want);
    // a private key never ends up in an error
    expect((caught as WtclientError).message).not.toContain(key.split("\n")[1]!.slice(0, 30));
  });
});

describe("readCertFile", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-cert-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads PEM and DER files", async () => {
    await writeFile(path.join(dir, "tls.cert"), pem);
    await writeFile(path.join(dir, "tls.der"), der);
    expect(await readCertFile(path.join(dir, "tls.cert"))).toBe(pem);
    expect(await readCertFile(path.join(dir, "tls.der"))).toBe(pem);
  });

  it("names the path and the flags when the file is missing", async () => {
    const missing = path.join(dir, "nope", "tls.cert");
    await expect(readCertFile(missing)).rejects.toThrow(`could not load TLS cert file ${missing}`);
    await expect(readCertFile(missing)).rejects.toThrow(/pass --tlscertpath or --lnddir/);
  });

  it("names the path when the file holds no certificate", async () => {
    await writeFile(path.join(dir, "tls.cert"), "hello");
    await expect(readCertFile(path.join(dir, "tls.cert"))).rejects.toThrow(/tls\.cert: TLS certificate is neither PEM/);
  });
});

describe("toPemCert with text in bytes", () => {
  it("reads base64 and hex written to a file", () => {
    expect(toPemCert(Buffer.from(`${der.toString("base64")}\n`))).toBe(pem);
    expect(toPemCert(Buffer.from(der.toString("hex")))).toBe(pem);
  });
});
