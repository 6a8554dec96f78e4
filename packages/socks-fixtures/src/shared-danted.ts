import { startDanted, type Danted } from "./start-danted.js";

let shared: Promise<Danted> | undefined;

/**
 * One danted for the whole test process, started on first use and ended when the process exits: for
 * callers without hooks of their own (the conformance suite's drivers).
 */
export function sharedDanted(): Promise<Danted> {
  if (shared === undefined) {
    shared = startDanted();
    void shared.then((d) => process.once("exit", () => d.kill()), () => (shared = undefined));
  }
  return shared;
}
