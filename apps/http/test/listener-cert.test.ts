import { X509Certificate, createPrivateKey } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import tls from "node:tls";
import { describe, expect, it } from "vitest";
import { generateListenerCert } from "../src/listener-cert.js";

/** A TLS handshake on loopback against a server with the pair; the client pins `ca` (default the pair's cert). */
async function handshake(
  pair: { cert: string; key: string },
  connectHost: string,
  servername?: string,
  ca = pair.cert,
): Promise<string> {
  const server = tls.createServer({ cert: pair.cert, key: pair.key }, (socket) => socket.end("hello"));
  server.listen(0, connectHost);
  await once(server, "listening");
  try {
    const socket = tls.connect({
      host: connectHost,
      port: (server.address() as AddressInfo).port,
      ca,
      ...(servername !== undefined ? { servername } : {}),
    });
    const [data] = await Promise.race([
      once(socket, "data"),
      once(socket, "error").then(([e]) => Promise.reject(e as Error)),
    ]);
    socket.destroy();
    return String(data);
  } finally {
    server.close();
  }
}

describe("the listener's self-signed certificate", () => {
  it("is an ECDSA P-256 leaf for the listen host, localhost and loopback, signed by its own key, not an lnd look-alike", () => {
    const pair = generateListenerCert("127.0.0.1");
    const cert = new X509Certificate(pair.cert);
    expect(cert.subject).toBe("CN=127.0.0.1");
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(cert.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(pair.key))).toBe(true);
    expect(cert.toString()).not.toMatch(/lnd|unix|bufconn/);
    // valid now, for a year
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Date.parse(cert.validFrom)).toBeLessThan(Date.now());
    expect(Math.round(days)).toBe(365);
  });

  it("names a specific IPv6 or DNS listen host and, on every address, this machine's name", () => {
    const v6 = new X509Certificate(generateListenerCert("fd00::1:2").cert);
    expect(v6.checkIP("fd00::1:2")).toBe("fd00::1:2");
    expect(v6.checkIP("::1")).toBe("::1");
    const mapped = new X509Certificate(generateListenerCert("::ffff:10.1.2.3").cert);
    expect(mapped.subjectAltName).toContain("IP Address:0:0:0:0:0:FFFF:A01:203");
    const named = new X509Certificate(generateListenerCert("Tower.Example.org").cert);
    expect(named.subject).toBe("CN=tower.example.org");
    expect(named.checkHost("tower.example.org")).toBe("tower.example.org");
    expect(named.checkIP("10.0.0.1")).toBeUndefined();
    const wildcard = new X509Certificate(generateListenerCert("0.0.0.0").cert);
    expect(wildcard.checkHost(hostname())).toBeDefined();
    expect(wildcard.checkIP("0.0.0.0")).toBeUndefined();
  });

  it("completes a pinned TLS handshake by IP and by name, and fails for a name it does not carry", async () => {
    const pair = generateListenerCert("127.0.0.1");
    expect(await handshake(pair, "127.0.0.1")).toBe("hello");
    expect(await handshake(pair, "127.0.0.1", "localhost")).toBe("hello");
    await expect(handshake(pair, "127.0.0.1", "elsewhere.example")).rejects.toThrow(/altnames/);
    // another listener's cert is not trusted
    await expect(handshake(pair, "127.0.0.1", undefined, generateListenerCert("127.0.0.1").cert)).rejects.toThrow(
      /self-signed/,
    );
  });

  it("writes a validity that ends in 2050 or later as GeneralizedTime, which X.509 readers accept", () => {
    const cert = new X509Certificate(generateListenerCert("127.0.0.1", new Date("2049-12-01T00:00:00Z")).cert);
    expect(new Date(cert.validFrom).toISOString()).toBe("2049-11-30T23:00:00.000Z");
    expect(new Date(cert.validTo).toISOString()).toBe("2050-12-01T00:00:00.000Z");
  });

  it("has a fresh key and serial each time", () => {
    const a = new X509Certificate(generateListenerCert("127.0.0.1").cert);
    const b = new X509Certificate(generateListenerCert("127.0.0.1").cert);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.publicKey.export({ format: "jwk" })).not.toEqual(b.publicKey.export({ format: "jwk" }));
  });
});
