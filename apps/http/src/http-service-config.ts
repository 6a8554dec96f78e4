import type { LndFlags } from "@wtclient/core";
import type { DestinationStream } from "pino";
import { isLoopbackHost, parseListenAddress } from "./listen-address.js";
import type { TokenEntry } from "./token-list.js";

/** Everything startHttpService needs; the CLI builds it from flags, WTCLIENT_HTTP_* and --config. */
export interface HttpServiceConfig {
  /** `HOST:PORT`; default 127.0.0.1:8280. */
  readonly listen?: string;
  /** PEM certificate and key of the listener: HTTPS with HTTP/2 (gRPC) and HTTP/1.1. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Generate a self-signed leaf certificate for the listener's own names (generateListenerCert). */
  readonly tlsSelfSigned?: boolean;
  /** Bearer tokens by SHA-256; callers with one use the service's own macaroon. */
  readonly tokens?: readonly TokenEntry[];
  /** Forward the caller's `Grpc-Metadata-macaroon` to lnd. */
  readonly passthroughMacaroon?: boolean;
  /** Callers without credentials use the service's macaroon (loopback listener only). */
  readonly insecureNoAuth?: boolean;
  /** Allow a non-loopback listener without TLS. */
  readonly insecurePlaintext?: boolean;
  /** Start the embedded lnd double instead of using `lnd`. */
  readonly sim?: boolean;
  /** Serve the web console at `/`; default true (`--no-console` turns it off). */
  readonly console?: boolean;
  /** Where the console's built assets are; default `dist/console` beside the service's code. */
  readonly consoleDir?: string;
  /** Allow browser calls from this origin. */
  readonly corsOrigin?: string;
  /** Names a Host header may carry besides the listener's own (a reverse proxy's). */
  readonly allowedHosts?: readonly string[];
  /** Seconds a client has to send a request's headers (HTTP/1.1) or finish its TLS handshake; default 10. */
  readonly headerTimeoutSeconds?: number;
  /** Seconds a client has to send a request's body; then the connection is closed; default 30. */
  readonly bodyTimeoutSeconds?: number;
  /** Seconds an idle connection (keep-alive, HTTP/2 session) stays open; default 60. */
  readonly idleTimeoutSeconds?: number;
  /** /readyz asks lnd at most once per this many seconds; default 5. */
  readonly readinessIntervalSeconds?: number;
  /** Most calls to lnd in flight; beyond, 503 with Retry-After; default 64. */
  readonly maxLndCalls?: number;
  /**
   * Serve from this many processes (node:cluster workers sharing the listener); default 1, no cluster. Above 1
   * the calling process becomes the cluster's primary and each worker runs this package's bin (`dist/cli.js`).
   */
  readonly workers?: number;
  /** Largest request body in bytes; default 65536. */
  readonly bodyLimitBytes?: number;
  /** Deadline of each call to lnd in seconds; default 30. */
  readonly timeoutSeconds?: number;
  /** How to talk to lnd; default grpc. */
  readonly transport?: "grpc" | "rest";
  /** lncli-style settings of the lnd to use (ignored with `sim`). */
  readonly lnd?: LndFlags;
  /** Serve only GET /metrics (and /healthz): a scrape-only deployment. */
  readonly metricsOnly?: boolean;
  /** lnd is asked for its watchtower metrics at most once per this many seconds; default 5. */
  readonly metricsIntervalSeconds?: number;
  /** Deadline of each call of a metrics collection in seconds; default 10 (at most --timeout). */
  readonly metricsTimeoutSeconds?: number;
  /**
   * Also append every audit entry to this file as a JSON line (created 0600), and answer the console's
   * `/v1/audit/terminated` from it: the marks then survive restarts and are shared by all `workers`.
   * Without it the list is kept in each process's memory.
   */
  readonly auditFile?: string;
  /** Where the JSON log lines go; default stdout. */
  readonly logDestination?: DestinationStream;
  /** Log level; default info. */
  readonly logLevel?: "debug" | "info" | "warn" | "error" | "silent";
}

export const DEFAULT_LISTEN = "127.0.0.1:8280";
export const DEFAULT_BODY_LIMIT_BYTES = 65_536;
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
export const DEFAULT_BODY_TIMEOUT_SECONDS = 30;
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
export const DEFAULT_READINESS_INTERVAL_SECONDS = 5;
export const DEFAULT_MAX_LND_CALLS = 64;
/** The most --workers: each is a whole Node process with its own connection to lnd. */
export const MAX_WORKERS = 32;

// the longest a Node timer can wait (about 24.8 days)
const maxTimerSeconds = 2_147_483;
export const DEFAULT_METRICS_INTERVAL_SECONDS = 5;
export const DEFAULT_METRICS_TIMEOUT_SECONDS = 10;

const lndFlagNames: readonly (keyof LndFlags)[] = [
  "rpcserver",
  "restserver",
  "lnddir",
  "tlscertpath",
  "macaroonpath",
  "lndconnect",
  "socksproxy",
];

