import { setTimeout as sleep } from "node:timers/promises";

/**
 * Call `probe` every `intervalMs` until it returns a value (not undefined), or throw `what` once `timeoutMs`
 * has passed. `probe` may throw to stop waiting at once.
 */
export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}
