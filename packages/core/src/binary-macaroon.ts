import { createHmac } from "node:crypto";

/**
 * Binary macaroons: parsing as go-macaroon's `UnmarshalBinary` does it, with its error texts (so the
 * double rejects a bad macaroon with the words lnd uses), and the v2 encoding lnd reads.
 */

export interface MacaroonCaveat {
  readonly id: Uint8Array;
  /** set for third-party caveats only */
  readonly verificationId?: Uint8Array;
  readonly location?: string;
}

export interface BinaryMacaroon {
  readonly version: 1 | 2;
  readonly location: string;
  readonly identifier: Uint8Array;
  readonly caveats: readonly MacaroonCaveat[];
  readonly signature: Uint8Array;
}

export class MacaroonFormatError extends Error {
  override readonly name = "MacaroonFormatError";
}

const fieldEos = 0;
const fieldLocation = 1;
const fieldIdentifier = 2;
const fieldVerificationId = 4;
const fieldSignature = 6;
const hashLen = 32;

interface Packet {
  readonly type: number;
  readonly data: Uint8Array;
}

interface Cursor {
  bytes: Uint8Array;
}

function varint(c: Cursor): number {
  let value = 0;
  for (let i = 0; i < 10; i++) {
    if (i >= c.bytes.length) throw new MacaroonFormatError("varint value extends past end of buffer");
    const b = c.bytes[i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) {
      if (value > 0x7fffffff) throw new MacaroonFormatError("varint value out of range");
      c.bytes = c.bytes.subarray(i + 1);
      return value;
    }
  }
  throw new MacaroonFormatError("varint value out of range");
}

function packetV2(c: Cursor): Packet {
  const type = varint(c);
  if (type === fieldEos) return { type, data: new Uint8Array(0) };
  const length = varint(c);
  if (length > c.bytes.length) throw new MacaroonFormatError("field data extends past end of buffer");
  const data = c.bytes.subarray(0, length);
  c.bytes = c.bytes.subarray(length);
  return { type, data };
}

function sectionV2(c: Cursor): Packet[] {
  const packets: Packet[] = [];
  let previous = -1;
  for (;;) {
    if (c.bytes.length === 0) throw new MacaroonFormatError("section extends past end of buffer");
    const p = packetV2(c);
    if (p.type === fieldEos) return packets;
    if (p.type <= previous) throw new MacaroonFormatError("fields out of order");
    packets.push(p);
    previous = p.type;
  }
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function parseV2(bytes: Uint8Array, exact: boolean): BinaryMacaroon {
  const c: Cursor = { bytes: bytes.subarray(1) };
  let header = sectionV2(c);
  let location = "";
  if (header[0]?.type === fieldLocation) {
    location = text(header[0].data);
    header = header.slice(1);
  }
  if (header.length !== 1 || header[0]!.type !== fieldIdentifier)
    throw new MacaroonFormatError("invalid macaroon header");
  const identifier = header[0]!.data;
  const caveats: MacaroonCaveat[] = [];
  for (;;) {
    const section = sectionV2(c);
    if (section.length === 0) break;
    const located = section[0]!.type === fieldLocation;
    const caveatLocation = located ? text(section[0]!.data) : undefined;
    const [idPacket, ...extra] = located ? section.slice(1) : section;
    if (idPacket?.type !== fieldIdentifier) throw new MacaroonFormatError("no identifier in caveat");
    if (extra.length === 0) {
      if (caveatLocation) throw new MacaroonFormatError("location not allowed in first party caveat");
      caveats.push({ id: idPacket.data });
      continue;
    }
    if (extra.length !== 1) throw new MacaroonFormatError("extra fields found in caveat");
    if (extra[0]!.type !== fieldVerificationId) throw new MacaroonFormatError("invalid field found in caveat");
    const location = caveatLocation === undefined ? {} : { location: caveatLocation };
    caveats.push({ id: idPacket.data, verificationId: extra[0]!.data, ...location });
  }
  const sig = packetV2(c);
  if (sig.type !== fieldSignature) throw new MacaroonFormatError("unexpected field found instead of signature");
  if (sig.data.length !== hashLen) throw new MacaroonFormatError("signature has unexpected length");
  if (exact && c.bytes.length > 0)
    throw new MacaroonFormatError(`${c.bytes.length} bytes of unexpected data after the signature`);
  return { version: 2, location, identifier, caveats, signature: sig.data };
}

/** go-macaroon's asciiHex: lowercase hex digits only. */
function isAsciiHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66);
}

