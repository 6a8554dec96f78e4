import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { MacaroonIdSchema } from "@wtclient/core/internal";

/** One `Op` of lnd's `MacaroonId`: an entity and the actions granted on it. */
export interface MacaroonOp {
  readonly entity: string;
  readonly actions: readonly string[];
}

/** lnd's macaroon identifier as the double uses it: core's generated `macaroonpb.MacaroonId`, storageId as text. */
export interface MacaroonId {
  readonly nonce: Uint8Array;
  readonly storageId: string;
  readonly ops: readonly MacaroonOp[];
}

/** bakery.Version3, the first byte of every identifier lnd bakes (and the only one it accepts). */
export const macaroonIdVersion = 3;

/** The version byte, then the MacaroonId protobuf. */
export function encodeMacaroonId(id: MacaroonId): Uint8Array {
  const message = create(MacaroonIdSchema, {
    nonce: id.nonce,
    storageId: new TextEncoder().encode(id.storageId),
    ops: id.ops.map((op) => ({ entity: op.entity, actions: [...op.actions] })),
  });
  const body = toBinary(MacaroonIdSchema, message);
  const out = new Uint8Array(body.length + 1);
  out[0] = macaroonIdVersion;
  out.set(body, 1);
  return out;
}

/** Decode the protobuf after the version byte; throws on malformed bytes. */
export function decodeMacaroonId(identifier: Uint8Array): MacaroonId {
  const id = fromBinary(MacaroonIdSchema, identifier.subarray(1));
  return {
    nonce: id.nonce,
    storageId: new TextDecoder().decode(id.storageId),
    ops: id.ops.map((op) => ({ entity: op.entity, actions: op.actions })),
  };
}
