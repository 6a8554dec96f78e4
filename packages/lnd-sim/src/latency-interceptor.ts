import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { setTimeout as sleep } from "node:timers/promises";
import type { Faults } from "./faults.js";

/**
 * Delay every call by `faults.latencyMs` (read per call); a call whose deadline passes or that its caller cancels
 * stops waiting and ends as lnd's would (its Go context's error). Counts every call by RPC name in `calls`.
 */
export function createLatencyInterceptor(
  faults: Pick<Faults, "latencyMs">,
  calls: Record<string, number>,
): Interceptor {
  return (next) => async (req) => {
    calls[req.method.name] = (calls[req.method.name] ?? 0) + 1;
    if (faults.latencyMs > 0) {
      try {
        await sleep(faults.latencyMs, undefined, { signal: req.signal });
      } catch (e) {
        if (!req.signal.aborted) throw e;
        const timedOut = ConnectError.from(req.signal.reason).code === Code.DeadlineExceeded;
        throw timedOut
          ? new ConnectError("context deadline exceeded", Code.DeadlineExceeded)
          : new ConnectError("context canceled", Code.Canceled);
      }
    }
    return next(req);
  };
}
