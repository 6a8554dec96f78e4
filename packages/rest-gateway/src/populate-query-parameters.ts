// Hand-written on purpose: grpc-gateway's query-to-field rules (names, repeats, scalar parsing and their errors) as lnd answers them.
import { ScalarType, type DescField, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { goQuote } from "./go-quote.js";
import { goStringOf } from "./go-utf8.js";
import { parseGoQuery } from "./parse-go-query.js";

const badRequest = (message: string): ConnectError => new ConnectError(message, Code.InvalidArgument);
const utf8 = new TextDecoder("utf-8", { fatal: true });
/** A string parameter that is not UTF-8: Go keeps the bytes, and gRPC then refuses to marshal the request. */
const invalidUtf8 = Symbol("invalid UTF-8");

/** strconv.ParseBool */
const goBools: Record<string, boolean> = {
  "1": true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  "0": false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

/** strconv.Atoi (decimal, optional sign, int64 range) narrowed to int32 as `protoreflect.EnumNumber(i)` does. */
function goAtoiToInt32(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = BigInt(text);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return undefined;
  return Number(BigInt.asIntN(32, n));
}

function parseValue(field: DescField, bytes: Buffer): unknown {
  const text = bytes.toString("latin1");
  if (field.fieldKind === "enum") {
    const number = field.enum.values.find((v) => v.name === text)?.number ?? goAtoiToInt32(text);
    if (number === undefined || field.enum.values.every((v) => v.number !== number)) {
      throw badRequest(`parsing field "${field.name}": ${goQuote(bytes)} is not a valid value`);
    }
    return number;
  }
  if (field.fieldKind === "scalar" && field.scalar === ScalarType.BOOL) {
    const value = goBools[text];
    if (value === undefined)
      throw badRequest(`parsing field "${field.name}": strconv.ParseBool: parsing ${goQuote(bytes)}: invalid syntax`);
    return value;
  }
  if (field.fieldKind === "scalar" && field.scalar === ScalarType.STRING) {
    try {
      return utf8.decode(bytes);
    } catch {
      return invalidUtf8;
    }
  }
  throw new Error(`populateQueryParameters: field ${field.name} is not a bool, string or enum`);
}

/**
 * grpc-gateway v2's `PopulateQueryParameters` after `req.ParseForm`: fields by proto or JSON name,
 * unknown parameters ignored, the path parameter filtered out, `key[x]=v` read as values `[x, v]`.
 * Errors are InvalidArgument with grpc-gateway's texts.
 */
export function populateQueryParameters<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  rawQuery: string,
  pathParam?: string,
): void {
  const { values, error } = parseGoQuery(rawQuery);
  if (error !== undefined) throw badRequest(error);
  let unmarshalable = false;
  for (const [rawKey, rawValues] of values) {
    let key = rawKey;
    let list = rawValues;
    const indexed = /^([^\n]*)\[([^\n]*)\]$/.exec(key);
    if (indexed !== null) {
      key = indexed[1]!;
      list = [Buffer.from(indexed[2]!, "latin1"), ...rawValues];
    }
    const path = key.split(".");
    if (path[0] === pathParam) continue;
    const field = schema.fields.find((f) => f.name === path[0]) ?? schema.fields.find((f) => f.jsonName === path[0]);
    if (field === undefined) continue;
    if (path.length > 1) throw badRequest(`invalid path: ${goQuote(Buffer.from(path[0]!, "latin1"))} is not a message`);
    if (list.length > 1) {
      throw badRequest(`too many values for field "${field.name}": ${list.map((v) => goStringOf(v)).join(", ")}`);
    }
    const value = parseValue(field, list[0]!);
    if (value === invalidUtf8) unmarshalable = true;
    else (message as Record<string, unknown>)[field.localName] = value;
  }
  // only surfaces when the request is sent, after every parameter was read
  if (unmarshalable)
    throw new ConnectError("grpc: error while marshaling: string field contains invalid UTF-8", Code.Internal);
}
