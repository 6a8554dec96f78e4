import { Code } from "@connectrpc/connect";

/** One gRPC length-prefixed message: flag byte 0 (uncompressed), 4-byte big-endian length, the bytes. */
export function encodeGrpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(5 + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** The single message of a unary response body, or a reason it is not one. */
export function decodeGrpcFrame(body: Buffer): Uint8Array | string {
  if (body.length < 5) return `response body of ${body.length} bytes is not a gRPC message`;
  if (body[0] !== 0) return "compressed response, but no compression was offered";
  const length = body.readUInt32BE(1);
  if (body.length !== 5 + length)
    return `response body of ${body.length} bytes does not hold one ${length}-byte message`;
  return body.subarray(5);
}

/** `grpc-timeout` for a deadline in milliseconds (at most 8 digits, as the spec allows). */
export function grpcTimeoutHeader(ms: number): string {
  return ms < 1e8 ? `${Math.max(1, Math.ceil(ms))}m` : `${Math.ceil(ms / 1000)}S`;
}

/** grpc-message is percent-encoded by servers (grpc-go encodes all but printable ASCII and `%`). */
export function decodeGrpcMessage(value: string | undefined): string {
  if (value === undefined) return "";
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The gRPC status of a trailer block (code 0 is OK), or undefined when it carries none. */
export function grpcStatusOf(headers: Record<string, unknown>): { code: Code | 0; message: string } | undefined {
  const status = headers["grpc-status"];
  if (status === undefined) return undefined;
  const code = Number(status);
  return {
    code: Number.isInteger(code) && code >= 0 && code <= 16 ? (code as Code) : Code.Unknown,
    message: decodeGrpcMessage(headers["grpc-message"] as string | undefined),
  };
}
