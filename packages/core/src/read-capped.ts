import { Code } from "@connectrpc/connect";
import { WtclientError, type ErrorContext } from "./wtclient-error.js";

/** lnd's WatchtowerClient answers are small; a towers list with every session stays far below this. */
export const DEFAULT_READ_MAX_BYTES = 4 * 1024 * 1024;

/** The failure of an answer over `readMaxBytes`, naming the limit and the option that sets it. */
export function responseTooLarge(limit: number, ctx: ErrorContext): WtclientError {
  return WtclientError.of(`lnd's answer is larger than ${limit} bytes (readMaxBytes)`, Code.ResourceExhausted, ctx);
}

/** A response body read whole, failing as soon as it passes `limit` bytes (the stream is then destroyed). */
export async function readCapped(
  body: AsyncIterable<Uint8Array | string>,
  limit: number,
  ctx: ErrorContext,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    const bytes =
      typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    length += bytes.length;
    if (length > limit) throw responseTooLarge(limit, ctx);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, length);
}
