import { WtclientError, type WtclientReason } from "@wtclient/core";
import { readWatchtowerSnapshot, type WatchtowerReader } from "@wtclient/core/internal";
import type { Registry } from "prom-client";
import { lndMetricRegistry, type LndObservation } from "./lnd-metric-registry.js";

export interface LndMetricsOptions {
  /** The client to read with (the service's own macaroon); may reject when lnd's files cannot be read. */
  readonly client: () => Promise<WatchtowerReader>;
  /** Deadline of each call of a collection. */
  readonly timeoutMs: number;
  /** A collection is reused by scrapes within this many milliseconds after it finished. */
  readonly minIntervalMs: number;
  /** Told when a collection fails for a reason other than the last one's (for one log line per change). */
  readonly onFailure?: (error: WtclientError) => void;
  /** Told when collections work again after a failure. */
  readonly onRecovery?: () => void;
}

export interface LndMetrics {
  /** The metrics of lnd's watchtower client: collected now, or the collection of the last minIntervalMs. */
  collect(): Promise<Registry>;
}

// lnd itself gave these answers: it is up, it just will not (or cannot) tell
const answeredByLnd: ReadonlySet<WtclientReason> = new Set([
  "client-not-active",
  "permission-denied",
  "macaroon-invalid",
  "macaroon-expired",
  "macaroon-missing",
]);

async function observe(options: LndMetricsOptions): Promise<LndObservation> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let client: WatchtowerReader;
  try {
    client = await options.client();
  } catch (e) {
    // lnd's files could not be read: lnd was not even asked
    return { up: false, error: WtclientError.from(e), seconds: seconds() };
  }
  try {
    const snapshot = await readWatchtowerSnapshot(client, { timeoutMs: options.timeoutMs });
    return { up: true, active: true, snapshot, seconds: seconds() };
  } catch (e) {
    const error = WtclientError.from(e, { timeoutMs: options.timeoutMs });
    const up = answeredByLnd.has(error.reason);
    return { up, ...(up && error.reason === "client-not-active" ? { active: false } : {}), error, seconds: seconds() };
  }
}

/**
 * Scrape-time collection from lnd (Stats, ListTowers with sessions, Policy) with a deadline and a
 * minimum interval: concurrent scrapes share one collection in flight, and a scrape within
 * minIntervalMs of the last collection gets that one, so a fast scraper cannot hammer lnd.
 */
export function createLndMetrics(options: LndMetricsOptions): LndMetrics {
  let last: { at: number; registry: Registry } | undefined;
  let inFlight: Promise<Registry> | undefined;
  let failing: WtclientReason | undefined;

  async function collectNow(): Promise<Registry> {
    const observation = await observe(options);
    const reason = observation.error?.reason;
    if (observation.error !== undefined && reason !== failing) options.onFailure?.(observation.error);
    if (reason === undefined && failing !== undefined) options.onRecovery?.();
    failing = reason;
    const registry = lndMetricRegistry(observation);
    last = { at: performance.now(), registry };
    return registry;
  }

  return {
    collect() {
      if (inFlight !== undefined) return inFlight;
      if (last !== undefined && performance.now() - last.at < options.minIntervalMs)
        return Promise.resolve(last.registry);
      inFlight = collectNow().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
