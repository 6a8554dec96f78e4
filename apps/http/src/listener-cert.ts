import { X509Certificate, createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import net from "node:net";
import { hostname } from "node:os";
import type { Logger } from "pino";
import {
  bitString,
  booleanTrue,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from "./der.js";

/** A PEM certificate and its PEM private key, for the service's TLS listener. */
export interface ListenerCert {
  readonly cert: string;
  readonly key: string;
}

const hour = 60 * 60 * 1000;
const validityMs = 365 * 24 * hour;
const ecdsaWithSha256 = sequence(objectIdentifier("1.2.840.10045.4.3.2"));

/** The 4 or 16 bytes of an IP address (IPv6 with `::` and a trailing dotted IPv4 allowed). */
function ipBytes(ip: string): Buffer {
  if (net.isIPv4(ip)) return Buffer.from(ip.split(".").map(Number));
  const [head = "", tail] = ip.split("::") as [string, string | undefined];
  const groupsOf = (part: string) =>
    part === ""
      ? []
      : part.split(":").flatMap((g) => {
          if (!net.isIPv4(g)) return [parseInt(g, 16)];
          const v4 = ipBytes(g);
          return [v4.readUInt16BE(0), v4.readUInt16BE(2)];
        });
  const front = groupsOf(head);
  const back = tail === undefined ? [] : groupsOf(tail);
  const groups = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [booleanTrue()] : []), octetString(value));
}

/** The names the listener answers to: its own host when specific, else this machine's name; always localhost and loopback. */
function namesOf(listenHost: string): { own: string; dns: string[]; ips: string[] } {
  const wildcard = listenHost === "0.0.0.0" || listenHost === "::";
  const own = (wildcard ? hostname() : listenHost).toLowerCase();
  const dns = net.isIP(own) === 0 ? [own] : [];
  const ips = net.isIP(own) !== 0 ? [own] : [];
  return { own, dns: [...new Set([...dns, "localhost"])], ips: [...new Set([...ips, "127.0.0.1", "::1"])] };
}

/**
 * A self-signed leaf certificate for the listener (not a CA): ECDSA P-256 with SHA-256, CN and SANs naming the
 * listen host (this machine's name when it listens on every address), localhost, 127.0.0.1 and ::1, server auth only,
 * valid for a year. Clients pin it; the key lives in memory only.
 */
export function generateListenerCert(listenHost: string, now = new Date()): ListenerCert {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const { own, dns, ips } = namesOf(listenHost);
  // issuer and subject: the listener's own name
  const name = sequence(set(sequence(objectIdentifier("2.5.4.3"), utf8String(own))));
  // a positive 127-bit serial, as RFC 5280 asks (at most 20 bytes, unpredictable)
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  // the key identifier is the SHA-1 of the public key's bits (RFC 5280 4.2.1.2, method 1); P-256's are the last 65 bytes
  const keyId = createHash("sha1")
    .update(spki.subarray(spki.length - 65))
    .digest();
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(serial),
    ecdsaWithSha256,
    name,
    sequence(time(new Date(now.getTime() - hour)), time(new Date(now.getTime() + validityMs))),
    name,
    spki,
    explicit(
      3,
      sequence(
        // digitalSignature only (bit 0), so 7 unused bits
        extension("2.5.29.15", true, bitString(Buffer.from([0x80]), 7)),
        extension("2.5.29.37", false, sequence(objectIdentifier("1.3.6.1.5.5.7.3.1"))),
        // cA absent means false: a leaf
        extension("2.5.29.19", true, sequence()),
        extension("2.5.29.14", false, octetString(keyId)),
        extension(
          "2.5.29.17",
          false,
          sequence(...dns.map((d) => tlv(0x82, Buffer.from(d, "ascii"))), ...ips.map((ip) => tlv(0x87, ipBytes(ip)))),
        ),
      ),
    ),
  );
  const certificate = sequence(tbs, ecdsaWithSha256, bitString(sign("sha256", tbs, privateKey)));
  const base64 = certificate.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`,
    key: String(privateKey.export({ type: "pkcs8", format: "pem" })),
  };
}

/** Log a self-signed listener certificate and its SHA-256 fingerprint: public, clients pin it (the key stays in memory). */
export function logListenerCert(logger: Logger, cert: string): void {
  const fingerprint = new X509Certificate(cert).fingerprint256;
  logger.info(
    { tlsCert: cert, fingerprint256: fingerprint },
    `self-signed certificate of the listener, SHA-256 ${fingerprint}`,
  );
}
