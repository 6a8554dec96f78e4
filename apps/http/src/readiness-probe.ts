import type { Readiness } from "./check-readiness.js";

export interface ReadinessProbe {
  /** The last result while it is fresh; otherwise one check, shared by every caller waiting for it. */
  get(): Promise<Readiness>;
}

/**
 * Readiness from at most one check per `intervalMs`, single-flight: however many callers ask, lnd
 * sees one call per interval. `onChange` hears each result that differs from the one before.
 */
export function createReadinessProbe(
  check: () => Promise<Readiness>,
  intervalMs: number,
  onChange: (now: Readiness) => void,
): ReadinessProbe {
  let last: { readonly result: Readiness; readonly at: number } | undefined;
  let pending: Promise<Readiness> | undefined;
  return {
    get() {
      if (last !== undefined && performance.now() - last.at < intervalMs) return Promise.resolve(last.result);
      pending ??= check()
        .then((result) => {
          if (last === undefined || last.result.ready !== result.ready || last.result.reason !== result.reason)
            onChange(result);
          last = { result, at: performance.now() };
          return result;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}
