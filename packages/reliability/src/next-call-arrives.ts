import type { LndSim } from "@wtclient/lnd-sim";

/**
 * Resolves when the next RPC reaches the double (its latency interceptor reads `faults.latencyMs` first thing),
 * and makes that RPC wait `latencyMs` there: a test can act while a call is surely in flight. Setting the
 * fault again (setFaults({ latencyMs })) turns the knob back into a plain value.
 */
export function nextCallArrives(sim: LndSim, latencyMs: number): Promise<void> {
  return new Promise((resolve) => {
    Object.defineProperty(sim.faults, "latencyMs", {
      configurable: true,
      enumerable: true,
      get() {
        resolve();
        return latencyMs;
      },
      set(value: number) {
        Object.defineProperty(sim.faults, "latencyMs", { value, writable: true, configurable: true, enumerable: true });
      },
    });
  });
}
