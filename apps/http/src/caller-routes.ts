import { Code, ConnectError } from "@connectrpc/connect";
import { httpStatusOf } from "@wtclient/rest-gateway";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { AuditEntry, AuditTrail } from "./audit-trail.js";
import type { AuthPolicy, Authenticator, Principal } from "./authenticator.js";
import { headerGetterOf } from "./header-getter.js";

export interface CallerRoutesDeps {
  readonly auth: Authenticator;
  readonly policy: AuthPolicy;
  readonly trail: AuditTrail;
  /** Where a failure to read the trail is told (with what the answer leaves out). */
  readonly log: Logger;
  /** Asks lnd whether a pass-through macaroon may read (lnd decides); throws lnd's error if not. */
  readonly checkMacaroon: (macaroonHex: string) => Promise<void>;
}

/** What GET /v1/whoami tells a caller about itself. */
export interface WhoAmI {
  /** The name the audit log gives this caller. */
  readonly caller: string;
  readonly kind: Principal["kind"];
  /** read: no writes; write: every RPC; lnd: a pass-through macaroon, whose permissions lnd checks on each call. */
  readonly scope: "read" | "write" | "lnd";
}

/**
 * Two small read-scope endpoints for the console: who the caller is (so a read token is shown no
 * write controls), and the sessions this service terminated (lnd keeps no such mark, lnd #8930).
 */
export function registerCallerRoutes(app: FastifyInstance, deps: CallerRoutesDeps): void {
  const { auth, policy, trail } = deps;
  const ways = [...(policy.tokens.length > 0 ? ["token"] : []), ...(policy.passthroughMacaroon ? ["macaroon"] : [])];

  /** The caller; or undefined, having answered in lnd's envelope plus `sign_in`: the ways this service accepts. */
  async function callerOf(
    request: FastifyRequest,
    reply: FastifyReply,
    verifyMacaroon: boolean,
  ): Promise<Principal | undefined> {
    try {
      const principal = auth.authenticate(headerGetterOf(request.headers));
      if (principal.kind === "macaroon" && verifyMacaroon) await deps.checkMacaroon(principal.macaroonHex);
      return principal;
    } catch (e) {
      const err = ConnectError.from(e);
      await reply
        .code(httpStatusOf(err.code))
        .header("cache-control", "no-store")
        .send({ code: err.code, message: err.rawMessage, details: [], sign_in: ways });
      return undefined;
    }
  }

  // a macaroon is only named here, not trusted: what it may do is lnd's answer to each call
  app.get("/v1/whoami", async (request, reply) => {
    const principal = await callerOf(request, reply, false);
    if (principal === undefined) return reply;
    const scope = principal.kind === "token" ? principal.scope : principal.kind === "macaroon" ? "lnd" : "write";
    const body: WhoAmI = { caller: auth.callerOf(principal), kind: principal.kind, scope };
    return reply.header("cache-control", "no-store").send(body);
  });

  app.get("/v1/audit/terminated", async (request, reply) => {
    const principal = await callerOf(request, reply, true);
    if (principal === undefined) return reply;
    let terminated: readonly AuditEntry[];
    try {
      terminated = await trail.terminated();
    } catch (e) {
      // the file's path and error go to the log only: no answer names a path of this machine
      const code = (e as NodeJS.ErrnoException).code ?? "error";
      deps.log.error({ code }, `audit-file: cannot read it for /v1/audit/terminated: ${(e as Error).message}`);
      return reply
        .code(500)
        .header("cache-control", "no-store")
        .send({
          code: Code.Internal,
          message: `cannot read the audit file (${code}); see the service's log`,
          details: [],
        });
    }
    const sessions = terminated.map((e) => ({ session_id: e.target, at: e.at, caller: e.caller }));
    return reply.header("cache-control", "no-store").send({ sessions });
  });
}
