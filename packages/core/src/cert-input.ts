import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Code } from "@connectrpc/connect";
import { decodeBase64Loose, hexToBytes } from "./bytes-codec.js";
import { WtclientError } from "./wtclient-error.js";

const hint = "give lnd's tls.cert (PEM), or its DER bytes, base64 or hex";

function invalid(message: string, why = hint): WtclientError {
  return new WtclientError(message, Code.InvalidArgument, "bad-request", why);
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** The DER of the first CERTIFICATE block of PEM text. */
function pemToDer(text: string): Uint8Array {
  const types: string[] = [];
  for (const [, type, body] of text.matchAll(pemBlock)) {
    if (type !== "CERTIFICATE") {
      types.push(type!);
      continue;
    }
    const der = decodeBase64Loose(body!.replace(/\s+/g, ""));
    if (der === undefined) throw invalid("TLS certificate: the PEM CERTIFICATE block is not valid base64");
    return der;
  }
  // never echo the block: it may be a private key
  throw invalid(
    types.length > 0
      ? `TLS certificate: found PEM ${types.join(", ")} but no CERTIFICATE block`
      : "TLS certificate: PEM text without a complete CERTIFICATE block",
  );
}

/** Text in any of the accepted forms, to DER. */
function textToDer(text: string): Uint8Array {
  if (text.includes("-----BEGIN")) return pemToDer(text);
  const compact = text.replace(/\s+/g, "");
  if (compact === "") throw invalid("TLS certificate is empty");
  // DER starts with 0x30, so base64 DER starts with "M" and is never all hex
  if (/^[0-9a-fA-F]+$/.test(compact) && compact.length % 2 === 0) return hexToBytes(compact);
  const der = decodeBase64Loose(compact);
  if (der === undefined) throw invalid("TLS certificate is neither PEM, base64 nor hex");
  return der;
}

/** Bytes that are text (PEM, or base64/hex written to a file) rather than DER, which starts with 0x30. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (Buffer.from(bytes.subarray(0, 64)).toString("latin1").trimStart().startsWith("-----BEGIN")) return true;
  return (
    bytes.length > 0 &&
    bytes[0] !== 0x30 &&
    bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09)
  );
}

/**
 * lnd's TLS certificate as PEM, from PEM text, DER bytes, or DER as base64 (any flavour) or hex.
 * Checks that it parses as an X.509 certificate.
 */
export function toPemCert(input: string | Uint8Array): string {
  let der: Uint8Array;
  if (typeof input === "string") der = textToDer(input);
  else if (looksLikeText(input)) der = textToDer(Buffer.from(input).toString("utf8"));
  else der = input;
  if (der.length === 0) throw invalid("TLS certificate is empty");
  if (der[0] !== 0x30)
    throw invalid("TLS certificate: the data is not DER (an X.509 certificate starts with byte 0x30)");
  try {
    return new X509Certificate(der).toString();
  } catch {
    // OpenSSL's text for a failed DER parse names PEM routines and misleads; say what it is
    throw invalid("TLS certificate: the data does not parse as an X.509 certificate");
  }
}

/** Read a certificate file (PEM as lnd writes it, or DER) and return it as PEM. */
export async function readCertFile(path: string): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw invalid(
      `could not load TLS cert file ${path}: ${why}; pass --tlscertpath or --lnddir`,
      "point --tlscertpath at lnd's tls.cert, or --lnddir at the directory that holds it",
    );
  }
  try {
    return toPemCert(data);
  } catch (e) {
    const err = WtclientError.from(e);
    throw invalid(`TLS cert file ${path}: ${err.rawMessage}`, err.hint);
  }
}
