// Hand-written on purpose: Go's url.ParseQuery splits and unescapes differently from URLSearchParams (and fails where it passes).
import { GoEscapeError, goUnescape } from "./go-unescape.js";

export interface GoQuery {
  /** Keys (as latin1 strings, one char per byte) in first-seen order, each with its values as bytes. */
  readonly values: Map<string, Buffer[]>;
  /** The error `url.ParseQuery` would return alongside the values, if any. */
  readonly error?: string;
}

/** Go's `url.ParseQuery`, the parser behind `req.ParseForm` for GET and DELETE. */
export function parseGoQuery(rawQuery: string): GoQuery {
  const values = new Map<string, Buffer[]>();
  let semicolon = false;
  let escapeError: string | undefined;
  for (const part of rawQuery.split("&")) {
    if (part.includes(";")) {
      semicolon = true; // Go keeps overwriting its error with this one
      continue;
    }
    if (part === "") continue;
    const eq = part.indexOf("=");
    try {
      const key = goUnescape(eq < 0 ? part : part.slice(0, eq), "query").toString("latin1");
      const value = goUnescape(eq < 0 ? "" : part.slice(eq + 1), "query");
      const list = values.get(key);
      if (list === undefined) values.set(key, [value]);
      else list.push(value);
    } catch (e) {
      if (!(e instanceof GoEscapeError)) throw e;
      escapeError ??= e.message;
    }
  }
  const error = semicolon ? "invalid semicolon separator in query" : escapeError;
  return error === undefined ? { values } : { values, error };
}
