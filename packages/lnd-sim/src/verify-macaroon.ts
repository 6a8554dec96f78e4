import { createHmac, timingSafeEqual } from "node:crypto";
import { hexToBytes, parseBinaryMacaroon, type BinaryMacaroon } from "@wtclient/core/internal";
import { checkFirstPartyCaveat } from "./caveat-check.js";
import { decodeMacaroonId, macaroonIdVersion, type MacaroonId } from "./macaroon-id.js";
import { uriEntity, type Permission } from "./lnd-permissions.js";

/** One call as lnd's macaroon interceptor sees it. */
export interface MacaroonCall {
  /** every value of the `macaroon` metadata key */
  readonly values: readonly string[];
  readonly permission: Permission;
  /** e.g. `/wtclientrpc.WatchtowerClient/TerminateSession` */
  readonly fullMethod: string;
  readonly peerIp: string;
  readonly now?: Date;
}

/** Root keys by storage id (lnd's default id is "0"). */
export type RootKeyLookup = (storageId: string) => Uint8Array | undefined;

const hmac = (key: Uint8Array, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHmac("sha256", key).update(data).digest());

/** go-macaroon's signature chain: derive the key, sign the id, then fold in each first-party caveat id. */
export function macaroonSignature(
  rootKey: Uint8Array,
  identifier: Uint8Array,
  caveatIds: readonly Uint8Array[],
): Uint8Array {
  let sig = hmac(hmac(new TextEncoder().encode("macaroons-key-generator"), rootKey), identifier);
  for (const id of caveatIds) sig = hmac(sig, id);
  return sig;
}

function verifySignature(mac: BinaryMacaroon, rootKey: Uint8Array): string | undefined {
  const thirdParty = mac.caveats.find((c) => c.verificationId !== undefined);
  if (thirdParty) {
    return `verification failed: cannot find discharge macaroon for caveat ${Buffer.from(thirdParty.id).toString("hex")}`;
  }
  const expected = macaroonSignature(
    rootKey,
    mac.identifier,
    mac.caveats.map((c) => c.id),
  );
  if (timingSafeEqual(expected, mac.signature)) return undefined;
  return "verification failed: signature mismatch after caveat verification";
}

function grants(id: MacaroonId, entity: string, action: string): boolean {
  return id.ops.some((op) => op.entity === entity && op.actions.includes(action));
}

function decodeId(identifier: Uint8Array): MacaroonId | string {
  let id: MacaroonId;
  try {
    id = decodeMacaroonId(identifier);
  } catch {
    return "cannot retrieve macaroon: cannot unmarshal macaroon id: unexpected EOF";
  }
  if (id.ops.length === 0 || id.ops[0]!.actions.length === 0)
    return "cannot retrieve macaroon: no operations found in macaroon";
  return id;
}

/**
 * lnd's `ValidateMacaroon` for one call, in lnd's order: exactly one value, hex, binary v2, identifier version,
 * root key, signature, then the method's entity/action (else its `uri:` permission) with the caveats checked.
 * Returns lnd's error text, or undefined when the call is allowed.
 */
export function macaroonFailure(call: MacaroonCall, rootKeyOf: RootKeyLookup): string | undefined {
  if (call.values.length !== 1) return `expected 1 macaroon, got ${call.values.length}`;
  let mac: BinaryMacaroon;
  try {
    mac = parseBinaryMacaroon(hexToBytes(call.values[0]!));
  } catch (e) {
    return (e as Error).message;
  }
  if (mac.version !== 2) return `unknown macaroon version: v${mac.version}`;
  if (mac.identifier[0] !== macaroonIdVersion) return "invalid ID";
  const id = decodeId(mac.identifier);
  if (typeof id === "string") return id;
  const rootKey = rootKeyOf(id.storageId);
  if (rootKey === undefined) {
    return `cannot retrieve macaroon: cannot get macaroon: root key with id ${id.storageId} doesn't exist`;
  }
  const badSignature = verifySignature(mac, rootKey);
  if (badSignature !== undefined) return badSignature;

  // the bakery reports the first caveat failure of a macaroon that holds the op, else "permission denied"
  if (!grants(id, call.permission.entity, call.permission.action) && !grants(id, uriEntity, call.fullMethod)) {
    return "permission denied";
  }
  const ctx = { peerIp: call.peerIp, now: call.now ?? new Date() };
  for (const caveat of mac.caveats) {
    const failure = checkFirstPartyCaveat(new TextDecoder().decode(caveat.id), ctx);
    if (failure !== undefined) return failure;
  }
  return undefined;
}
