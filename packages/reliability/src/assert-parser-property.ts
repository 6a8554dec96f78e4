import fc from "fast-check";
import { outcomeOf, type ErrorClass } from "./outcome-of.js";
import { propertyRuns } from "./property-runs.js";
import { runBounded } from "./run-bounded.js";

export interface ParserProperty<T, R> {
  /** the parser's name, for messages: `toKeyBytes` */
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  readonly parse: (input: T) => R;
  /** the error classes the parser documents; any other exception fails the property */
  readonly own: readonly ErrorClass[];
  /** more checks of a returned value (throw to fail) */
  readonly checkValue?: (input: T, value: R) => void;
  /** more checks of an own error (throw to fail) */
  readonly checkError?: (input: T, error: Error) => void;
}

/** How many runs returned a value and how many threw an own error (shrinking runs included). */
export interface OutcomeCounts {
  values: number;
  errors: number;
}

/** Ample for 10 000 runs of any parser here (each takes well under a millisecond); only a hang gets near it. */
const hangLimitMs = 60_000;

/**
 * Check over `propertyRuns` that the parser returns a value or throws one of its own errors with a
 * message, never anything else and never forever. Returns the outcome counts, so a test can check that
 * its generator reaches both outcomes.
 */
export function assertParserProperty<T, R>(p: ParserProperty<T, R>): OutcomeCounts {
  const counts: OutcomeCounts = { values: 0, errors: 0 };
  let current: { input: T } | undefined;
  const property = fc.property(p.input, (input) => {
    current = { input };
    const outcome = outcomeOf(() => p.parse(input), p.own);
    if (outcome.ok) {
      counts.values++;
      p.checkValue?.(input, outcome.value);
    } else {
      counts.errors++;
      p.checkError?.(input, outcome.error);
    }
  });
  const running = (): string =>
    `${current === undefined ? `${p.name} (before its first input)` : `${p.name}(${fc.stringify(current.input)})`} (seed ${propertyRuns.seed})`;
  runBounded(() => fc.assert(property, propertyRuns), hangLimitMs, running);
  return counts;
}
