import { Script } from "node:vm";

/** A synchronous call that was still running when its time ran out. */
export class HangError extends Error {
  override readonly name = "HangError";
}

const hook = "__wtclientReliabilityBoundedCall";
// vm's timeout is enforced by a watchdog thread that stops any JavaScript running under the script, functions it calls included
const callHook = new Script(`globalThis.${hook}()`);

/**
 * Run `fn` synchronously, but stop it after `limitMs` (a loop that never ends cannot be interrupted by a
 * timer, only by V8's watchdog). On timeout throws HangError naming `running()`, the call that hung.
 */
export function runBounded<T>(fn: () => T, limitMs: number, running: () => string): T {
  const slot = globalThis as Record<string, unknown>;
  slot[hook] = fn;
  try {
    return callHook.runInThisContext({ timeout: limitMs }) as T;
  } catch (e) {
    if ((e as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      throw new HangError(`${running()} was still running after ${limitMs} ms`);
    }
    throw e;
  } finally {
    delete slot[hook];
  }
}
