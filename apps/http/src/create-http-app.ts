import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import { fastifyConnectPlugin } from "@connectrpc/connect-fastify";
import type { RestHandler } from "@wtclient/rest-gateway";
import fastify, { type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Readiness } from "./check-readiness.js";
import { corsHeadersOf } from "./cors.js";
import { requestLabelsOf } from "./request-labels.js";
import type { ServiceMetrics } from "./service-metrics.js";

export interface HttpAppDeps {
  readonly logger: Logger;
  /** PEM certificate and key: HTTPS with HTTP/2 (gRPC) and HTTP/1.1; plain HTTP/1.1 without. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly bodyLimit: number;
  readonly corsOrigin?: string;
  readonly metrics: ServiceMetrics;
  /** The WatchtowerClient service, for Connect, gRPC-Web and gRPC. */
  readonly routes: (router: ConnectRouter) => void;
  readonly authInterceptor: Interceptor;
  /** lnd's REST surface behind the service's auth. */
  readonly rest: RestHandler;
  readonly readiness: () => Promise<Readiness>;
  /** What /readyz reports besides readiness. */
  readonly lndInfo: { readonly lnd: string; readonly transport: string };
  /** The /openapi.json document, serialized. */
  readonly openapi: string;
  /** More routes of the service's own (the console and its endpoints), registered before lnd's REST surface. */
  readonly pages?: (app: FastifyInstance) => void;
}

/** A URL the router cannot even parse gets a gateway-style 400. */
function lndStyleFrameworkError(error: Error, _req: unknown, reply: { code(status: number): { send(body: object): unknown } }): void {
  void reply.code(400).send({ code: 3, message: error.message, details: [] });
}

/** The fastify app of the service: every surface on one port, counted, logged and (optionally) CORS-enabled. */
export async function createHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const { logger, tls, bodyLimit, metrics } = deps;
  const common = {
    loggerInstance: logger.child({ component: "http" }),
    // one access line per request is written below, with the RPC instead of the URL
    logController: new fastify.LogController({ disableRequestLogging: true }),
    bodyLimit,
    // gateway-style answer for URLs the router cannot even parse; fastify types this callback per
    // server kind (HTTP/1.1 or HTTP/2), and this one serves both
    frameworkErrors: lndStyleFrameworkError as never,
  };
  const server = tls
    ? // HTTP/2 for gRPC, with HTTP/1.1 for REST clients and browsers on the same port
      fastify({ ...common, http2: true, https: { allowHTTP1: true, cert: tls.cert, key: tls.key, minVersion: "TLSv1.2" } })
    : fastify(common);
  // both kinds of server take the same routes and hooks; the raw request/response differ only in
  // ways the handlers below do not touch
  const app = server as unknown as FastifyInstance;

  app.addHook("onRequest", async (request, reply) => {
    const labels = requestLabelsOf(request.routeOptions.url, request.raw.method, request.raw.url, request.headers["content-type"]);
    const leave = metrics.enter();
    const started = performance.now();
    reply.raw.once("close", () => {
      leave();
      metrics.countRequest(labels.surface, labels.route, reply.raw.statusCode);
      request.log.info(
        { method: request.raw.method, surface: labels.surface, route: labels.route, status: reply.raw.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });
    if (deps.corsOrigin !== undefined) {
      const cors = corsHeadersOf(deps.corsOrigin, request.raw.method, request.headers);
      for (const [name, value] of Object.entries(cors.headers)) if (value !== undefined) reply.raw.setHeader(name, value);
      if (cors.preflight) return reply.code(204).send();
    }
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    // gRPC codes of the service's own failures, in lnd's envelope: 3 InvalidArgument, 8 ResourceExhausted, 13 Internal
    const code = status === 413 ? 8 : status >= 400 && status < 500 ? 3 : 13;
    void reply.code(status).send({ code, message: status >= 500 ? "internal error" : error.message, details: [] });
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const r = await deps.readiness();
    return reply.code(r.ready ? 200 : 503).send({ ready: r.ready, ...deps.lndInfo, ...(r.reason !== undefined ? { reason: r.reason } : {}) });
  });
  app.get("/metrics", async (_request, reply) => reply.type("text/plain; version=0.0.4; charset=utf-8").send(metrics.render()));
  app.get("/openapi.json", async (_request, reply) => reply.type("application/json").send(deps.openapi));
  deps.pages?.(app);
  await app.register(fastifyConnectPlugin, { routes: deps.routes, interceptors: [deps.authInterceptor], readMaxBytes: bodyLimit });
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
