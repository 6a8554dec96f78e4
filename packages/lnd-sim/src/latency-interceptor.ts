import type { Interceptor } from "@connectrpc/connect";
import { setTimeout as sleep } from "node:timers/promises";
import type { Faults } from "./faults.js";

/** Delay every call by `faults.latencyMs` (read per call); a cancelled call stops waiting. Counts every call by RPC name in `calls`. */
export function createLatencyInterceptor(faults: Pick<Faults, "latencyMs">, calls: Record<string, number>): Interceptor {
  return (next) => async (req) => {
    calls[req.method.name] = (calls[req.method.name] ?? 0) + 1;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs, undefined, { signal: req.signal });
    return next(req);
  };
}
