import http, { type IncomingHttpHeaders } from "node:http";
import http2 from "node:http2";
import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import { fastifyConnectPlugin } from "@connectrpc/connect-fastify";
import type { RestHandler } from "@wtclient/rest-gateway";
import fastify, { type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Readiness } from "./check-readiness.js";
import type { DoctorAnswer } from "./doctor-handler.js";
import { principalOf, type RawHandler } from "./front-door.js";
import { restRpcOf } from "./rest-handler.js";
import type { ServiceMetrics } from "./service-metrics.js";

/** HTTP/2 streams one connection may have open at once (Node's default allows 2^32-1). */
export const MAX_CONCURRENT_STREAMS = 100;

export interface HttpAppDeps {
  readonly logger: Logger;
  /** PEM certificate and key: HTTPS with HTTP/2 (gRPC) and HTTP/1.1; plain HTTP/1.1 without. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly bodyLimit: number;
  readonly headerTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Wraps fastify's handler: every request passes the front door first. */
  readonly frontDoor: (next: RawHandler) => RawHandler;
  readonly metrics: ServiceMetrics;
  /** The WatchtowerClient service, for Connect, gRPC-Web and gRPC. */
  readonly routes: (router: ConnectRouter) => void;
  readonly authInterceptor: Interceptor;
  /** lnd's REST surface behind the service's auth. */
  readonly rest: RestHandler;
  /** The cached readiness. */
  readonly readiness: () => Promise<Readiness>;
  /** What /readyz reports to authenticated callers besides readiness. */
  readonly lndInfo: { readonly lnd: string; readonly transport: string };
  /** GET /v1/doctor: core's diagnosis of lnd, for read-scope callers. */
  readonly doctor: (headers: IncomingHttpHeaders) => Promise<DoctorAnswer>;
  /** The /openapi.json document, serialized. */
  readonly openapi: string;
  /** More routes of the service's own (the console and its endpoints), registered before lnd's REST surface. */
  readonly pages?: (app: FastifyInstance) => void;
}

/** A URL the router cannot even parse gets a gateway-style 400. */
function lndStyleFrameworkError(
  error: Error,
  _req: unknown,
  reply: { code(status: number): { send(body: object): unknown } },
): void {
  void reply.code(400).send({ code: 3, message: error.message, details: [] });
}

/** The Node server under fastify, with the service's timeouts and stream cap, its requests through the front door. */
function serverFactory(deps: HttpAppDeps, closing: () => boolean) {
  return (handler: RawHandler): http.Server | http2.Http2SecureServer => {
    // a request for one of lnd's REST routes goes straight to the gateway, which does its own routing,
    // body reading and answers (fastify would only hand it over); while closing, fastify answers 503
    const front = deps.frontDoor((req, res) => {
      if (!closing() && restRpcOf(req.method, req.url) !== undefined) void deps.rest(req, res);
      else handler(req, res);
    });
    // Node checks header and request timeouts on this period (30 s by default, too coarse for 10 s)
    const checkEvery = Math.min(1000, deps.headerTimeoutMs);
    if (deps.tls === undefined) {
      return http.createServer(
        {
          headersTimeout: deps.headerTimeoutMs,
          requestTimeout: 0,
          keepAliveTimeout: deps.idleTimeoutMs,
          connectionsCheckingInterval: checkEvery,
        },
        front,
      );
    }
    const server = http2.createSecureServer(
      {
        allowHTTP1: true,
        cert: deps.tls.cert,
        key: deps.tls.key,
        minVersion: "TLSv1.2",
        handshakeTimeout: deps.headerTimeoutMs,
        settings: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS },
      },
      front,
    );
    // HTTP/1.1 on the same port: Node's own header timeout (an Http2SecureServer with allowHTTP1 honours these)
    Object.assign(server, {
      headersTimeout: deps.headerTimeoutMs,
      requestTimeout: 0,
      keepAliveTimeout: deps.idleTimeoutMs,
      connectionsCheckingInterval: checkEvery,
    });
    server.on("session", (session) => session.setTimeout(deps.idleTimeoutMs, () => session.close()));
    return server;
  };
}

/** The fastify app of the service: every surface on one port, behind the front door. */
export async function createHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const { logger, tls, bodyLimit, metrics } = deps;
  let closing = false;
  const server = fastify({
    loggerInstance: logger.child({ component: "http" }),
    // the front door writes one access line per request, with the RPC instead of the URL
    logController: new fastify.LogController({ disableRequestLogging: true }),
    bodyLimit,
    // gateway-style answer for URLs the router cannot even parse; fastify types this callback per
    // server kind (HTTP/1.1 or HTTP/2), and this one serves both
    frameworkErrors: lndStyleFrameworkError as never,
    http2: tls !== undefined,
    serverFactory: serverFactory(deps, () => closing) as never,
  } as never);
  // both kinds of server take the same routes and hooks; the raw request/response differ only in
  // ways the handlers below do not touch
  const app = server as unknown as FastifyInstance;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    // gRPC codes of the service's own failures, in lnd's envelope: 3 InvalidArgument, 8 ResourceExhausted, 13 Internal
    const code = status === 413 ? 8 : status >= 400 && status < 500 ? 3 : 13;
    void reply.code(status).send({ code, message: status >= 500 ? "internal error" : error.message, details: [] });
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (request, reply) => {
    const r = await deps.readiness();
    const principal = principalOf(request.raw);
    // lnd's address and the details are for callers who may call lnd anyway
    const trusted = principal !== undefined && principal.kind !== "macaroon";
    const reason = r.reason !== undefined ? { reason: r.reason } : {};
    const body = trusted
      ? { ready: r.ready, ...deps.lndInfo, ...reason, ...(r.detail !== undefined ? { detail: r.detail } : {}) }
      : { ready: r.ready, ...reason };
    return reply.code(r.ready ? 200 : 503).send(body);
  });
  app.get("/metrics", async (_request, reply) =>
    reply.type("text/plain; version=0.0.4; charset=utf-8").send(await metrics.render()),
  );
  app.get("/v1/doctor", async (request, reply) => {
    const answer = await deps.doctor(request.headers);
    return reply.code(answer.status).send(answer.body);
  });
  app.get("/openapi.json", async (_request, reply) => reply.type("application/json").send(deps.openapi));
  deps.pages?.(app);
  await app.register(fastifyConnectPlugin, {
    routes: deps.routes,
    interceptors: [deps.authInterceptor],
    readMaxBytes: bodyLimit,
    // invalid UTF-8 in a JSON body is an error, as on lnd's REST surface (not U+FFFD)
    jsonOptions: { textDecoder: new TextDecoder("utf-8", { fatal: true }) } as never,
  });
  await app.register(async (rest) => {
    // the gateway reads the raw body itself (lnd's parsing, lnd's size errors): fastify must leave it unread
    rest.removeAllContentTypeParsers();
    rest.addContentTypeParser("*", (_request, _payload, done) => done(null));
    rest.all("/*", async (request, reply) => {
      reply.hijack();
      await deps.rest(request.raw, reply.raw);
    });
  });
  return app;
}
