// user-facing API first
export { WtclientError, scrubSecrets, isEnvelope, codeOf } from "./wtclient-error.js";
export type { WtclientReason, ErrorContext, LndErrorEnvelope } from "./wtclient-error.js";
export { toKeyBytes, decodeKeyText } from "./key-input.js";
export type { KeyInput, KeyKind } from "./key-input.js";
export { restRoutes, restRouteOf } from "./rest-routes.js";
export type { RestRoute, WatchtowerMethodName } from "./rest-routes.js";
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
export * from "./gen/wtclientrpc/wtclient_pb.js";
