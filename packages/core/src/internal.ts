/**
 * The plumbing the wtclient packages share (`@wtclient/core/internal`): codecs, lnd's REST rules, error
 * mapping, lncli's files. Not a public API: it changes with the other packages, without notice.
 *
 * @packageDocumentation
 */
export { doctorCheckTitles, doctorCheckOrder } from "./doctor-check.js";
export { readWatchtowerSnapshot, summariseTowers, policyNames, policyNameOf } from "./watchtower-snapshot.js";
export type {
  WatchtowerSnapshot,
  TowerSnapshot,
  PolicySessions,
  PolicyName,
  WatchtowerReader,
} from "./watchtower-snapshot.js";
export { watchtowerChecks } from "./watchtower-checks.js";
export { isRetryable, retryDelayMs } from "./retry-interceptor.js";
export type { RetryDeps } from "./retry-interceptor.js";
export { interceptUnary } from "./intercept-unary.js";
export { parseSocksProxy } from "./socks-dial.js";
export type { SocksProxy } from "./socks-dial.js";
export { parseMetadataFlags, grpcReservedHeaders } from "./call-metadata.js";
export { defaultLndDir, appDataDir } from "./default-lnd-dir.js";
export { loadLncliProfile, profileMacaroon, lncliProfileFile } from "./lncli-profile.js";
export type { LncliProfile, LncliMacaroonJar, LncliMacaroonEntry } from "./lncli-profile.js";
export { joinHostPort } from "./join-host-port.js";
export {
  parseBinaryMacaroon,
  encodeBinaryMacaroon,
  addFirstPartyCaveat,
  MacaroonFormatError,
} from "./binary-macaroon.js";
export type { BinaryMacaroon, MacaroonCaveat } from "./binary-macaroon.js";
export { MacaroonIdSchema } from "./gen/macaroonpb/macaroon_pb.js";
export type { MacaroonId } from "./gen/macaroonpb/macaroon_pb.js";
export { toPemCert, readCertFile } from "./cert-input.js";
export { toMacaroonBytes } from "./macaroon-input.js";
export { toLncliJson } from "./lncli-json.js";
export { restRequestOf } from "./rest-request.js";
export type { RestRequest } from "./rest-request.js";
export { scrubSecrets, isEnvelope, codeOf } from "./wtclient-error.js";
export type { LndErrorEnvelope } from "./wtclient-error.js";
export { decodeKeyText } from "./key-input.js";
export { parsePubKey, uncompressPubKey, PubKeyError } from "./parse-pub-key.js";
export type { PubKey } from "./parse-pub-key.js";
export {
  bytesToHex,
  hexToBytes,
  HexDecodeError,
  bytesToBase64,
  bytesToBase64UrlPadded,
  decodeGatewayBytes,
  decodeBase64Loose,
  Base64DecodeError,
} from "./bytes-codec.js";
