// Hand-written on purpose: grpc-gateway's protojson accepts and refuses other JSON than protobuf-es's fromJson, with Go's error texts.
import { create, ScalarType, type DescField, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { decodeGatewayBytes } from "@wtclient/core/internal";
import { goQuote } from "./go-quote.js";
import { decodeRune, runeCount } from "./go-utf8.js";

/** protobuf-go's protojson errors (`proto: ...`), with its texts and `(line L:C)` positions. */
export class ProtojsonError extends Error {
  override readonly name = "ProtojsonError";
}

interface Token {
  readonly pos: number;
  readonly end: number;
  readonly kind: "{" | "[" | "string" | "number" | "literal";
  /** the parsed text of a string token */
  readonly text?: string;
}

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const utf8 = new TextDecoder();

/** protojson's `Unmarshal` of one JSON value (already valid for encoding/json) into a message of singular string and bytes fields. */
export function decodeProtojson<Desc extends DescMessage>(schema: Desc, raw: Uint8Array): MessageShape<Desc> {
  let pos = 0;
  const skipSpace = (): void => {
    while (isSpace(raw[pos])) pos++;
  };
  const where = (at: number): string => {
    const before = raw.subarray(0, at);
    const nl = before.lastIndexOf(0x0a);
    const line = before.reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
    return `(line ${line}:${runeCount(raw, nl + 1, at) + 1})`;
  };
  const error = (at: number, text: string): ProtojsonError => new ProtojsonError(`proto: ${where(at)}: ${text}`);
  const syntaxError = (at: number, text: string): ProtojsonError =>
    new ProtojsonError(`proto: syntax error ${where(at)}: ${text}`);
  const rawText = (t: Token): string => utf8.decode(raw.subarray(t.pos, t.end));

  /** protobuf-go's string parser: UTF-8 is checked and `\u` surrogates must pair up. */
  const readString = (at: number): Token => {
    let i = at + 1;
    let text = "";
    for (;;) {
      if (raw[i] === 0x22) return { pos: at, end: i + 1, kind: "string", text };
      if (raw[i] !== 0x5c) {
        const { rune, size } = decodeRune(raw, i);
        if (rune < 0) throw syntaxError(at, "invalid UTF-8 in string");
        text += String.fromCodePoint(rune);
        i += size;
        continue;
      }
      const e = raw[i + 1]!;
      if (e !== 0x75) {
        text +=
          ({ 0x62: "\b", 0x66: "\f", 0x6e: "\n", 0x72: "\r", 0x74: "\t" } as Record<number, string>)[e] ??
          String.fromCharCode(e);
        i += 2;
        continue;
      }
      const unit = Number.parseInt(Buffer.from(raw.subarray(i + 2, i + 6)).toString("latin1"), 16);
      i += 6;
      if (unit < 0xd800 || unit > 0xdfff) {
        text += String.fromCharCode(unit);
        continue;
      }
      // a surrogate must be a high one followed by `\u` and a low one
      if (raw.length - i < 6) throw new ProtojsonError("proto: unexpected EOF");
      const next = raw.subarray(i, i + 6);
      const low = Number.parseInt(Buffer.from(next.subarray(2)).toString("latin1"), 16);
      const paired = unit <= 0xdbff && next[0] === 0x5c && next[1] === 0x75 && low >= 0xdc00 && low <= 0xdfff;
      if (!paired) throw syntaxError(at, `invalid escape code ${goQuote(next)} in string`);
      text += String.fromCharCode(unit, low);
      i += 6;
    }
  };

  const readToken = (): Token => {
    skipSpace();
    const at = pos;
    const c = raw[at]!;
    let token: Token;
    if (c === 0x7b || c === 0x5b) token = { pos: at, end: at + 1, kind: c === 0x7b ? "{" : "[" };
    else if (c === 0x22) token = readString(at);
    else if (c === 0x74 || c === 0x6e) token = { pos: at, end: at + 4, kind: "literal" };
    else if (c === 0x66) token = { pos: at, end: at + 5, kind: "literal" };
    else {
      let end = at + 1;
      while (end < raw.length && /[0-9eE.+-]/.test(String.fromCharCode(raw[end]!))) end++;
      token = { pos: at, end, kind: "number" };
    }
    pos = token.end;
    return token;
  };

  const message = create(schema) as Record<string, unknown>;
  const open = readToken();
  if (open.kind !== "{") throw syntaxError(open.pos, `unexpected token ${rawText(open)}`);
  const seen = new Set<number>();
  for (;;) {
    skipSpace();
    if (raw[pos] === 0x7d) break;
    if (raw[pos] === 0x2c) pos++;
    const key = readToken();
    skipSpace();
    pos++; // the `:`
    const name = key.text!;
    const field: DescField | undefined =
      schema.fields.find((f) => f.jsonName === name) ?? schema.fields.find((f) => f.name === name);
    if (field === undefined) throw error(key.pos, `unknown field ${rawText(key)}`);
    if (seen.has(field.number)) throw error(key.pos, `duplicate field ${rawText(key)}`);
    seen.add(field.number);
    const value = readToken();
    if (value.kind === "literal" && raw[value.pos] === 0x6e) continue; // null leaves the field unset
    message[field.localName] = scalarOf(field, value, () =>
      error(value.pos, `invalid value for ${kindName(field)} field ${field.jsonName}: ${rawText(value)}`),
    );
  }
  return message as MessageShape<Desc>;
}

function kindName(field: DescField): string {
  if (field.fieldKind === "scalar" && field.scalar === ScalarType.BYTES) return "bytes";
  if (field.fieldKind === "scalar" && field.scalar === ScalarType.STRING) return "string";
  throw new Error(`decodeProtojson: field ${field.name} is neither string nor bytes`);
}

function scalarOf(field: DescField, token: Token, invalid: () => ProtojsonError): string | Uint8Array {
  const kind = kindName(field);
  if (token.kind !== "string") throw invalid();
  const text = token.text!;
  if (kind === "string") return text;
  const bytes = protojsonBytes(text);
  if (bytes === undefined) throw invalid();
  return bytes;
}

/**
 * protojson's bytes: the URL alphabet when the text has `-` or `_`, else the standard one; padding
 * only when the length is a multiple of 4 (`\r` and `\n` are skipped, as Go's decoder does).
 */
function protojsonBytes(text: string): Uint8Array | undefined {
  try {
    if (Buffer.byteLength(text) % 4 === 0) return decodeGatewayBytes(text);
    if (text.includes("=")) return undefined;
    const bare = text.replace(/[\r\n]/g, "");
    if (bare.length % 4 === 1) return undefined;
    return decodeGatewayBytes(bare.padEnd(bare.length + ((4 - (bare.length % 4)) % 4), "="));
  } catch {
    return undefined;
  }
}
