import { Code, ConnectError, createContextKey, type Interceptor } from "@connectrpc/connect";
import { watchtowerMethodOf } from "@wtclient/core";
import { macaroonFailure, type RootKeyLookup } from "./verify-macaroon.js";

/**
 * The caller's IP as lnd's gRPC server sees it. The gRPC listener sets it per request; calls that come
 * through the REST gateway keep the default, loopback, because lnd's REST proxy dials its own gRPC port.
 */
export const peerIpKey = createContextKey("127.0.0.1", { description: "caller IP address" });

/** Every value of the `macaroon` metadata key (hex never holds a comma, so joined values split cleanly). */
function macaroonValues(header: Headers): string[] {
  const joined = header.get("macaroon");
  return joined === null ? [] : joined.split(",").map((v) => v.trim());
}

/** lnd's macaroon check, run after the RPC-state check and before the handler, on both surfaces. */
export function createMacaroonInterceptor(rootKeyOf: RootKeyLookup, now: () => Date = () => new Date()): Interceptor {
  return (next) => async (req) => {
    const method = req.method;
    const permission = watchtowerMethodOf(method)?.permission;
    // lnd refuses to serve a method it has no permission entry for
    if (permission === undefined)
      throw new ConnectError(`unknown permissions required for method ${method.name}`, Code.Unknown);
    const failure = macaroonFailure(
      {
        values: macaroonValues(req.header),
        permission,
        fullMethod: `/${method.parent.typeName}/${method.name}`,
        peerIp: req.contextValues.get(peerIpKey),
        now: now(),
      },
      rootKeyOf,
    );
    if (failure !== undefined) throw new ConnectError(failure, Code.Unknown);
    return next(req);
  };
}
