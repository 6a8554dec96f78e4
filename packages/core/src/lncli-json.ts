import {
  ScalarType,
  toJson,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type MessageShape,
} from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { bytesToHex } from "./bytes-codec.js";

/** Rewrite, in place, every bytes field of `json` (protojson of `msg`) as lowercase hex, led by the schema. */
function bytesAsHex(msg: ReflectMessage, json: JsonObject): void {
  for (const field of msg.fields) {
    const value = json[field.name];
    if (value === undefined || value === null) continue;
    if (field.fieldKind === "scalar" && field.scalar === ScalarType.BYTES) {
      json[field.name] = bytesToHex(msg.get(field) as Uint8Array);
    } else if (field.fieldKind === "message") {
      bytesAsHex(msg.get(field), value as JsonObject);
    } else if (field.fieldKind === "list" && (field.listKind === "message" || field.scalar === ScalarType.BYTES)) {
      const items = value as JsonValue[];
      const list = msg.get(field);
      for (let i = 0; i < items.length; i++) {
        const item = list.get(i);
        if (field.listKind === "message") bytesAsHex(item as ReflectMessage, items[i] as JsonObject);
        else items[i] = bytesToHex(item as Uint8Array);
      }
    }
    // wtclientrpc has no map fields; a map of bytes would need the same treatment
  }
}

/**
 * A message as lncli shows it (lnd's `ProtoJSONMarshalOpts`): every field present, proto (snake_case)
 * names, enums by name, bytes as lowercase hex.
 */
export function toLncliJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonObject {
  const json = toJson(schema, message, { useProtoFieldName: true, alwaysEmitImplicit: true }) as JsonObject;
  bytesAsHex(reflect(schema, message), json);
  return json;
}
