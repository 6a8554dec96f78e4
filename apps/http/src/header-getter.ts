import type { IncomingHttpHeaders } from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import type { HeaderGetter } from "./authenticator.js";

/** Read one request header; a credential header sent twice is refused rather than guessed at. */
export function headerGetterOf(headers: IncomingHttpHeaders): HeaderGetter {
  return (name) => {
    const value = headers[name];
    if (Array.isArray(value)) {
      if (value.length > 1) throw new ConnectError(`the ${name} header was sent more than once`, Code.Unauthenticated);
      return value[0];
    }
    return value;
  };
}
