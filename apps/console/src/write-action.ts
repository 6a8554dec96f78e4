import type { ComponentChildren } from "preact";

/** A change to lnd the user asked for: what it does, in words, and the call that does it. */
export interface WriteAction {
  readonly title: string;
  /** Exactly what will happen. */
  readonly body: ComponentChildren;
  readonly confirmLabel: string;
  /** Runs the call; resolves with lnd's answer in words. */
  run(): Promise<string>;
}
