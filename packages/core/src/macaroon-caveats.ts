import { isIP } from "node:net";
import { Code } from "@connectrpc/connect";
import { fromBinary } from "@bufbuild/protobuf";
import { addFirstPartyCaveat, encodeBinaryMacaroon, parseBinaryMacaroon } from "./binary-macaroon.js";
import { MacaroonIdSchema } from "./gen/macaroonpb/macaroon_pb.js";
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
  let m = parseBinaryMacaroon(toMacaroonBytes(mac));
  if (timeout > 0) {
    const now = (opts.now ?? new Date()).getTime();
    // RFC 3339 in UTC with milliseconds: lnd's time-before checker parses it as RFC3339Nano
    m = addFirstPartyCaveat(m, `time-before ${new Date(now + timeout * 1000).toISOString()}`);
  }
  if (opts.ip !== undefined) m = addFirstPartyCaveat(m, `ipaddr ${opts.ip}`);
  return encodeBinaryMacaroon(m);
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

/** lnd's identifier: byte 0x03 (bakery Version3), then a macaroonpb.MacaroonId (proto/macaroonpb/macaroon.proto). */
function decodePermissions(identifier: Uint8Array): MacaroonPermission[] {
  const notLnd = (why: string) =>
    new WtclientError(
      `macaroon identifier is not lnd's: ${why}`,
      Code.InvalidArgument,
      "macaroon-invalid",
      "use a macaroon baked by lnd",
    );
  if (identifier[0] !== 0x03) throw notLnd("version byte is not 3");
  try {
    return fromBinary(MacaroonIdSchema, identifier.subarray(1)).ops.map((op) => ({
      entity: op.entity,
      actions: op.actions,
    }));
  } catch (e) {
    throw notLnd(`bad protobuf (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Location, caveats and permissions of an lnd macaroon (what `lncli printmacaroon` shows). */
export function describeMacaroon(mac: Uint8Array): MacaroonDescription {
  const m = parseBinaryMacaroon(toMacaroonBytes(mac));
  const text = new TextDecoder();
  return {
    location: m.location,
    caveats: m.caveats.map((c) => text.decode(c.id)),
    permissions: decodePermissions(m.identifier),
  };
}
