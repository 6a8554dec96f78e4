import cluster from "node:cluster";
import { closeSync } from "node:fs";
import { resolve } from "node:path";
import { createClient, type ConnectRouter } from "@connectrpc/connect";
import { WatchtowerClient, WtclientError, resolveLndSettings, type LndSettings } from "@wtclient/core";
import { joinHostPort } from "@wtclient/core/internal";
import type { FastifyInstance } from "fastify";
import { pino, type Logger } from "pino";
import { createAuditFileTrail } from "./audit-file-trail.js";
import { createAuditTrail, type AuditTrail } from "./audit-trail.js";
import { createAuthInterceptor } from "./auth-interceptor.js";
import { createAuthenticator } from "./authenticator.js";
import { buildOpenApi } from "./build-openapi.js";
import { checkReadiness } from "./check-readiness.js";
import { consolePages } from "./console-pages.js";
import { createHttpApp } from "./create-http-app.js";
import { createFrontDoor } from "./front-door.js";
import { createDelegatingService } from "./delegating-service.js";
import { createDirectTransport } from "./direct-transport.js";
import { HttpConfigError } from "./http-config-error.js";
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_SECONDS,
  DEFAULT_HEADER_TIMEOUT_SECONDS,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_LISTEN,
  DEFAULT_MAX_LND_CALLS,
  DEFAULT_METRICS_INTERVAL_SECONDS,
  DEFAULT_METRICS_TIMEOUT_SECONDS,
  DEFAULT_READINESS_INTERVAL_SECONDS,
  DEFAULT_TIMEOUT_SECONDS,
  validateHttpServiceConfig,
  type HttpServiceConfig,
} from "./http-service-config.js";
import { generateListenerCert, logListenerCert } from "./listener-cert.js";
import { openAuditFile } from "./open-audit-file.js";
import { createLndConnection, type LndConnection } from "./lnd-connection.js";
import { parseListenAddress } from "./listen-address.js";
import { createReadinessProbe } from "./readiness-probe.js";
import { createRequestGuard } from "./request-guard.js";
import { createRestHandler } from "./rest-handler.js";
import { createRestScopeInterceptor } from "./rest-scope.js";
import { createServiceMetrics } from "./service-metrics.js";
import { createDoctorHandler } from "./doctor-handler.js";
import { createLndMetrics } from "./lnd-metrics.js";
import { createMetricsApp } from "./create-metrics-app.js";
import { startSimLnd, type SimLnd } from "./start-sim-lnd.js";
import { startClusterService } from "./start-cluster-service.js";

export const SERVICE_VERSION = "0.1.0";

// /readyz answers within this even when the per-call --timeout is long
const READINESS_TIMEOUT_MS = 5000;

/** A running service. */
export interface HttpService extends AsyncDisposable {
  /** `http://127.0.0.1:8280` or `https://...`, with the port actually bound. */
  readonly url: string;
  /** The listener's certificate (PEM) when TLS is on: the one given or the generated self-signed one. */
  readonly tlsCert?: string;
  /** lnd's `host:port` as the service dials it. */
  readonly lndAddress: string;
  /** Stop accepting, let calls in flight finish, close the lnd connection and the embedded double. */
  close(): Promise<void>;
}

// credential headers never reach a log line, whichever object logs them
const redactPaths = ["authorization", "macaroon", '["grpc-metadata-macaroon"]']
  .flatMap((h) => [`req.headers.${h}`, `headers.${h}`, `request.headers.${h}`])
  .map((p) => p.replace('.["', '["'));

