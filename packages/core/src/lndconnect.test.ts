import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { joinHostPort } from "./join-host-port.js";
import { formatLndconnect, parseLndconnect } from "./lndconnect.js";
import { WtclientError } from "./wtclient-error.js";
import { fixtureDir } from "@wtclient/lnd-fixtures";

const fixtures = fixtureDir;
const pem = readFileSync(path.join(fixtures, "tls.cert"), "utf8");
const der = new X509Certificate(pem).raw;
const mac = new Uint8Array(readFileSync(path.join(fixtures, "admin.macaroon")));
const macB = Buffer.from(mac);

const url = (b: Buffer) => b.toString("base64url");
const urlPadded = (b: Buffer) => b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
const std = (b: Buffer) => b.toString("base64");
const stdUnpadded = (b: Buffer) => b.toString("base64").replace(/=+$/, "");

describe("parseLndconnect", () => {
  it.each([
    ["URL-safe, unpadded (the spec's form)", url],
    ["URL-safe, padded", urlPadded],
    ["standard, padded", std],
    ["standard, unpadded", stdUnpadded],
    ["standard, percent-encoded", (b: Buffer) => encodeURIComponent(std(b))],
  ])("reads cert and macaroon as %s base64", (_, enc) => {
    const got = parseLndconnect(`lndconnect://node.example:10009?cert=${enc(der)}&macaroon=${enc(macB)}`);
    expect(got.host).toBe("node.example");
    expect(got.port).toBe(10009);
    expect(got.cert).toBe(pem);
    expect(Buffer.from(got.macaroon).equals(macB)).toBe(true);
  });

  it("works without a cert (publicly trusted certificate)", () => {
    const got = parseLndconnect(`lndconnect://192.0.2.5:8080?macaroon=${url(macB)}`);
    expect(got).toEqual({ host: "192.0.2.5", port: 8080, macaroon: mac });
    expect(got.cert).toBeUndefined();
  });

  it.each([
    ["[::1]:10009", "::1", 10009],
    ["[2001:db8::7]:8080", "2001:db8::7", 8080],
    ["[::1]", "::1", 10009],
    ["localhost", "localhost", 10009],
    ["localhost:10010/", "localhost", 10010],
  ])("reads the authority %s", (authority, host, port) => {
    const got = parseLndconnect(`lndconnect://${authority}?macaroon=${url(macB)}&cert=${url(der)}`);
    expect([got.host, got.port]).toEqual([host, port]);
  });

  it("accepts a form-encoded '+' that became a space, and an uppercase scheme", () => {
    const spaced = std(macB).replace(/\+/g, " ");
    expect(Buffer.from(parseLndconnect(`LNDCONNECT://h:1?macaroon=${spaced}`).macaroon).equals(macB)).toBe(true);
  });

  it.each([
    ["a different scheme", `https://h:10009?macaroon=${url(macB)}`, /not an lndconnect URI/],
    ["no macaroon", `lndconnect://h:10009?cert=${url(der)}`, /no macaroon parameter/],
    ["an empty macaroon", `lndconnect://h:10009?macaroon=`, /no macaroon parameter/],
    [
      "macaroon not base64",
      `lndconnect://h:10009?macaroon=${url(macB).slice(0, 30)}!!`,
      /macaroon parameter is not valid base64/,
    ],
    ["cert not base64", `lndconnect://h:10009?cert=%%%&macaroon=${url(macB)}`, /bad percent-encoding/],
    [
      "cert of another kind",
      `lndconnect://h:10009?cert=${url(Buffer.from("hello"))}&macaroon=${url(macB)}`,
      /TLS certificate/,
    ],
    ["macaroon not v2", `lndconnect://h:10009?macaroon=${url(Buffer.from([1, 2, 3, 4]))}`, /not a binary v2 macaroon/],
    ["port 0", `lndconnect://h:0?macaroon=${url(macB)}`, /port must be 1-65535/],
    ["port 70000", `lndconnect://h:70000?macaroon=${url(macB)}`, /port must be 1-65535/],
    ["no host", `lndconnect://:10009?macaroon=${url(macB)}`, /expected host:port/],
    ["user info", `lndconnect://u@h:10009?macaroon=${url(macB)}`, /expected host:port/],
  ])("rejects %s without echoing the URI", (_, uri, want) => {
    let caught: unknown;
    try {
      parseLndconnect(uri);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WtclientError);
    expect((caught as WtclientError).rawMessage).toMatch(want);
    expect((caught as WtclientError).message).not.toContain(url(macB).slice(0, 30));
  });
});

describe("formatLndconnect", () => {
  it("writes unpadded base64url and round-trips", () => {
    const uri = formatLndconnect({ host: "::1", port: 10009, cert: pem, macaroon: mac });
    expect(uri).toBe(`lndconnect://[::1]:10009?cert=${url(der)}&macaroon=${url(macB)}`);
    for (const [, value] of new URLSearchParams(uri.split("?")[1])) expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = parseLndconnect(uri);
    expect(back.cert).toBe(pem);
    expect(Buffer.from(back.macaroon).equals(macB)).toBe(true);
  });

  it("takes the cert as DER and may omit it", () => {
    expect(formatLndconnect({ host: "h", port: 1, cert: new Uint8Array(der), macaroon: mac })).toContain(
      `cert=${url(der)}&`,
    );
    expect(formatLndconnect({ host: "h", port: 1, macaroon: mac })).toBe(`lndconnect://h:1?macaroon=${url(macB)}`);
  });

  it("joinHostPort brackets IPv6 only", () => {
    expect(joinHostPort("::1", 8080)).toBe("[::1]:8080");
    expect(joinHostPort("127.0.0.1", 8080)).toBe("127.0.0.1:8080");
  });
});
