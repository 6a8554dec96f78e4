import { create, type DescMessage, type DescMethodUnary, type MessageInitShape } from "@bufbuild/protobuf";
import {
  createContextValues,
  type ContextValues,
  type Interceptor,
  type Transport,
  type UnaryRequest,
  type UnaryResponse,
} from "@connectrpc/connect";
import { noStreaming } from "./lnd-transport.js";

/**
 * `unary` with connect `interceptors` around it, first one outermost (as connect's transports apply them).
 * Without interceptors it is `unary` itself: no request object and no Headers are built on that path. Each
 * attempt an interceptor makes gets the call's full deadline.
 */
export function interceptUnary(
  unary: Transport["unary"],
  interceptors: readonly Interceptor[] | undefined,
  baseUrl: string,
): Transport["unary"] {
  if (interceptors === undefined || interceptors.length === 0) return unary;
  return function intercepted<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    header: ConstructorParameters<typeof Headers>[0] | undefined,
    input: MessageInitShape<I>,
    contextValues?: ContextValues,
  ): Promise<UnaryResponse<I, O>> {
    // Node builds its global Headers from a bundled undici on first use (about 13 ms, far more on a busy
    // machine): the request's headers are made only when an interceptor reads them
    let built: Headers | undefined;
    const req: UnaryRequest<I, O> = {
      stream: false,
      service: method.parent,
      method,
      requestMethod: "POST",
      url: `${baseUrl}/${method.parent.typeName}/${method.name}`,
      signal: signal ?? new AbortController().signal,
      get header() {
        return (built ??= new Headers(header));
      },
      contextValues: contextValues ?? createContextValues(),
      message: create(method.input, input),
    };
    const last = (r: UnaryRequest | { stream: true }) =>
      r.stream
        ? noStreaming()
        : unary(
            r.method,
            r.signal,
            timeoutMs,
            r === req && built === undefined ? header : r.header,
            r.message,
            r.contextValues,
          );
    const chain = interceptors.reduceRight(
      (next, interceptor) => interceptor(next),
      last as Parameters<Interceptor>[0],
    );
    return chain(req) as Promise<UnaryResponse<I, O>>;
  };
}
