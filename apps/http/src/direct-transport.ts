import {
  create,
  isMessage,
  type DescMessage,
  type DescMethodUnary,
  type DescService,
  type MessageInitShape,
} from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextValues,
  createHandlerContext,
  type ContextValues,
  type HandlerContext,
  type Interceptor,
  type ServiceImpl,
  type Transport,
  type UnaryRequest,
  type UnaryResponse,
} from "@connectrpc/connect";

type UnaryImpl = (input: unknown, ctx: HandlerContext) => unknown;
type Next = Parameters<Interceptor>[0];

// a finished call's context is aborted, as connect's handlers do; with this one reason rather than a
// new DOMException (and its stack trace) per call
const finished = new ConnectError("the call has finished", Code.Canceled);

/** Settle with `promise`, or reject with the signal's reason as soon as it is aborted. */
function raceSignal<T>(signal: AbortSignal, promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The error a caller sees, as it would after crossing connect's protocol: ConnectErrors keep code and text, anything else is an internal error. */
function callerError(e: unknown, signal: AbortSignal): ConnectError {
  // the caller went away or the deadline passed: its reason wins over whatever the implementation threw
  if (signal.aborted) return ConnectError.from(signal.reason, Code.Canceled);
  return e instanceof ConnectError ? e : new ConnectError("internal error", Code.Internal, undefined, undefined, e);
}

/**
 * A Transport that calls a service implementation in process, through the given interceptors, with
 * what a router would give it (a HandlerContext with the call's headers, signal, deadline and context
 * values) but without the protocol: no encoding, no streams of bytes. Unary methods only.
 */
export function createDirectTransport<S extends DescService>(
  service: S,
  impl: ServiceImpl<S>,
  interceptors: readonly Interceptor[],
): Transport {
  const impls = impl as unknown as Record<string, UnaryImpl | undefined>;
  return {
    async unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: ConstructorParameters<typeof Headers>[0] | undefined,
      input: MessageInitShape<I>,
      contextValues?: ContextValues,
    ): Promise<UnaryResponse<I, O>> {
      const fn = impls[method.localName];
      const url = `/${service.typeName}/${method.name}`;
      const ctx = createHandlerContext({
        service,
        method,
        protocolName: "in-process",
        requestMethod: "POST",
        url,
        // as connect's clients: zero or less is no deadline
        ...(timeoutMs !== undefined && timeoutMs > 0 ? { timeoutMs } : {}),
        ...(signal !== undefined ? { requestSignal: signal } : {}),
        ...(header !== undefined ? { requestHeader: header } : {}),
        contextValues: contextValues ?? createContextValues(),
      });
      const invoke: Next = async (req) => {
        if (fn === undefined)
          throw new ConnectError(`${service.typeName}.${method.name} is not implemented`, Code.Unimplemented);
        const output = await fn.call(impl, req.message, {
          ...ctx,
          service: req.service,
          requestHeader: req.header,
          signal: req.signal,
          values: req.contextValues,
        });
        const message = isMessage(output, method.output)
          ? output
          : create(method.output, output as MessageInitShape<O>);
        return { stream: false, service, method, header: ctx.responseHeader, trailer: ctx.responseTrailer, message };
      };
      const next = interceptors.reduceRight<Next>((n, interceptor) => interceptor(n), invoke);
      const request: UnaryRequest<I, O> = {
        stream: false,
        service,
        method,
        requestMethod: "POST",
        url,
        signal: ctx.signal,
        header: ctx.requestHeader,
        contextValues: ctx.values,
        message: isMessage(input, method.input) ? input : create(method.input, input),
      };
      try {
        return (await raceSignal(ctx.signal, next(request))) as UnaryResponse<I, O>;
      } catch (e) {
        const err = callerError(e, ctx.signal);
        // as connect's handlers: a failed call's signal carries the failure
        ctx.abort(e);
        throw err;
      } finally {
        ctx.abort(finished);
      }
    },
    stream() {
      return Promise.reject(new ConnectError("the direct transport serves unary methods only", Code.Unimplemented));
    },
  };
}
