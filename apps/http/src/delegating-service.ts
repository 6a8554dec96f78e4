import type { CallOptions, HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { WatchtowerClient, WtclientError, bytesToHex } from "@wtclient/core";
import type { Logger } from "pino";
import type { AuditTrail } from "./audit-trail.js";
import type { Authenticator } from "./authenticator.js";
import { principalKey } from "./auth-interceptor.js";
import { scopeOf } from "./authenticator.js";
import { restRouteKey } from "./rest-scope.js";
import type { LndConnection, WatchtowerRpc } from "./lnd-connection.js";
import type { ServiceMetrics } from "./service-metrics.js";

export interface DelegatingServiceDeps {
  readonly lnd: LndConnection;
  readonly auth: Authenticator;
  readonly metrics: ServiceMetrics;
  /** Receives one audit line per write call. */
  readonly audit: Logger;
  /** The deadline of each call to lnd. */
  readonly timeoutMs: number;
  /** Also receives each audit entry (the console's list of terminated sessions reads it). */
  readonly trail?: AuditTrail;
}

type MethodName = keyof WatchtowerRpc;

/** The hex of the key or session id a write call targets (public values: a tower key or a session's pubkey). */
function targetOf(input: object): string | undefined {
  const bytes = (input as { pubkey?: unknown; sessionId?: unknown }).sessionId ?? (input as { pubkey?: unknown }).pubkey;
  return bytes instanceof Uint8Array ? bytesToHex(bytes) : undefined;
}

/** lnd's error as the caller gets it: lnd's code and text; an unreachable lnd names its address. */
function callerError(e: unknown, address: string): ConnectError {
  const err = WtclientError.from(e, { host: address });
  if (err.code === Code.Unavailable && !err.rawMessage.includes(address)) {
    return new ConnectError(`lnd at ${address} is unavailable: ${err.rawMessage}`, Code.Unavailable);
  }
  return new ConnectError(err.rawMessage, err.code);
}

/**
 * The one WatchtowerClient implementation of the service: each RPC is forwarded to lnd through the
 * core client, with the service's macaroon (token callers) or the caller's own (pass-through).
 * Errors are lnd's, with lnd's code; writes leave an audit line.
 */
export function createDelegatingService(deps: DelegatingServiceDeps): ServiceImpl<typeof WatchtowerClient> {
  const { lnd, auth, metrics, audit, timeoutMs, trail } = deps;

  async function forward(name: MethodName, input: object, ctx: HandlerContext): Promise<unknown> {
    const principal = ctx.values.get(principalKey);
    // the auth interceptor runs before every implementation; without it nobody gets through
    if (principal === undefined) throw new ConnectError("no authenticated caller", Code.Unauthenticated);
    const rpcName = WatchtowerClient.method[name].name;
    auth.authorize(principal, name, rpcName);
    const callerDeadline = ctx.timeoutMs();
    const options: CallOptions = {
      signal: ctx.signal,
      timeoutMs: callerDeadline !== undefined ? Math.min(callerDeadline, timeoutMs) : timeoutMs,
      ...(principal.kind === "macaroon" ? { headers: { [lnd.macaroonHeader]: principal.macaroonHex } } : {}),
    };
    const started = performance.now();
    let outcome = "ok";
    let code = "OK";
    try {
      const client = principal.kind === "macaroon" ? await lnd.bare() : await lnd.own();
      const call = client[name] as (input: object, options: CallOptions) => Promise<unknown>;
      return await call(input, options);
    } catch (e) {
      const err = callerError(e, lnd.address);
      outcome = err.rawMessage;
      code = Code[err.code];
      throw err;
    } finally {
      const ms = performance.now() - started;
      metrics.observeLndCall(rpcName, code, ms / 1000);
      if (scopeOf(name) === "write") {
        const restRoute = ctx.values.get(restRouteKey);
        trail?.record({ at: new Date().toISOString(), rpc: rpcName, caller: auth.callerOf(principal), target: targetOf(input), outcome });
        audit.info(
          {
            audit: true,
            caller: auth.callerOf(principal),
            rpc: rpcName,
            route: restRoute ?? `/${WatchtowerClient.typeName}/${rpcName}`,
            surface: restRoute !== undefined ? "rest" : ctx.protocolName,
            target: targetOf(input),
            outcome,
            lndLatencyMs: Math.round(ms * 10) / 10,
          },
          `audit ${rpcName}`,
        );
      }
    }
  }

  // one line per RPC: the types of each method's input and output come from the descriptor
  return {
    addTower: (req, ctx) => forward("addTower", req, ctx) as ReturnType<WatchtowerRpc["addTower"]>,
    removeTower: (req, ctx) => forward("removeTower", req, ctx) as ReturnType<WatchtowerRpc["removeTower"]>,
    deactivateTower: (req, ctx) => forward("deactivateTower", req, ctx) as ReturnType<WatchtowerRpc["deactivateTower"]>,
    terminateSession: (req, ctx) => forward("terminateSession", req, ctx) as ReturnType<WatchtowerRpc["terminateSession"]>,
    listTowers: (req, ctx) => forward("listTowers", req, ctx) as ReturnType<WatchtowerRpc["listTowers"]>,
    getTowerInfo: (req, ctx) => forward("getTowerInfo", req, ctx) as ReturnType<WatchtowerRpc["getTowerInfo"]>,
    stats: (req, ctx) => forward("stats", req, ctx) as ReturnType<WatchtowerRpc["stats"]>,
    policy: (req, ctx) => forward("policy", req, ctx) as ReturnType<WatchtowerRpc["policy"]>,
  };
}
