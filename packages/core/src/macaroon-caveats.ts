import { isIP } from "node:net";
import { Code } from "@connectrpc/connect";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { importMacaroon } from "macaroon";
import { toMacaroonBytes } from "./macaroon-input.js";
import { WtclientError } from "./wtclient-error.js";

/** The caveats {@link constrainMacaroon} adds. */
export interface ConstrainOptions {
  /** seconds the macaroon stays valid (lncli's --macaroontimeout); default 60, 0 = no time-before caveat */
  timeoutSeconds?: number;
  /** lock the macaroon to this client IP (lncli's --macaroonip) */
  ip?: string;
  /** the clock to start the timeout from; default now */
  now?: Date;
}

function badOption(message: string, hint: string): WtclientError {
  return new WtclientError(message, Code.InvalidArgument, "bad-request", hint);
}

/**
 * What lncli does before every call: add `time-before <now+timeout>` and, if asked, `ipaddr <ip>`
 * as first-party caveats (each re-signs: HMAC-SHA256(old signature, caveat)). Returns binary v2.
 * The transports do this on every call already; use it to hand a short-lived macaroon to someone else.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { constrainMacaroon } from "@wtclient/core";
 *
 * const fiveMinutes = constrainMacaroon(readFileSync("readonly.macaroon"), { timeoutSeconds: 300 });
 * ```
 */
export function constrainMacaroon(mac: Uint8Array, opts: ConstrainOptions = {}): Uint8Array {
  const timeout = opts.timeoutSeconds ?? 60;
  if (!Number.isSafeInteger(timeout) || timeout < 0) {
    throw badOption("macaroon timeout must be a whole number of seconds >= 0", "pass --macaroontimeout <seconds>");
  }
  // lnd parses the address with Go's net.ParseIP, which takes no IPv6 zone
  if (opts.ip !== undefined && (isIP(opts.ip) === 0 || opts.ip.includes("%"))) {
    throw badOption("incorrect macaroon IP-lock address", "pass --macaroonip an IPv4 or IPv6 address");
  }
  const m = importMacaroon(toMacaroonBytes(mac));
  if (timeout > 0) {
    const now = (opts.now ?? new Date()).getTime();
    // RFC 3339 in UTC with milliseconds: lnd's time-before checker parses it as RFC3339Nano
    m.addFirstPartyCaveat(`time-before ${new Date(now + timeout * 1000).toISOString()}`);
  }
  if (opts.ip !== undefined) m.addFirstPartyCaveat(`ipaddr ${opts.ip}`);
  return m.exportBinary();
}

/** One entity of an lnd macaroon and the actions it allows on it, e.g. offchain: read, write. */
export interface MacaroonPermission {
  /** e.g. `offchain`, or `uri` for per-method permissions */
  entity: string;
  /** e.g. `read`, `write` */
  actions: string[];
}

/** What {@link describeMacaroon} reads from a macaroon. */
export interface MacaroonDescription {
  /** the macaroon's location, `lnd` for lnd's */
  location: string;
  /** first-party caveat conditions, e.g. `time-before 2026-11-26T22:56:26.280Z` */
  caveats: string[];
  /** the entity:action pairs baked into lnd's identifier */
  permissions: MacaroonPermission[];
}

/** lnd's identifier: byte 0x03, then protobuf MacaroonId{nonce=1, storageId=2, repeated Op ops=3}. */
function decodePermissions(identifier: Uint8Array): MacaroonPermission[] {
  const notLnd = (why: string) =>
    new WtclientError(`macaroon identifier is not lnd's: ${why}`, Code.InvalidArgument, "macaroon-invalid", "use a macaroon baked by lnd");
  if (identifier[0] !== 0x03) throw notLnd("version byte is not 3");
  const permissions: MacaroonPermission[] = [];
  try {
    const reader = new BinaryReader(identifier.subarray(1));
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag();
      if (field === 3 && wireType === WireType.LengthDelimited) permissions.push(decodeOp(reader.bytes()));
      else reader.skip(wireType, field);
    }
  } catch (e) {
    throw notLnd(`bad protobuf (${e instanceof Error ? e.message : String(e)})`);
  }
  return permissions;
}

/** Op{string entity = 1; repeated string actions = 2} */
function decodeOp(bytes: Uint8Array): MacaroonPermission {
  const op: MacaroonPermission = { entity: "", actions: [] };
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) op.entity = reader.string();
    else if (field === 2 && wireType === WireType.LengthDelimited) op.actions.push(reader.string());
    else reader.skip(wireType, field);
  }
  return op;
}

/** Location, caveats and permissions of an lnd macaroon (what `lncli printmacaroon` shows). */
export function describeMacaroon(mac: Uint8Array): MacaroonDescription {
  const m = importMacaroon(toMacaroonBytes(mac));
  const text = new TextDecoder();
  return {
    location: m.location,
    caveats: m.caveats.map((c) => text.decode(c.identifier)),
    permissions: decodePermissions(m.identifier),
  };
}
