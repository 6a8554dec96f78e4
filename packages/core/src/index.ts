// user-facing API first
export { terminateSession } from "./terminate-session.js";
export { createWatchtowerClient } from "./watchtower-client.js";
export type { WatchtowerClientApi, WatchtowerClientOptions } from "./watchtower-client.js";
export { diagnose } from "./diagnose.js";
export type { DiagnoseOptions } from "./diagnose.js";
export { doctorCheckTitles, doctorCheckOrder } from "./doctor-check.js";
export type { Diagnosis, DoctorCheck, DoctorCheckId, DoctorVerdict } from "./doctor-check.js";
export { readWatchtowerSnapshot, summariseTowers, policyNames, policyNameOf } from "./watchtower-snapshot.js";
export type { WatchtowerSnapshot, TowerSnapshot, PolicySessions, PolicyName, WatchtowerReader } from "./watchtower-snapshot.js";
export { watchtowerChecks } from "./watchtower-checks.js";
export { createRetryInterceptor, isRetryable, type RetryOptions, type RetryDeps } from "./retry-interceptor.js";
export { createLndGrpcTransport } from "./lnd-grpc-transport.js";
export { createLndRestTransport } from "./lnd-rest-transport.js";
export { createLndTransportFromSettings } from "./lnd-transport-from-settings.js";
export type { LndTransport, LndTransportOptions } from "./lnd-transport.js";
export { parseSocksProxy } from "./socks-dial.js";
export type { SocksProxy } from "./socks-dial.js";
export { parseMetadataFlags } from "./call-metadata.js";
export type { CallMetadata } from "./call-metadata.js";
export { resolveLndSettings, loadLndCredentials } from "./lnd-settings.js";
export type { LndNetwork, LndFlags, LndSettings } from "./lnd-settings.js";
export { defaultLndDir, appDataDir } from "./default-lnd-dir.js";
export { loadLncliProfile, profileMacaroon, lncliProfileFile } from "./lncli-profile.js";
export type { LncliProfile, LncliMacaroonJar, LncliMacaroonEntry } from "./lncli-profile.js";
export { parseLndconnect, formatLndconnect, joinHostPort } from "./lndconnect.js";
export type { Lndconnect } from "./lndconnect.js";
export { toPemCert, readCertFile } from "./cert-input.js";
export { toMacaroonBytes } from "./macaroon-input.js";
export { constrainMacaroon, describeMacaroon } from "./macaroon-caveats.js";
export type { ConstrainOptions, MacaroonPermission, MacaroonDescription } from "./macaroon-caveats.js";
export { toLncliJson } from "./lncli-json.js";
export { restRequestOf } from "./rest-request.js";
export type { RestRequest } from "./rest-request.js";
export { WtclientError, scrubSecrets, isEnvelope, codeOf } from "./wtclient-error.js";
export type { WtclientReason, ErrorContext, LndErrorEnvelope } from "./wtclient-error.js";
export { toKeyBytes, decodeKeyText } from "./key-input.js";
export type { KeyInput, KeyKind } from "./key-input.js";
export { watchtowerMethods, watchtowerMethodNames, watchtowerMethodOf } from "./watchtower-methods.js";
export type { RestRoute, MethodPermission, WatchtowerMethod, WatchtowerMethodName, SessionListOptions } from "./watchtower-methods.js";
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
