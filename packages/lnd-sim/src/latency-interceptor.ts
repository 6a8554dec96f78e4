import type { Interceptor } from "@connectrpc/connect";
import { setTimeout as sleep } from "node:timers/promises";
import type { Faults } from "./faults.js";

/** Delay every call by `faults.latencyMs` (read per call); a cancelled call stops waiting. */
export function createLatencyInterceptor(faults: Pick<Faults, "latencyMs">): Interceptor {
  return (next) => async (req) => {
    if (faults.latencyMs > 0) await sleep(faults.latencyMs, undefined, { signal: req.signal });
    return next(req);
  };
}
