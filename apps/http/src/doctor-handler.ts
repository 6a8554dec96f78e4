import type { IncomingHttpHeaders } from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import { diagnose, type Diagnosis, type LndSettings } from "@wtclient/core";
import { hexToBytes } from "@wtclient/core/internal";
import { httpStatusOf } from "@wtclient/rest-gateway";
import type { Authenticator } from "./authenticator.js";
import { headerGetterOf } from "./header-getter.js";

export interface DoctorHandlerDeps {
  readonly auth: Authenticator;
  /** The service's own lnd settings (its cert and macaroon). */
  readonly settings: LndSettings;
  readonly transport: "grpc" | "rest";
  readonly timeoutMs: number;
}

/** An HTTP answer: status and JSON body. */
export interface DoctorAnswer {
  readonly status: number;
  readonly body: Diagnosis | { code: number; message: string; details: [] };
}

function macaroonOf(hex: string): Uint8Array {
  try {
    return hexToBytes(hex);
  } catch {
    throw new ConnectError("the macaroon header is not hex", Code.Unauthenticated);
  }
}

/**
 * GET /v1/doctor (read scope): core's diagnosis of the service's lnd as JSON, 200 whether healthy or not
 * (`healthy` says). A pass-through caller is diagnosed with its own macaroon, as lnd would judge it.
 * Callers with the service's macaroon share the diagnosis in flight, so a burst of them costs lnd one.
 */
export function createDoctorHandler(deps: DoctorHandlerDeps): (headers: IncomingHttpHeaders) => Promise<DoctorAnswer> {
  let shared: Promise<Diagnosis> | undefined;
  const run = (settings: LndSettings) => diagnose({ settings, transport: deps.transport, timeoutMs: deps.timeoutMs });
  return async (headers) => {
    let settings: LndSettings | undefined;
    try {
      const principal = deps.auth.authenticate(headerGetterOf(headers));
      if (principal.kind === "macaroon") {
        const { macaroonPath: _ownFile, ...rest } = deps.settings;
        settings = { ...rest, noMacaroons: false, macaroon: macaroonOf(principal.macaroonHex) };
      }
    } catch (e) {
      const err = ConnectError.from(e);
      return { status: httpStatusOf(err.code), body: { code: err.code, message: err.rawMessage, details: [] } };
    }
    if (settings !== undefined) return { status: 200, body: await run(settings) };
    shared ??= run(deps.settings).finally(() => {
      shared = undefined;
    });
    return { status: 200, body: await shared };
  };
}
