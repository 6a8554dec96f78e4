import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/** One `Op` of lnd's `MacaroonId`: an entity and the actions granted on it. */
export interface MacaroonOp {
  readonly entity: string;
  readonly actions: readonly string[];
}

/** lnd's macaroon identifier: bakery Version3 byte + protobuf `MacaroonId{nonce=1, storageId=2, ops=3}`. */
export interface MacaroonId {
  readonly nonce: Uint8Array;
  readonly storageId: string;
  readonly ops: readonly MacaroonOp[];
}

/** bakery.Version3, the first byte of every identifier lnd bakes (and the only one it accepts). */
export const macaroonIdVersion = 3;

export function encodeMacaroonId(id: MacaroonId): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).bytes(id.nonce);
  w.tag(2, WireType.LengthDelimited).bytes(new TextEncoder().encode(id.storageId));
  for (const op of id.ops) {
    w.tag(3, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).string(op.entity);
    for (const action of op.actions) w.tag(2, WireType.LengthDelimited).string(action);
    w.join();
  }
  const body = w.finish();
  const out = new Uint8Array(body.length + 1);
  out[0] = macaroonIdVersion;
  out.set(body, 1);
  return out;
}

function decodeOp(bytes: Uint8Array): MacaroonOp {
  const r = new BinaryReader(bytes);
  let entity = "";
  const actions: string[] = [];
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LengthDelimited) entity = r.string();
    else if (field === 2 && wire === WireType.LengthDelimited) actions.push(r.string());
    else r.skip(wire, field);
  }
  return { entity, actions };
}

/** Decode the protobuf after the version byte; throws on malformed bytes. */
export function decodeMacaroonId(identifier: Uint8Array): MacaroonId {
  const r = new BinaryReader(identifier.subarray(1));
  let nonce: Uint8Array = new Uint8Array(0);
  let storageId = "";
  const ops: MacaroonOp[] = [];
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LengthDelimited) nonce = r.bytes();
    else if (field === 2 && wire === WireType.LengthDelimited) storageId = new TextDecoder().decode(r.bytes());
    else if (field === 3 && wire === WireType.LengthDelimited) ops.push(decodeOp(r.bytes()));
    else r.skip(wire, field);
  }
  return { nonce, storageId, ops };
}
