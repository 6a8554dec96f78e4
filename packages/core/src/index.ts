/**
 * A typed client for lnd's watchtower client (`wtclientrpc.WatchtowerClient`) over both of lnd's transports,
 * gRPC and REST, with identical results and errors.
 *
 * @packageDocumentation
 */
export { terminateSession } from "./terminate-session.js";
export { createWatchtowerClient } from "./watchtower-client.js";
export type { WatchtowerClientApi, WatchtowerClientOptions } from "./watchtower-client.js";
export { createRetryInterceptor } from "./retry-interceptor.js";
export type { RetryOptions, RetryDeps } from "./retry-interceptor.js";
export { createLndGrpcTransport } from "./lnd-grpc-transport.js";
export { createLndRestTransport } from "./lnd-rest-transport.js";
export { createLndTransportFromSettings } from "./lnd-transport-from-settings.js";
export type { LndTransportExtras } from "./lnd-transport-from-settings.js";
export type { LndTransport, LndTransportOptions } from "./lnd-transport.js";
export type { CallMetadata } from "./call-metadata.js";
export { resolveLndSettings, loadLndCredentials } from "./lnd-settings.js";
export type { LndNetwork, LndFlags, LndSettings } from "./lnd-settings.js";
export { parseLndconnect, formatLndconnect } from "./lndconnect.js";
export type { Lndconnect } from "./lndconnect.js";
export { WtclientError } from "./wtclient-error.js";
export type { WtclientReason, ErrorContext } from "./wtclient-error.js";
export { toKeyBytes } from "./key-input.js";
export type { KeyInput, KeyKind } from "./key-input.js";
export { constrainMacaroon, describeMacaroon } from "./macaroon-caveats.js";
export type { ConstrainOptions, MacaroonPermission, MacaroonDescription } from "./macaroon-caveats.js";
export { watchtowerMethods, watchtowerMethodNames, watchtowerMethodOf } from "./watchtower-methods.js";
export type {
  RestRoute,
  MethodPermission,
  WatchtowerMethod,
  WatchtowerMethodName,
  WatchtowerMethodRow,
  SessionListOptions,
} from "./watchtower-methods.js";
export { diagnose } from "./diagnose.js";
export type { DiagnoseOptions } from "./diagnose.js";
export type { Diagnosis, DoctorCheck, DoctorCheckId, DoctorVerdict } from "./doctor-check.js";
export * from "./gen/wtclientrpc/wtclient_pb.js";
