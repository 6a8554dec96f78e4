import { WatchtowerClient } from "@wtclient/core";
import { restRpcOf, type RestRpc } from "./rest-handler.js";

/** How a request is counted and logged: never by its raw URL (unbounded, and the caller's choice). */
export interface RequestLabels {
  /** rest, connect, grpc, grpc-web, or service for /healthz and friends */
  readonly surface: string;
  /** the RPC name, a fixed service path, or "unmatched" */
  readonly route: string;
  /** the WatchtowerClient method the request addresses, when it addresses one */
  readonly rpc: RestRpc;
}

const procedurePrefix = `/${WatchtowerClient.typeName}/`;
const servicePaths: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/doctor"]);
// the web console's page and files (public) and the two endpoints it reads, which check the caller themselves
const consolePaths: ReadonlySet<string> = new Set(["/", "/favicon.svg", "/v1/whoami", "/v1/audit/terminated"]);
const methodsByName = new Map(
  WatchtowerClient.methods.map((m) => [
    m.name,
    { localName: m.localName as NonNullable<RestRpc>["localName"], name: m.name },
  ]),
);

/** Labels from the method, the URL and the content type, decided before any routing. */
export function requestLabelsOf(
  method: string | undefined,
  url: string | undefined,
  contentType: string | undefined,
): RequestLabels {
  const path = (url ?? "/").split("?")[0]!;
  if (path.startsWith(procedurePrefix)) {
    const surface = contentType?.startsWith("application/grpc-web")
      ? "grpc-web"
      : contentType?.startsWith("application/grpc")
        ? "grpc"
        : "connect";
    const rpc = methodsByName.get(path.slice(procedurePrefix.length));
    return { surface, route: rpc?.name ?? "unmatched", rpc };
  }
  if (servicePaths.has(path)) return { surface: "service", route: path, rpc: undefined };
  if (method === "GET" || method === "HEAD") {
    if (consolePaths.has(path)) return { surface: "service", route: path, rpc: undefined };
    // hashed file names: one label for all of them
    if (path.startsWith("/assets/")) return { surface: "service", route: "/assets/*", rpc: undefined };
  }
  const rpc = restRpcOf(method, url);
  return { surface: "rest", route: rpc?.name ?? "unmatched", rpc };
}