/** Every mistake in the config, one clear sentence each (empty when it is usable). */
export function validateHttpServiceConfig(config: HttpServiceConfig): string[] {
  const errors: string[] = [];
  let loopback = true;
  try {
    loopback = isLoopbackHost(parseListenAddress(config.listen ?? DEFAULT_LISTEN).host);
  } catch (e) {
    errors.push(`--listen: ${(e as Error).message}`);
  }
  const tlsOn = config.tls !== undefined || config.tlsSelfSigned === true;
  if (config.tls !== undefined && config.tlsSelfSigned === true) {
    errors.push("--tls-self-signed: give either --tls-cert/--tls-key or --tls-self-signed, not both");
  }
  if (!loopback && !tlsOn && config.insecurePlaintext !== true) {
    errors.push(
      `--listen: ${config.listen} is reachable from other machines; add --tls-cert/--tls-key or --tls-self-signed, or accept plaintext with --insecure-plaintext`,
    );
  }
  if (!loopback && config.insecureNoAuth === true) {
    errors.push(
      `--insecure-no-auth: only allowed when --listen is a loopback address (127.0.0.1, ::1, localhost), not ${config.listen}`,
    );
  }
  const ids = new Set<string>();
  for (const token of config.tokens ?? []) {
    if (ids.has(token.id)) errors.push(`--tokens: the id "${token.id}" is used twice`);
    ids.add(token.id);
  }
  if (
    config.bodyLimitBytes !== undefined &&
    !(Number.isSafeInteger(config.bodyLimitBytes) && config.bodyLimitBytes > 0)
  ) {
    errors.push(`--body-limit: expected a whole number of bytes > 0, got ${config.bodyLimitBytes}`);
  }
  if (config.timeoutSeconds !== undefined && !(Number.isFinite(config.timeoutSeconds) && config.timeoutSeconds > 0)) {
    errors.push(`--timeout: expected a number of seconds > 0, got ${config.timeoutSeconds}`);
  }
  const seconds = [
    ["header-timeout", config.headerTimeoutSeconds],
    ["body-timeout", config.bodyTimeoutSeconds],
    ["idle-timeout", config.idleTimeoutSeconds],
    ["readiness-interval", config.readinessIntervalSeconds],
  ] as const;
  for (const [flag, value] of seconds) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0 && value <= maxTimerSeconds)) {
      errors.push(`--${flag}: expected a number of seconds > 0 (at most ${maxTimerSeconds}), got ${value}`);
    }
  }
  if (
    config.workers !== undefined &&
    !(Number.isSafeInteger(config.workers) && config.workers >= 1 && config.workers <= MAX_WORKERS)
  ) {
    errors.push(`--workers: expected a whole number from 1 to ${MAX_WORKERS}, got ${config.workers}`);
  }
  if (config.workers !== undefined && config.workers > 1 && config.sim === true) {
    errors.push(
      "--workers: cannot serve --sim from several processes (each would start its own double); start wtclient-lnd-sim and point --lnddir at it, or drop --workers",
    );
  }
  if (config.maxLndCalls !== undefined && !(Number.isSafeInteger(config.maxLndCalls) && config.maxLndCalls > 0)) {
    errors.push(`--max-lnd-calls: expected a whole number > 0, got ${config.maxLndCalls}`);
  }
  for (const host of config.allowedHosts ?? []) {
    if (!/^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?|\[?[0-9A-Fa-f:.]+\]?)$/.test(host)) {
      errors.push(`--allowed-host: expected a host name or IP address without scheme or port, got "${host}"`);
    }
  }
  if (config.corsOrigin === "*" && config.insecureNoAuth === true) {
    errors.push(
      "--cors-origin: * with --insecure-no-auth would let any web page act with the service's macaroon; name the one origin to allow",
    );
  }
  if (
    config.metricsIntervalSeconds !== undefined &&
    !(Number.isFinite(config.metricsIntervalSeconds) && config.metricsIntervalSeconds >= 0)
  ) {
    errors.push(`--metrics-interval: expected a number of seconds >= 0, got ${config.metricsIntervalSeconds}`);
  }
  if (
    config.metricsTimeoutSeconds !== undefined &&
    !(Number.isFinite(config.metricsTimeoutSeconds) && config.metricsTimeoutSeconds > 0)
  ) {
    errors.push(`--metrics-timeout: expected a number of seconds > 0, got ${config.metricsTimeoutSeconds}`);
  }
  if (config.auditFile !== undefined && config.auditFile.trim() === "") {
    errors.push("--audit-file: expected the path of a file, got an empty string");
  }
  if (config.transport !== undefined && config.transport !== "grpc" && config.transport !== "rest") {
    errors.push(`--transport: expected grpc or rest, got "${String(config.transport)}"`);
  }
  if (config.corsOrigin !== undefined && !/^(\*|https?:\/\/[^/\s]+)$/.test(config.corsOrigin)) {
    errors.push(
      `--cors-origin: expected an origin such as https://app.example.com (scheme://host[:port]) or *, got "${config.corsOrigin}"`,
    );
  }
  if (config.sim === true) {
    const given = lndFlagNames.filter((name) => config.lnd?.[name] !== undefined);
    if (given.length > 0)
      errors.push(`--sim: starts its own lnd double; drop ${given.map((n) => `--${n}`).join(", ")}`);
  }
  return errors;
}
