import type { DescMethodUnary, MessageShape } from "@bufbuild/protobuf";
import type { CallOptions, Transport } from "@connectrpc/connect";
import { WatchtowerClient } from "./gen/wtclientrpc/wtclient_pb.js";
import { interceptUnary } from "./intercept-unary.js";
import { createRetryInterceptor, type RetryOptions } from "./retry-interceptor.js";
import {
  watchtowerMethodNames,
  watchtowerMethods,
  type WatchtowerMethod,
  type WatchtowerMethodName,
} from "./watchtower-methods.js";
import { WtclientError } from "./wtclient-error.js";

/**
 * All eight WatchtowerClient RPCs, named as in the generated descriptor (`terminateSession`, `listTowers`, ...),
 * each taking the friendly arguments of its row in {@link watchtowerMethods} (keys as hex, base64 or bytes)
 * and then connect's `CallOptions`. Every method throws {@link WtclientError}.
 */
export type WatchtowerClientApi = {
  readonly [K in WatchtowerMethodName]: (
    ...args: [...Parameters<(typeof watchtowerMethods)[K]["request"]>, options?: CallOptions]
  ) => Promise<MessageShape<(typeof WatchtowerClient.method)[K]["output"]>>;
};

/** What {@link createWatchtowerClient} takes. */
export interface WatchtowerClientOptions {
  /** Any connect transport to lnd: {@link createLndGrpcTransport}, {@link createLndRestTransport}, or your own. */
  readonly transport: Transport;
  /** Retries of the idempotent RPCs after a connection failure (default 3 attempts); `false` sends every call once. */
  readonly retry?: RetryOptions | false;
}

/**
 * The facade over any connect transport to lnd (gRPC or REST): friendly inputs, keys checked before anything
 * is sent, every failure a {@link WtclientError}, and the idempotent RPCs sent again after a connection failure
 * (see {@link createRetryInterceptor}).
 *
 * @example
 * ```ts
 * import { createLndGrpcTransport, createWatchtowerClient } from "@wtclient/core";
 *
 * const transport = createLndGrpcTransport({ host: "localhost:10009", cert: "-----BEGIN CERTIFICATE-----...", macaroon: "0201036c6e64..." });
 * const client = createWatchtowerClient({ transport });
 * const { towers } = await client.listTowers({ includeSessions: true });
 * await client.deactivateTower(towers[0]!.pubkey);
 * await transport.close();
 * ```
 */
export function createWatchtowerClient(options: WatchtowerClientOptions): WatchtowerClientApi {
  const unary = interceptUnary(
    options.transport.unary.bind(options.transport),
    [createRetryInterceptor(options.retry)],
    "",
  );
  function bind(name: WatchtowerMethodName) {
    const method: DescMethodUnary = WatchtowerClient.method[name];
    const row: WatchtowerMethod = watchtowerMethods[name];
    // the friendly arguments, then the CallOptions (the request builder declares every argument, none defaulted)
    const arity = row.request.length;
    return async (...args: unknown[]) => {
      const o = args[arity] as CallOptions | undefined;
      try {
        const input = (row.request as (...a: unknown[]) => ReturnType<WatchtowerMethod["request"]>)(
          ...args.slice(0, arity),
        );
        const res = await unary(method, o?.signal, o?.timeoutMs, o?.headers, input, o?.contextValues);
        o?.onHeader?.(res.header);
        o?.onTrailer?.(res.trailer);
        return res.message;
      } catch (e) {
        throw WtclientError.from(e, { method: method.name });
      }
    };
  }
  return Object.fromEntries(watchtowerMethodNames.map((name) => [name, bind(name)])) as WatchtowerClientApi;
}
