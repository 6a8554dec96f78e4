// Hand-written on purpose: lnd's REST errors carry encoding/json's syntax error texts and offsets, which JSON.parse does not give.
import { goQuoteChar } from "./go-quote.js";

/** encoding/json's syntax errors, with Go's texts (`SyntaxError.Error()` or `io.ErrUnexpectedEOF`). */
export class GoJsonSyntaxError extends Error {
  override readonly name = "GoJsonSyntaxError";
}

const enum Op {
  Continue,
  SkipSpace,
  /** an object or array closed */
  EndComposite,
  /** the value ended before this byte */
  End,
  Error,
}

const enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

type State = (s: Scanner, c: number) => Op;

/** Go's nesting limit (`maxNestingDepth`). */
const MAX_DEPTH = 10000;

interface Scanner {
  step: State;
  stack: Parse[];
  error: string;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

function fail(s: Scanner, c: number, context: string): Op {
  s.error = `invalid character ${goQuoteChar(c)} ${context}`;
  return Op.Error;
}

function push(s: Scanner, c: number, p: Parse): Op {
  s.stack.push(p);
  return s.stack.length <= MAX_DEPTH ? Op.Continue : fail(s, c, "exceeded max depth");
}

function pop(s: Scanner): void {
  s.stack.pop();
  s.step = s.stack.length === 0 ? endTop : endValue;
}

const endTop: State = () => Op.End;

const beginValue: State = (s, c) => {
  if (isSpace(c)) return Op.SkipSpace;
  switch (c) {
    case 0x7b: // {
      s.step = beginStringOrEmpty;
      return push(s, c, Parse.ObjectKey);
    case 0x5b: // [
      s.step = beginValueOrEmpty;
      return push(s, c, Parse.ArrayValue);
    case 0x22:
      s.step = inString;
      return Op.Continue;
    case 0x2d: // -
      s.step = neg;
      return Op.Continue;
    case 0x30:
      s.step = zero;
      return Op.Continue;
    case 0x74:
      s.step = literal("true", 1);
      return Op.Continue;
    case 0x66:
      s.step = literal("false", 1);
      return Op.Continue;
    case 0x6e:
      s.step = literal("null", 1);
      return Op.Continue;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = digits;
    return Op.Continue;
  }
  return fail(s, c, "looking for beginning of value");
};

const beginValueOrEmpty: State = (s, c) => {
  if (isSpace(c)) return Op.SkipSpace;
  return c === 0x5d ? endValue(s, c) : beginValue(s, c);
};

const beginStringOrEmpty: State = (s, c) => {
  if (isSpace(c)) return Op.SkipSpace;
  if (c === 0x7d) {
    s.stack[s.stack.length - 1] = Parse.ObjectValue;
    return endValue(s, c);
  }
  return beginString(s, c);
};

const beginString: State = (s, c) => {
  if (isSpace(c)) return Op.SkipSpace;
  if (c === 0x22) {
    s.step = inString;
    return Op.Continue;
  }
  return fail(s, c, "looking for beginning of object key string");
};

const endValue: State = (s, c) => {
  const n = s.stack.length;
  if (n === 0) {
    s.step = endTop;
    return Op.End;
  }
  if (isSpace(c)) {
    s.step = endValue;
    return Op.SkipSpace;
  }
  switch (s.stack[n - 1]) {
    case Parse.ObjectKey:
      if (c === 0x3a) {
        s.stack[n - 1] = Parse.ObjectValue;
        s.step = beginValue;
        return Op.Continue;
      }
      return fail(s, c, "after object key");
    case Parse.ObjectValue:
      if (c === 0x2c) {
        s.stack[n - 1] = Parse.ObjectKey;
        s.step = beginString;
        return Op.Continue;
      }
      if (c === 0x7d) {
        pop(s);
        return Op.EndComposite;
      }
      return fail(s, c, "after object key:value pair");
    default:
      if (c === 0x2c) {
        s.step = beginValue;
        return Op.Continue;
      }
      if (c === 0x5d) {
        pop(s);
        return Op.EndComposite;
      }
      return fail(s, c, "after array element");
  }
};

const inString: State = (s, c) => {
  if (c === 0x22) s.step = endValue;
  else if (c === 0x5c) s.step = inStringEscape;
  else if (c < 0x20) return fail(s, c, "in string literal");
  return Op.Continue;
};

const inStringEscape: State = (s, c) => {
  if ('bfnrt\\/"'.includes(String.fromCharCode(c))) {
    s.step = inString;
    return Op.Continue;
  }
  if (c === 0x75) {
    s.step = unicodeEscape(4);
    return Op.Continue;
  }
  return fail(s, c, "in string escape code");
};

function unicodeEscape(left: number): State {
  return (s, c) => {
    if (!isHex(c)) return fail(s, c, "in \\u hexadecimal character escape");
    s.step = left === 1 ? inString : unicodeEscape(left - 1);
    return Op.Continue;
  };
}

const neg: State = (s, c) => {
  if (c === 0x30) s.step = zero;
  else if (c >= 0x31 && c <= 0x39) s.step = digits;
  else return fail(s, c, "in numeric literal");
  return Op.Continue;
};

const digits: State = (s, c) => (isDigit(c) ? Op.Continue : zero(s, c));

const zero: State = (s, c) => {
  if (c === 0x2e) s.step = dot;
  else if (c === 0x65 || c === 0x45) s.step = exponent;
  else return endValue(s, c);
  return Op.Continue;
};

const dot: State = (s, c) => {
  if (!isDigit(c)) return fail(s, c, "after decimal point in numeric literal");
  s.step = fraction;
  return Op.Continue;
};

const fraction: State = (s, c) => {
  if (isDigit(c)) return Op.Continue;
  if (c === 0x65 || c === 0x45) {
    s.step = exponent;
    return Op.Continue;
  }
  return endValue(s, c);
};

const exponent: State = (s, c) => {
  if (c === 0x2b || c === 0x2d) {
    s.step = exponentSign;
    return Op.Continue;
  }
  return exponentSign(s, c);
};

const exponentSign: State = (s, c) => {
  if (!isDigit(c)) return fail(s, c, "in exponent of numeric literal");
  s.step = exponentDigits;
  return Op.Continue;
};

const exponentDigits: State = (s, c) => (isDigit(c) ? Op.Continue : endValue(s, c));

function literal(word: string, at: number): State {
  return (s, c) => {
    if (c !== word.charCodeAt(at)) return fail(s, c, `in literal ${word} (expecting '${word[at]!}')`);
    s.step = at === word.length - 1 ? endValue : literal(word, at + 1);
    return Op.Continue;
  };
}

/**
 * What grpc-gateway's JSON decoder takes from a request body: `json.Decoder.Decode` into a
 * `json.RawMessage`, i.e. the first JSON value (without leading whitespace; anything after it is
 * never looked at), or `undefined` for a body that is empty or blank (`io.EOF`, an empty request).
 * Throws GoJsonSyntaxError with encoding/json's text.
 */
export function readGoJsonValue(body: Uint8Array): Uint8Array | undefined {
  const s: Scanner = { step: beginValue, stack: [], error: "" };
  let start = -1;
  for (let i = 0; i < body.length; i++) {
    const op = s.step(s, body[i]!);
    if (op === Op.Error) throw new GoJsonSyntaxError(s.error);
    if (op === Op.End) return body.subarray(start, i);
    if (op === Op.EndComposite && s.stack.length === 0) return body.subarray(start, i + 1);
    if (start < 0 && op !== Op.SkipSpace) start = i;
  }
  if (start < 0) return undefined;
  // a top-level number ends at EOF; anything else unfinished is io.ErrUnexpectedEOF
  if (s.step(s, 0x20) === Op.End) return body.subarray(start);
  throw new GoJsonSyntaxError("unexpected EOF");
}
