import { watchtowerMethodNames, watchtowerMethods, type WatchtowerMethodName } from "@wtclient/core";
import { parseRequestTarget } from "./parse-request-target.js";

export type RestRouteMatch =
  | { kind: "match"; methodName: WatchtowerMethodName; pathValue?: string }
  | { kind: "not-found" }
  | { kind: "method-not-allowed" };

interface CompiledRoute {
  readonly methodName: WatchtowerMethodName;
  readonly method: string;
  /** Literal path components, `undefined` where the template has its one `{param}`. */
  readonly components: readonly (string | undefined)[];
}

const compiled: readonly CompiledRoute[] = watchtowerMethodNames.map((methodName) => {
  const route = watchtowerMethods[methodName].rest;
  const components = route.pattern
    .slice(1)
    .split("/")
    .map((c) => (c.startsWith("{") ? undefined : c));
  return { methodName, method: route.method, components };
});

/** The parameter of `route` if `components` match it (a `{param}` takes exactly one component, even an empty one). */
function bind(route: CompiledRoute, components: readonly string[]): { value?: string } | undefined {
  if (components.length !== route.components.length) return undefined;
  let value: string | undefined;
  for (let i = 0; i < components.length; i++) {
    const literal = route.components[i];
    if (literal === undefined) value = components[i];
    else if (literal !== components[i]) return undefined;
  }
  return value === undefined ? {} : { value };
}

/**
 * lnd's REST routing (grpc-gateway v2 ServeMux, UnescapingModeLegacy): the percent-decoded path is split
 * on `/`, so an escaped `%2F` splits too, and a `{param}` takes exactly one component, even an empty one.
 * A path known under another method is "method-not-allowed" (lnd answers 501).
 * `rawPath` is the request target as Node gives it (`req.url`: path and query, or absolute form).
 * The gateway calls the client only for a request this reports as a match, for that `methodName`.
 */
export function matchRestRoute(method: string, rawPath: string): RestRouteMatch {
  const target = parseRequestTarget(rawPath);
  if (target.kind !== "path") return { kind: "not-found" };
  const components = target.path.slice(1).split("/");
  let otherMethod = false;
  for (const route of compiled) {
    const bound = bind(route, components);
    if (bound === undefined) continue;
    if (route.method === method)
      return {
        kind: "match",
        methodName: route.methodName,
        ...(bound.value !== undefined ? { pathValue: bound.value } : {}),
      };
    otherMethod = true;
  }
  return otherMethod ? { kind: "method-not-allowed" } : { kind: "not-found" };
}
