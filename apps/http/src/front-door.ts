import { constants as http2 } from "node:http2";
import type { ServerResponse } from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import { WatchtowerClient, watchtowerMethods } from "@wtclient/core";
import { httpStatusOf } from "@wtclient/rest-gateway";
import type { Logger } from "pino";
import type { AuditTrail } from "./audit-trail.js";
import { writeAuditEntry } from "./write-audit-entry.js";
import { scopeOf, type Authenticator, type Principal } from "./authenticator.js";
import { corsHeadersOf } from "./cors.js";
import { hasBody } from "./has-body.js";
import { headerGetterOf } from "./header-getter.js";
import type { RequestGuard } from "./request-guard.js";
import { requestLabelsOf, type RequestLabels } from "./request-labels.js";
import type { ServiceMetrics } from "./service-metrics.js";
import { writeRefusal, type AnyRequest, type AnyResponse, type Refusal } from "./write-refusal.js";

export type RawHandler = (req: AnyRequest, res: AnyResponse) => void;

export interface FrontDoorDeps {
  /** One access line per request. */
  readonly log: Logger;
  /** One line per refused write. */
  readonly audit: Logger;
  /** Also receives each refused write (`--audit-file` keeps every audit entry). */
  readonly trail?: AuditTrail;
  readonly metrics: ServiceMetrics;
  readonly auth: Authenticator;
  readonly guard: RequestGuard;
  readonly corsOrigin?: string;
  /** A request body must have arrived within this; then the connection (HTTP/2: the stream) is closed. */
  readonly bodyTimeoutMs: number;
  /** RPCs in flight (each one call to lnd); beyond: 503 with Retry-After. */
  readonly maxLndCalls: number;
}

const knownMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const principals = new WeakMap<AnyRequest, Principal>();

/** The caller the front door authenticated for this request (RPCs always; /readyz when credentials came). */
export function principalOf(req: AnyRequest): Principal | undefined {
  return principals.get(req);
}

/** Where an audit line says a refused call came in. */
function routeOf(labels: RequestLabels): string {
  if (labels.rpc === undefined) return labels.route;
  const rest = watchtowerMethods[labels.rpc.localName].rest;
  return labels.surface === "rest"
    ? `${rest.method} ${rest.pattern}`
    : `/${WatchtowerClient.typeName}/${labels.rpc.name}`;
}

/**
 * Every request passes here first, before any routing or body parsing: it is counted and logged once
 * (with its caller; 499 when the client left first, 408 when its body was too slow), unknown methods
 * get 501, the request guard's refusals and CORS are applied, RPCs are authenticated and authorized
 * (denied writes audited) and bounded in number. What passes goes on to `next`.
 */
export function createFrontDoor(deps: FrontDoorDeps, next: RawHandler): RawHandler {
  const { log, audit, metrics, auth, guard } = deps;
  let rpcsInFlight = 0;

  return (req, res) => {
    const started = performance.now();
    const contentType = req.headers["content-type"];
    const labels = requestLabelsOf(req.method, req.url, contentType);
    const leave = metrics.enter();
    let caller: string | undefined;
    let finished = false;
    let timedOut = false;
    let releaseRpc = () => undefined as void;

    // a slow body: the connection (HTTP/2: the stream) is closed rather than kept waiting
    const expectsBody = hasBody(req);
    const bodyTimer = expectsBody
      ? setTimeout(() => {
          if (req.complete) return;
          timedOut = true;
          if ("stream" in req) req.stream.close(http2.NGHTTP2_CANCEL);
          else req.socket.destroy();
        }, deps.bodyTimeoutMs)
      : undefined;

    if (!("stream" in res)) {
      // HTTP/1.1: a 4xx to a request whose body is still coming ends the connection instead of
      // reading the rest to keep it alive (Node decides that when the status line is written)
      const writeHead = res.writeHead;
      res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
        if (status >= 400 && status < 500 && !req.complete) this.shouldKeepAlive = false;
        return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
      } as typeof res.writeHead;
    }
    res.once("finish", () => {
      finished = true;
      // HTTP/2: tell the client to stop sending the rest of a refused body
      if ("stream" in res && expectsBody && res.statusCode >= 400 && res.statusCode < 500 && !req.complete)
        res.stream.close(http2.NGHTTP2_NO_ERROR);
    });
    res.once("close", () => {
      clearTimeout(bodyTimer);
      leave();
      releaseRpc();
      const status = timedOut ? 408 : finished ? res.statusCode : 499;
      metrics.countRequest(labels.surface, labels.route, status);
      log.info(
        {
          method: req.method,
          surface: labels.surface,
          route: labels.route,
          status,
          ms: Math.round(performance.now() - started),
          ...(caller !== undefined ? { caller } : {}),
        },
        "request",
      );
    });

    const refuse = (refusal: Refusal) => writeRefusal(res, labels.surface, contentType, refusal);

    if (!knownMethods.has(req.method ?? "")) {
      return refuse({
        status: 501,
        code: Code.Unimplemented,
        message: `method ${JSON.stringify(req.method)} is not supported: use GET, POST or DELETE`,
      });
    }
    const refusal = guard.check(req);
    if (refusal !== undefined) return refuse(refusal);
    if (deps.corsOrigin !== undefined) {
      const cors = corsHeadersOf(deps.corsOrigin, req.method, req.headers);
      for (const [name, value] of Object.entries(cors.headers)) if (value !== undefined) res.setHeader(name, value);
      if (cors.preflight) {
        (res as ServerResponse).writeHead(204);
        res.end();
        return;
      }
    }

    const header = headerGetterOf(req.headers);
    if (labels.surface === "service") {
      // only /readyz looks at the caller: its details are for authenticated callers
      if (labels.route === "/readyz") {
        try {
          const principal = auth.authenticate(header);
          principals.set(req, principal);
          caller = auth.callerOf(principal);
        } catch {
          // a stranger: status and reason word only
        }
      }
      return next(req, res);
    }

    const rpc = labels.rpc;
    let principal: Principal | undefined;
    try {
      principal = auth.authenticate(header);
      caller = auth.callerOf(principal);
      if (rpc !== undefined) auth.authorize(principal, WatchtowerClient.method[rpc.localName]);
    } catch (e) {
      const err = ConnectError.from(e);
      if (rpc !== undefined && scopeOf(WatchtowerClient.method[rpc.localName]) === "write") {
        writeAuditEntry(
          audit,
          deps.trail,
          {
            caller: caller ?? "unauthenticated",
            rpc: rpc.name,
            route: routeOf(labels),
            surface: labels.surface,
            target: undefined,
            outcome: `denied: ${err.rawMessage}`,
          },
          {},
          `audit ${rpc.name} denied`,
        );
      }
      return refuse({ status: httpStatusOf(err.code), code: err.code, message: err.rawMessage });
    }
    principals.set(req, principal);

    if (rpc !== undefined) {
      if (rpcsInFlight >= deps.maxLndCalls) {
        return refuse({
          status: 503,
          code: Code.Unavailable,
          message: `too many calls to lnd in flight (${deps.maxLndCalls}, see --max-lnd-calls); retry shortly`,
          headers: { "retry-after": "1" },
        });
      }
      rpcsInFlight++;
      let released = false;
      releaseRpc = () => {
        if (!released) rpcsInFlight--;
        released = true;
      };
    }
    next(req, res);
  };
}
