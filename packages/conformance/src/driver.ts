import type { CallContext, CallInput, Outcome, Scenario } from "./scenario.js";
import type { Target } from "./target.js";

/** One frontend over one transport, mapping a scenario's call onto its surface and its answer back. */
export interface Driver {
  /** `surface/transport`, e.g. `library/grpc` */
  readonly name: string;
  /** Why this driver cannot run the call, when it cannot (shown in the matrix). */
  unsupported?(scenario: Scenario, input: CallInput, context: CallContext): string | undefined;
  call(target: Target, input: CallInput, context: CallContext): Promise<Outcome>;
  /** Stop what the driver started for its calls (a proxy, say); the runner calls it after the last scenario. */
  close?(): Promise<void>;
}
