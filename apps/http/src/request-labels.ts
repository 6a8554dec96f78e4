import { WatchtowerClient } from "@wtclient/core";
import { restRpcOf } from "./rest-handler.js";

/** How a request is counted and logged: never by its raw URL (unbounded, and the caller's choice). */
export interface RequestLabels {
  /** rest, connect, grpc, grpc-web, or service for /healthz and friends */
  readonly surface: string;
  /** the RPC name, a fixed service path, or "unmatched" */
  readonly route: string;
}

const procedurePrefix = `/${WatchtowerClient.typeName}/`;

/** Labels from the route fastify matched (its declared path), the method, the URL and the content type. */
export function requestLabelsOf(routePath: string | undefined, method: string | undefined, url: string | undefined, contentType: string | undefined): RequestLabels {
  if (routePath?.startsWith(procedurePrefix)) {
    const surface = contentType?.startsWith("application/grpc-web") ? "grpc-web" : contentType?.startsWith("application/grpc") ? "grpc" : "connect";
    return { surface, route: routePath.slice(procedurePrefix.length) };
  }
  if (routePath === undefined || routePath === "/*") return { surface: "rest", route: restRpcOf(method, url)?.name ?? "unmatched" };
  return { surface: "service", route: routePath };
}
