import { Code } from "@connectrpc/connect";
import { WtclientError } from "./wtclient-error.js";

/** Extra gRPC metadata sent with every call (lncli's --metadata): key to value. */
export type CallMetadata = Readonly<Record<string, string>>;

/** Headers gRPC keeps for itself: grpc-go leaves them out of a call's metadata. */
export const grpcReservedHeaders: readonly string[] = [
  "content-type",
  "user-agent",
  "te",
  "grpc-message-type",
  "grpc-encoding",
  "grpc-accept-encoding",
  "grpc-message",
  "grpc-status",
  "grpc-timeout",
  "grpc-status-details-bin",
];

/** gRPC's own headers, connection-specific ones, and the macaroon, which has its own option. */
const reserved = new Set([...grpcReservedHeaders, "host", "connection", "transfer-encoding", "macaroon"]);

function badMetadata(message: string): WtclientError {
  return new WtclientError(
    message,
    Code.InvalidArgument,
    "bad-request",
    "give metadata as key:value, with a key of 0-9 a-z _ - . (e.g. --metadata x-request-id:42)",
  );
}

/**
 * lncli's `--metadata key:value` values (cmd/commands: split on ":", exactly two parts), later ones
 * winning; a malformed one gets lncli's text.
 */
export function parseMetadataFlags(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const pair = v.split(":");
    if (pair.length !== 2) throw badMetadata('invalid format for metadata flag; expected "key:value"');
    out[pair[0]!] = pair[1]!;
  }
  return out;
}

/**
 * The metadata as header entries, keys lowercased as gRPC sends them, after the checks grpc-go makes
 * before a call (an empty key, characters outside its key alphabet, a value no header can carry).
 */
export function metadataEntries(metadata: CallMetadata | undefined): [string, string][] {
  if (metadata === undefined) return [];
  return Object.entries(metadata).map(([rawKey, value]) => {
    const key = rawKey.toLowerCase();
    if (key === "") throw badMetadata("there is an empty key in the header");
    if (!/^[0-9a-z_.-]+$/.test(key))
      throw badMetadata(`header key "${rawKey}" contains illegal characters not in [0-9a-z-_.]`);
    if (reserved.has(key)) {
      throw badMetadata(
        key === "macaroon"
          ? "the macaroon is not metadata: pass it with --macaroonpath"
          : `metadata key "${key}" is reserved by gRPC`,
      );
    }
    if (!/^[\x20-\x7e]*$/.test(value))
      throw badMetadata(`header key "${key}" contains value with non-printable ASCII characters`);
    return [key, value];
  });
}
