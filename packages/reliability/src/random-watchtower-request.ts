import { create, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { WatchtowerClient, type WatchtowerMethodName } from "@wtclient/core";
import fc from "fast-check";

export interface WatchtowerRequest {
  readonly method: WatchtowerMethodName;
  readonly schema: DescMessage;
  readonly message: Message;
}

/** Any value of one request field: bytes of any length, any Unicode text, both bools, every enum value. */
function fieldValue(field: DescField): fc.Arbitrary<unknown> {
  if (field.fieldKind === "enum") return fc.constantFrom(...field.enum.values.map((v) => v.number));
  if (field.fieldKind === "scalar" && field.scalar === ScalarType.BYTES) return fc.uint8Array({ maxLength: 70 });
  if (field.fieldKind === "scalar" && field.scalar === ScalarType.STRING)
    return fc.string({ unit: "binary", maxLength: 30 });
  if (field.fieldKind === "scalar" && field.scalar === ScalarType.BOOL) return fc.boolean();
  throw new Error(`randomWatchtowerRequest: no generator for field ${field.name}`);
}

/** A random request of a random WatchtowerClient method, built from the generated schema. */
export function randomWatchtowerRequest(): fc.Arbitrary<WatchtowerRequest> {
  const names = Object.keys(WatchtowerClient.method) as WatchtowerMethodName[];
  return fc.constantFrom(...names).chain((method) => {
    const schema: DescMessage = WatchtowerClient.method[method].input;
    const fields = Object.fromEntries(schema.fields.map((f) => [f.localName, fieldValue(f)]));
    return fc.record(fields).map((init) => ({ method, schema, message: create(schema, init) as Message }));
  });
}
