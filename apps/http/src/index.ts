// user-facing API first
export { startHttpService, SERVICE_VERSION } from "./start-http-service.js";
export type { HttpService } from "./start-http-service.js";
export {
  validateHttpServiceConfig,
  DEFAULT_LISTEN,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_HEADER_TIMEOUT_SECONDS,
  DEFAULT_BODY_TIMEOUT_SECONDS,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_READINESS_INTERVAL_SECONDS,
  DEFAULT_MAX_LND_CALLS,
} from "./http-service-config.js";
export type { HttpServiceConfig } from "./http-service-config.js";
export { HttpConfigError } from "./http-config-error.js";
export { parseHttpArgs } from "./parse-http-args.js";
export type { ParsedHttpArgs, ParseHttpArgsDeps } from "./parse-http-args.js";
export { httpFlags, formatHttpHelp, envNameOf } from "./http-flags.js";
export { parseTokenList } from "./token-list.js";
export type { TokenEntry } from "./token-list.js";
export { createAuthenticator, scopeOf } from "./authenticator.js";
export type { Authenticator, AuthPolicy, Principal, HeaderGetter } from "./authenticator.js";
export { createDelegatingService } from "./delegating-service.js";
export { buildOpenApi } from "./build-openapi.js";
export { createServiceMetrics } from "./service-metrics.js";
export type { ServiceMetrics, ServiceMetricsOptions } from "./service-metrics.js";
export { createLndMetrics } from "./lnd-metrics.js";
export type { LndMetrics, LndMetricsOptions } from "./lnd-metrics.js";
export { lndMetricRegistry, lndMetricSpecs } from "./lnd-metric-registry.js";
export type { LndObservation } from "./lnd-metric-registry.js";
export { metricList, formatMetricList } from "./metric-list.js";
export type { MetricDoc } from "./metric-list.js";
export { parseListenAddress, isLoopbackHost } from "./listen-address.js";
