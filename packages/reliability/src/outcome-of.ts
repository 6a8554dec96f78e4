/** An error class a parser documents as its own (WtclientError, HexDecodeError, ...). */
export type ErrorClass = abstract new (...args: never[]) => Error;

export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: Error };

/** A parser threw something it does not document: a TypeError, a RangeError, a library's error, a non-Error. */
export class ForeignExceptionError extends Error {
  override readonly name = "ForeignExceptionError";
}

function describeThrown(thrown: unknown): string {
  if (!(thrown instanceof Error)) return `a non-Error value ${String(thrown)}`;
  return `${thrown.constructor.name} (name ${JSON.stringify(thrown.name)}): ${JSON.stringify(thrown.message)}`;
}

/**
 * Call `parse`: its value, or the error it threw when that is one of `own` with a non-empty message.
 * Anything else is a bug of the parser and is rethrown as ForeignExceptionError (with the original as cause).
 */
export function outcomeOf<R>(parse: () => R, own: readonly ErrorClass[]): Outcome<R> {
  try {
    return { ok: true, value: parse() };
  } catch (thrown) {
    if (thrown instanceof Error && own.some((c) => thrown instanceof c)) {
      if (thrown.message.trim() === "")
        throw new ForeignExceptionError(`${thrown.constructor.name} with an empty message`, { cause: thrown });
      return { ok: false, error: thrown };
    }
    throw new ForeignExceptionError(`foreign exception: ${describeThrown(thrown)}`, { cause: thrown });
  }
}
