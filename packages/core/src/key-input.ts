import { Code } from "@connectrpc/connect";
import { decodeBase64Loose, hexToBytes, HexDecodeError } from "./bytes-codec.js";
import { parsePubKey, PubKeyError } from "./parse-pub-key.js";
import { WtclientError } from "./wtclient-error.js";

/** A session id or tower key as a caller may hold it: hex (any case), base64 (std or URL-safe, padded or not) or bytes. */
export type KeyInput = string | Uint8Array;

/** What a key names, for error texts: lncli's words for a session id and a tower key. */
export type KeyKind = "session ID" | "public key";

/** Decode hex or base64 into bytes; all-hex text is hex, as lncli reads it. */
export function decodeKeyText(text: string, kind: KeyKind): Uint8Array {
  const t = text.trim();
  if (/^[0-9a-fA-F]*$/.test(t)) return decodeHex(t, kind);
  const b64 = decodeBase64Loose(t);
  if (b64 !== undefined) return b64;
  return decodeHex(t, kind);
}

function decodeHex(text: string, kind: KeyKind): Uint8Array {
  try {
    return hexToBytes(text);
  } catch (e) {
    if (e instanceof HexDecodeError) throw WtclientError.of(`invalid ${kind}: ${e.message}`, Code.InvalidArgument);
    throw e;
  }
}

/**
 * Turn a key input into the bytes to send, after checking it as lnd will (so a bad key never
 * reaches lnd). The bytes are sent as given: lnd accepts the 65-byte forms and normalises them.
 */
export function toKeyBytes(input: KeyInput, kind: KeyKind): Uint8Array {
  const known = typeof input === "string" ? checkedKeys.get(input) : undefined;
  if (known !== undefined) return known;
  const bytes = typeof input === "string" ? decodeKeyText(input, kind) : input;
  try {
    parsePubKey(bytes);
  } catch (e) {
    // lnd answers a bad key with a plain error (code Unknown); raise exactly that, locally
    if (e instanceof PubKeyError) throw WtclientError.of(e.message, Code.Unknown);
    throw e;
  }
  if (typeof input === "string") remember(input, bytes);
  return bytes;
}

// keys already checked, by their text: services and scripts call with the same few ids again and again
const checkedKeys = new Map<string, Uint8Array>();

function remember(text: string, bytes: Uint8Array): void {
  if (checkedKeys.size >= 512) checkedKeys.delete(checkedKeys.keys().next().value!);
  checkedKeys.set(text, bytes);
}
