// Hand-written on purpose: Go's url.PathUnescape/QueryUnescape accept and refuse other inputs than decodeURIComponent, with their own error texts.
import { goQuote } from "./go-quote.js";
import { bytesOfText } from "./go-utf8.js";

/** net/url's `EscapeError`: a `%` not followed by two hex digits. */
export class GoEscapeError extends Error {
  override readonly name = "GoEscapeError";
}

const isHex = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

/**
 * Go's `url.PathUnescape` (`mode: "path"`) or `url.QueryUnescape` (`mode: "query"`, where `+` is a space),
 * on the raw bytes of `text`; the result is bytes, as a Go string is.
 */
export function goUnescape(text: string, mode: "path" | "query"): Buffer {
  const src = bytesOfText(text);
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x25) {
      if (!isHex(src[i + 1]) || !isHex(src[i + 2])) {
        throw new GoEscapeError(`invalid URL escape ${goQuote(src.subarray(i, i + 3))}`);
      }
      out[n++] = Number.parseInt(src.toString("latin1", i + 1, i + 3), 16);
      i += 2;
    } else {
      out[n++] = c === 0x2b && mode === "query" ? 0x20 : c;
    }
  }
  return out.subarray(0, n);
}
