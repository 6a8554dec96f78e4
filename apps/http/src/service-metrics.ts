import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The service's Prometheus metrics; labels carry RPC names, surfaces and codes, never credentials or paths. */
export interface ServiceMetrics {
  /** Count one request as in flight; call the result when it ends. */
  enter(): () => void;
  /** One finished HTTP request. `route` is an RPC name or one of the fixed service paths. */
  countRequest(surface: string, route: string, status: number): void;
  /** One call to lnd, with its outcome ("OK" or the error's code name). */
  observeLndCall(rpc: string, outcome: string, seconds: number): void;
  /** The Prometheus text exposition (format 0.0.4): the service's own metrics, then lnd's watchtower client's. */
  render(): Promise<string>;
  /** The registry of the service's own metrics (HTTP, lnd call latency, process). */
  readonly registry: Registry;
}

export interface ServiceMetricsOptions {
  /** lnd's watchtower client metrics, read at scrape time (see createLndMetrics). */
  readonly lnd?: () => Promise<Registry>;
}

// lnd answers in milliseconds when local, seconds when busy or remote; the top buckets cover the default 30 s deadline
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The service's own metrics on a prom-client registry of its own, with Node's default process metrics. */
export function createServiceMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "wtclient_http_requests_total",
    help: "HTTP requests handled, by surface, route (RPC or service path) and HTTP status.",
    labelNames: ["surface", "route", "status"] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: "wtclient_http_requests_in_flight",
    help: "HTTP requests being handled now.",
    registers: [registry],
  });
  const lndCalls = new Histogram({
    name: "wtclient_http_lnd_call_duration_seconds",
    help: "Latency of calls to lnd, by RPC and outcome.",
    labelNames: ["rpc", "outcome"] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });

  return {
    registry,
    enter() {
      inFlight.inc();
      let done = false;
      return () => {
        if (!done) inFlight.dec();
        done = true;
      };
    },
    countRequest(surface, route, status) {
      requests.inc({ surface, route, status: String(status) });
    },
    observeLndCall(rpc, outcome, seconds) {
      lndCalls.observe({ rpc, outcome }, seconds);
    },
    async render() {
      // the service's own values are those of the moment of the scrape, not of after lnd's collection
      const [own, lnd] = await Promise.all([registry.metrics(), options.lnd?.()]);
      return lnd === undefined ? own : `${own}\n${await lnd.metrics()}`;
    },
  };
}