function packetV1(c: Cursor): { name: string; data: Uint8Array } {
  if (c.bytes.length < 6) throw new MacaroonFormatError("packet too short");
  const head = c.bytes.subarray(0, 4);
  if (!head.every(isAsciiHex)) throw new MacaroonFormatError("cannot parse size");
  const size = parseInt(text(head), 16);
  if (size > c.bytes.length) throw new MacaroonFormatError("packet size too big");
  const body = c.bytes.subarray(4, size);
  const space = body.indexOf(0x20);
  if (space <= 0) throw new MacaroonFormatError("cannot parse field name");
  if (body[body.length - 1] !== 0x0a) throw new MacaroonFormatError("no terminating newline found");
  c.bytes = c.bytes.subarray(size);
  return { name: text(body.subarray(0, space)), data: body.subarray(space + 1, body.length - 1) };
}

function expectV1(c: Cursor, name: string): Uint8Array {
  const p = packetV1(c);
  if (p.name !== name) throw new MacaroonFormatError(`unexpected field "${p.name}"; expected ${name}`);
  return p.data;
}

function parseV1(bytes: Uint8Array): BinaryMacaroon {
  const c: Cursor = { bytes };
  const location = text(expectV1(c, "location"));
  const identifier = expectV1(c, "identifier");
  const caveats: MacaroonCaveat[] = [];
  let current: { id?: Uint8Array; verificationId?: Uint8Array; location?: string } = {};
  for (;;) {
    const p = packetV1(c);
    if (p.name === "signature") {
      if (current.id !== undefined) caveats.push({ ...current, id: current.id });
      if (p.data.length !== hashLen) throw new MacaroonFormatError(`signature has unexpected length ${p.data.length}`);
      return { version: 1, location, identifier, caveats, signature: p.data };
    } else if (p.name === "cid") {
      if (current.id !== undefined) caveats.push({ ...current, id: current.id });
      current = { id: p.data };
    } else if (p.name === "vid") {
      if (current.verificationId !== undefined) throw new MacaroonFormatError('repeated field "vid" in caveat');
      current.verificationId = p.data;
    } else if (p.name === "cl") {
      if (current.location) throw new MacaroonFormatError('repeated field "location" in caveat');
      current.location = text(p.data);
    } else {
      throw new MacaroonFormatError(`unexpected field "${p.name}"`);
    }
  }
}

/**
 * Parse a binary macaroon (v2, or go-macaroon's v1); throws MacaroonFormatError with go-macaroon's text.
 * Bytes after a v2 macaroon are ignored, as go-macaroon does, unless `exact` is set.
 */
export function parseBinaryMacaroon(bytes: Uint8Array, { exact = false }: { exact?: boolean } = {}): BinaryMacaroon {
  if (bytes.length === 0) throw new MacaroonFormatError("empty macaroon data");
  const first = bytes[0]!;
  const attempt = (version: string, parse: () => BinaryMacaroon): BinaryMacaroon => {
    try {
      return parse();
    } catch (e) {
      throw new MacaroonFormatError(`unmarshal ${version}: ${(e as Error).message}`);
    }
  };
  if (first === 2) return attempt("v2", () => parseV2(bytes, exact));
  if (isAsciiHex(first)) return attempt("v1", () => parseV1(bytes));
  throw new MacaroonFormatError("cannot determine data format of binary-encoded macaroon");
}

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function pushField(out: number[], type: number, data: Uint8Array): void {
  pushVarint(out, type);
  pushVarint(out, data.length);
  for (const b of data) out.push(b);
}

/** The v2 binary encoding (what lnd reads): version byte 2, header, one section per caveat, signature. */
export function encodeBinaryMacaroon(mac: BinaryMacaroon): Uint8Array {
  const utf8 = new TextEncoder();
  const out: number[] = [2];
  if (mac.location !== "") pushField(out, fieldLocation, utf8.encode(mac.location));
  pushField(out, fieldIdentifier, mac.identifier);
  out.push(fieldEos);
  for (const caveat of mac.caveats) {
    if (caveat.location !== undefined && caveat.location !== "")
      pushField(out, fieldLocation, utf8.encode(caveat.location));
    pushField(out, fieldIdentifier, caveat.id);
    if (caveat.verificationId !== undefined) pushField(out, fieldVerificationId, caveat.verificationId);
    out.push(fieldEos);
  }
  out.push(fieldEos);
  pushField(out, fieldSignature, mac.signature);
  return Uint8Array.from(out);
}

/** Add a first-party caveat: the new signature is HMAC-SHA256 keyed with the old one over the caveat's id. */
export function addFirstPartyCaveat(mac: BinaryMacaroon, condition: string): BinaryMacaroon {
  const id = new TextEncoder().encode(condition);
  const signature = new Uint8Array(createHmac("sha256", mac.signature).update(id).digest());
  return { ...mac, version: 2, caveats: [...mac.caveats, { id }], signature };
}