function createLogger(config: HttpServiceConfig): Logger {
  return pino(
    {
      level: config.logLevel ?? "info",
      // with --workers, each worker's lines say which process wrote them
      base: { service: "wtclient-http", ...(cluster.isWorker ? { worker: cluster.worker?.id, pid: process.pid } : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: "[redacted]" },
    },
    config.logDestination ?? pino.destination(1),
  );
}

/** lnd-sim or the configured lnd, as core's lncli-style settings; LNCLI_* variables and lncli profiles are not consulted. */
function lndSettingsOf(config: HttpServiceConfig, sim: SimLnd | undefined): LndSettings {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LNCLI_")));
  const flags = sim?.flags ?? config.lnd ?? {};
  try {
    return resolveLndSettings({ ...flags, noProfiles: true }, env);
  } catch (e) {
    throw new HttpConfigError([WtclientError.from(e).rawMessage]);
  }
}

function tlsOf(config: HttpServiceConfig, host: string): { cert: string; key: string } | undefined {
  if (config.tls !== undefined) return config.tls;
  return config.tlsSelfSigned === true ? generateListenerCert(host) : undefined;
}

/** Start the service: validate, start lnd-sim if asked, connect lazily to lnd, listen. */
export async function startHttpService(config: HttpServiceConfig): Promise<HttpService> {
  const errors = validateHttpServiceConfig(config);
  if (errors.length > 0) throw new HttpConfigError(errors);
  const logger = createLogger(config);
  const listen = parseListenAddress(config.listen ?? DEFAULT_LISTEN);
  const timeoutMs = (config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const bodyLimit = config.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const tokens = config.tokens ?? [];
  const passthrough = config.passthroughMacaroon === true;
  const insecureNoAuth = config.insecureNoAuth === true;
  // one absolute path, whatever directory a worker runs in
  const auditFile = config.auditFile !== undefined ? resolve(config.auditFile) : undefined;
  if ((config.workers ?? 1) > 1) {
    const settings = lndSettingsOf(config, undefined);
    const lndAddress = (config.transport ?? "grpc") === "grpc" ? settings.rpcserver : settings.restserver;
    // each worker opens the file itself; trying here first makes a bad path fail the start once, as a config error
    if (auditFile !== undefined) closeSync(openAuditFile(auditFile));
    return startClusterService(
      { ...config, ...(auditFile !== undefined ? { auditFile } : {}) },
      logger,
      await tlsOf(config, listen.host),
      lndAddress,
    );
  }

  let sim: SimLnd | undefined;
  let lnd: LndConnection | undefined;
  let app: FastifyInstance | undefined;
  let trail: AuditTrail | undefined;
  try {
    const audit = logger.child({ component: "audit" });
    trail = auditFile !== undefined ? createAuditFileTrail(auditFile, audit) : createAuditTrail();
    if (config.sim === true) {
      sim = await startSimLnd();
      logger.warn(
        { sim: { grpc: sim.rpcAddress, rest: sim.restAddress, lnddir: sim.lnddir } },
        `--sim: serving the embedded lnd double (lnd-sim, NOT a real lnd) on grpc ${sim.rpcAddress} and rest ${sim.restAddress}, lnddir ${sim.lnddir}`,
      );
    }
    const kind = config.transport ?? "grpc";
    const settings = lndSettingsOf(config, sim);
    const connection = createLndConnection(settings, kind, timeoutMs, logger.child({ component: "lnd" }));
    lnd = connection;
    const tls = tlsOf(config, listen.host);

    const policy = { tokens, passthroughMacaroon: passthrough, insecureNoAuth };
    const auth = createAuthenticator(policy);
    const authInterceptor = createAuthInterceptor(auth);
    const lndMetrics = createLndMetrics({
      client: () => connection.own(),
      timeoutMs: Math.min(timeoutMs, (config.metricsTimeoutSeconds ?? DEFAULT_METRICS_TIMEOUT_SECONDS) * 1000),
      minIntervalMs: (config.metricsIntervalSeconds ?? DEFAULT_METRICS_INTERVAL_SECONDS) * 1000,
      onFailure: (e) =>
        logger.warn(
          { reason: e.reason, hint: e.hint },
          `metrics: cannot read lnd's watchtower client: ${e.rawMessage}`,
        ),
      onRecovery: () => logger.info("metrics: lnd's watchtower client answers again"),
    });
    const metrics = createServiceMetrics({ lnd: () => lndMetrics.collect() });
    const impl = createDelegatingService({ lnd: connection, auth, metrics, audit, timeoutMs, trail });
    const routes = (router: ConnectRouter) => router.service(WatchtowerClient, impl);
    // REST reaches the same implementation through the same auth interceptor, in process and without
    // a protocol in between; each call carries its request's caller (authenticated once, at the front door)
    const restClient = createClient(
      WatchtowerClient,
      createDirectTransport(WatchtowerClient, impl, [createRestScopeInterceptor(), authInterceptor]),
    );
    // without a macaroon of its own (pass-through only) the service checks lnd with none
    const useOwnMacaroon = tokens.length > 0 || insecureNoAuth || !passthrough;
    const readiness = createReadinessProbe(
      () => checkReadiness(connection, useOwnMacaroon, Math.min(timeoutMs, READINESS_TIMEOUT_MS)),
      (config.readinessIntervalSeconds ?? DEFAULT_READINESS_INTERVAL_SECONDS) * 1000,
      (r) =>
        r.ready
          ? logger.info({ readiness: r }, "ready: lnd answers")
          : logger.warn({ readiness: r }, `not ready: ${r.detail ?? r.reason}`),
    );
    const guard = createRequestGuard({
      listenHost: listen.host,
      tls: tls !== undefined,
      allowedHosts: config.allowedHosts ?? [],
      ...(config.corsOrigin !== undefined ? { corsOrigin: config.corsOrigin } : {}),
    });
    const pages =
      config.console !== false
        ? consolePages({
            ...(config.consoleDir !== undefined ? { consoleDir: config.consoleDir } : {}),
            logger,
            auth,
            policy,
            trail,
            lnd: connection,
            timeoutMs,
          })
        : undefined;
    const accessLog = logger.child({ component: "http" });
    app =
      config.metricsOnly === true
        ? await createMetricsApp({ logger, ...(tls !== undefined ? { tls } : {}), metrics })
        : await createHttpApp({
            logger,
            ...(tls !== undefined ? { tls } : {}),
            bodyLimit,
            headerTimeoutMs: (config.headerTimeoutSeconds ?? DEFAULT_HEADER_TIMEOUT_SECONDS) * 1000,
            idleTimeoutMs: (config.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000,
            frontDoor: (next) =>
              createFrontDoor(
                {
                  log: accessLog,
                  audit,
                  trail,
                  metrics,
                  auth,
                  guard,
                  ...(config.corsOrigin !== undefined ? { corsOrigin: config.corsOrigin } : {}),
                  bodyTimeoutMs: (config.bodyTimeoutSeconds ?? DEFAULT_BODY_TIMEOUT_SECONDS) * 1000,
                  maxLndCalls: config.maxLndCalls ?? DEFAULT_MAX_LND_CALLS,
                },
                next,
              ),
            metrics,
            routes,
            authInterceptor,
            rest: createRestHandler(restClient, bodyLimit),
            readiness: () => readiness.get(),
            lndInfo: { lnd: connection.address, transport: kind },
            openapi: JSON.stringify(buildOpenApi(SERVICE_VERSION)),
            doctor: createDoctorHandler({
              auth,
              settings,
              transport: kind,
              timeoutMs: Math.min(timeoutMs, READINESS_TIMEOUT_MS * 2),
            }),
            ...(pages !== undefined ? { pages: pages.register } : {}),
          });

    await app.listen({ host: listen.host, port: listen.port });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : listen.port;
    const url = `${tls ? "https" : "http"}://${joinHostPort(listen.host, port)}`;
    const ways = [
      tokens.length > 0 ? `${tokens.length} bearer token(s)` : "",
      passthrough ? "macaroon pass-through" : "",
      insecureNoAuth ? "NO AUTH (loopback)" : "",
    ].filter(Boolean);
    logger.info(
      { url, lnd: connection.address, transport: kind, tls: tls !== undefined, auth: ways },
      `listening on ${url}, lnd at ${connection.address} over ${kind}${pages?.built === true ? `; web console at ${url}/` : ""}`,
    );
    if (config.tlsSelfSigned === true && tls !== undefined) logListenerCert(logger, tls.cert);
    if (auditFile !== undefined)
      logger.info(
        { auditFile },
        `audit entries are appended to ${auditFile}; the console's list of terminated sessions is read from it`,
      );
    if (config.metricsOnly === true) logger.info("--metrics-only: serving GET /metrics and /healthz only");
    else if (ways.length === 0)
      logger.warn("no way in is configured (--tokens, --passthrough-macaroon): every call will be refused with 401");
    // every start says so when a safety is off
    if (insecureNoAuth)
      logger.warn(
        "--insecure-no-auth: callers without credentials act with the service's own macaroon (loopback only)",
      );
    if (config.insecurePlaintext === true && tls === undefined)
      logger.warn("--insecure-plaintext: requests and answers travel unencrypted");

    const running = { app, lnd: connection, sim, trail };
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        logger.info("shutting down: no new connections, waiting for calls in flight");
        await running.app.close();
        // the calls that ended while the listener closed have recorded their entries: store them
        await running.trail.close();
        await running.lnd.close();
        await running.sim?.close();
        logger.info("stopped");
        logger.flush();
      })());
    return {
      url,
      lndAddress: connection.address,
      ...(tls ? { tlsCert: tls.cert } : {}),
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    await trail?.close().catch(() => undefined);
    await lnd?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    throw e;
  }
}
