import fastify, { type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { ServiceMetrics } from "./service-metrics.js";

/** --metrics-only: a listener that serves GET /metrics (and /healthz) and nothing else, for a scrape-only deployment. */
export async function createMetricsApp(deps: {
  logger: Logger;
  tls?: { cert: string; key: string };
  metrics: ServiceMetrics;
}): Promise<FastifyInstance> {
  const common = {
    loggerInstance: deps.logger.child({ component: "http" }),
    logController: new fastify.LogController({ disableRequestLogging: true }),
  };
  const app = (deps.tls
    ? fastify({ ...common, https: { cert: deps.tls.cert, key: deps.tls.key, minVersion: "TLSv1.2" } })
    : fastify(common)) as unknown as FastifyInstance;
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/metrics", async (_request, reply) =>
    reply.type("text/plain; version=0.0.4; charset=utf-8").send(await deps.metrics.render()),
  );
  return app;
}
