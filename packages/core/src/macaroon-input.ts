import { Code } from "@connectrpc/connect";
import { parseBinaryMacaroon } from "./binary-macaroon.js";
import { decodeBase64Loose, hexToBytes } from "./bytes-codec.js";
import { WtclientError } from "./wtclient-error.js";

const hint = "give lnd's binary macaroon (e.g. data/chain/bitcoin/<network>/admin.macaroon) as a file, hex or base64";

function invalid(message: string): WtclientError {
  // the input itself is a secret: messages name only what was wrong, never the data
  return new WtclientError(message, Code.InvalidArgument, "macaroon-invalid", hint);
}

/** Text to bytes: hex (lncli's and lnd's transport form) first, then base64 in any flavour. */
function decodeText(text: string): Uint8Array {
  const t = text.trim();
  if (t === "") throw invalid("macaroon is empty");
  if (/^[0-9a-fA-F]+$/.test(t)) {
    if (t.length % 2 === 1) throw invalid("macaroon is not valid hex: odd length");
    return hexToBytes(t);
  }
  const bytes = decodeBase64Loose(t);
  if (bytes === undefined) throw invalid("macaroon is neither hex nor base64");
  return bytes;
}

/**
 * A macaroon as bytes, from bytes, hex or base64 (standard or URL-safe, padded or not).
 * Checks that it is a well-formed binary v2 macaroon, the only format lnd takes.
 */
export function toMacaroonBytes(input: string | Uint8Array): Uint8Array {
  const bytes = typeof input === "string" ? decodeText(input) : input;
  if (bytes.length === 0) throw invalid("macaroon is empty");
  if (bytes[0] !== 0x02) {
    throw invalid(`not a binary v2 macaroon: first byte is 0x${bytes[0]!.toString(16).padStart(2, "0")}, want 0x02`);
  }
  try {
    parseBinaryMacaroon(bytes, { exact: true });
  } catch (e) {
    // the parser's texts describe the structure only ("field data extends past end of buffer", field types)
    throw invalid(`malformed binary v2 macaroon: ${e instanceof Error ? e.message : String(e)}`);
  }
  return bytes;
}
