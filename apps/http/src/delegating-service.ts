import type { DescMessage, DescMethodUnary, MessageShape } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import { WatchtowerClient, WtclientError } from "@wtclient/core";
import { bytesToHex } from "@wtclient/core/internal";
import type { Logger } from "pino";
import type { AuditTrail } from "./audit-trail.js";
import { writeAuditEntry } from "./write-audit-entry.js";
import type { Authenticator } from "./authenticator.js";
import { principalKey } from "./auth-interceptor.js";
import { scopeOf } from "./authenticator.js";
import { restRouteKey } from "./rest-scope.js";
import type { LndConnection } from "./lnd-connection.js";
import type { ServiceMetrics } from "./service-metrics.js";

export interface DelegatingServiceDeps {
  readonly lnd: LndConnection;
  readonly auth: Authenticator;
  readonly metrics: ServiceMetrics;
  /** Receives one audit line per write call. */
  readonly audit: Logger;
  /** The deadline of each call to lnd. */
  readonly timeoutMs: number;
  /** Also receives each audit entry (the console's list of terminated sessions reads it; `--audit-file` keeps it). */
  readonly trail?: AuditTrail;
}

/** The hex of the key or session id a write call targets (public values: a tower key or a session's pubkey). */
function targetOf(input: object): string | undefined {
  const bytes =
    (input as { pubkey?: unknown; sessionId?: unknown }).sessionId ?? (input as { pubkey?: unknown }).pubkey;
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

  async function forward<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    input: MessageShape<I>,
    ctx: HandlerContext,
  ): Promise<MessageShape<O>> {
    const principal = ctx.values.get(principalKey);
    // the auth interceptor runs before every implementation; without it nobody gets through
    if (principal === undefined) throw new ConnectError("no authenticated caller", Code.Unauthenticated);
    const rpcName = method.name;
    auth.authorize(principal, method);
    const callerDeadline = ctx.timeoutMs();
    const deadline = callerDeadline !== undefined ? Math.min(callerDeadline, timeoutMs) : timeoutMs;
    const header = principal.kind === "macaroon" ? { [lnd.macaroonHeader]: principal.macaroonHex } : undefined;
    const started = performance.now();
    let outcome = "ok";
    let code = "OK";
    try {
      const transport = principal.kind === "macaroon" ? lnd.transports.bare : lnd.transports.own;
      return (await transport.unary(method, ctx.signal, deadline, header, input)).message;
    } catch (e) {
      const err = callerError(e, lnd.address);
      outcome = err.rawMessage;
      code = Code[err.code];
      throw err;
    } finally {
      const ms = performance.now() - started;
      metrics.observeLndCall(rpcName, code, ms / 1000);
      if (scopeOf(method) === "write") {
        const restRoute = ctx.values.get(restRouteKey);
        writeAuditEntry(
          audit,
          trail,
          {
            caller: auth.callerOf(principal),
            rpc: rpcName,
            route: restRoute ?? `/${WatchtowerClient.typeName}/${rpcName}`,
            surface: restRoute !== undefined ? "rest" : ctx.protocolName,
            target: targetOf(input),
            outcome,
          },
          { lndLatencyMs: Math.round(ms * 10) / 10 },
          `audit ${rpcName}`,
        );
      }
    }
  }

  // one handler per method of the descriptor; TypeScript cannot follow a loop's keys into ServiceImpl's
  // per-method types, hence the one assertion (each handler is typed by its own descriptor in forward)
  const unary = WatchtowerClient.methods.filter((m): m is DescMethodUnary => m.methodKind === "unary");
  return Object.fromEntries(
    unary.map((method) => [
      method.localName,
      (req: MessageShape<DescMessage>, ctx: HandlerContext) => forward(method, req, ctx),
    ]),
  ) as unknown as ServiceImpl<typeof WatchtowerClient>;
}
