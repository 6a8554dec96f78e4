import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createClient,
  createContextKey,
  type HandlerContext,
  type Interceptor,
  type ServiceImpl,
} from "@connectrpc/connect";
import { StatsResponseSchema, WatchtowerClient } from "@wtclient/core";
import { describe, expect, it } from "vitest";
import { createDirectTransport } from "../src/direct-transport.js";

const seenKey = createContextKey<string[]>([], { description: "what the interceptors saw" });

/** A WatchtowerClient with one method that does what the test asks of it, and remembers its context. */
function serviceOf(stats: (ctx: HandlerContext) => Promise<unknown>) {
  const contexts: HandlerContext[] = [];
  const impl = {
    stats: async (_req: unknown, ctx: HandlerContext) => {
      contexts.push(ctx);
      return stats(ctx);
    },
  } as unknown as ServiceImpl<typeof WatchtowerClient>;
  return { impl, contexts };
}

/** Rejects with the signal's reason once it is aborted: an implementation that waits for its caller or its deadline. */
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));

describe("createDirectTransport", () => {
  it("hands the implementation the message, a copy of the headers, the context values and the deadline", async () => {
    const { impl, contexts } = serviceOf(async () => create(StatsResponseSchema, { numBackups: 7 }));
    const record: Interceptor = (next) => (req) => {
      req.contextValues.set(seenKey, [
        ...req.contextValues.get(seenKey),
        `${req.method.name} ${req.header.get("x-caller")}`,
      ]);
      req.header.set("x-caller", "changed by the interceptor");
      return next(req);
    };
    const client = createClient(WatchtowerClient, createDirectTransport(WatchtowerClient, impl, [record]));
    const headers = new Headers({ "x-caller": "alice" });
    const answer = await client.stats({}, { headers, timeoutMs: 60_000 });
    expect(answer.numBackups).toBe(7);
    const ctx = contexts[0]!;
    expect(ctx.values.get(seenKey)).toEqual(["Stats alice"]);
    expect(ctx.requestHeader.get("x-caller")).toBe("changed by the interceptor");
    // the caller's own headers are not touched
    expect(headers.get("x-caller")).toBe("alice");
    expect(ctx.timeoutMs()).toBeGreaterThan(0);
    expect(ctx.method).toBe(WatchtowerClient.method.stats);
    // a finished call's signal is aborted, as connect's handlers leave it
    expect(ctx.signal.aborted).toBe(true);
  });

  it("runs the interceptors in order, the first one outermost", async () => {
    const { impl } = serviceOf(async () => ({}));
    const order: string[] = [];
    const named =
      (name: string): Interceptor =>
      (next) =>
      async (req) => {
        order.push(`${name} in`);
        const res = await next(req);
        order.push(`${name} out`);
        return res;
      };
    await createClient(WatchtowerClient, createDirectTransport(WatchtowerClient, impl, [named("a"), named("b")])).stats(
      {},
    );
    expect(order).toEqual(["a in", "b in", "b out", "a out"]);
  });

  it("has no deadline without a timeout, or with one of zero", async () => {
    const { impl, contexts } = serviceOf(async () => ({}));
    const client = createClient(WatchtowerClient, createDirectTransport(WatchtowerClient, impl, []));
    await client.stats({});
    await client.stats({}, { timeoutMs: 0 });
    expect(contexts.map((c) => c.timeoutMs())).toEqual([undefined, undefined]);
  });

  // what a caller sees, as after crossing connect's protocol
  it.each([
    {
      name: "a ConnectError keeps its code and text",
      thrown: new ConnectError("lnd says no", Code.NotFound),
      code: Code.NotFound,
      message: "lnd says no",
    },
    {
      name: "any other error is an internal error",
      thrown: new Error("a bug's details"),
      code: Code.Internal,
      message: "internal error",
    },
  ])("$name", async ({ thrown, code, message }) => {
    const { impl } = serviceOf(async () => Promise.reject(thrown));
    const err = await createClient(WatchtowerClient, createDirectTransport(WatchtowerClient, impl, []))
      .stats({})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect({ code: (err as ConnectError).code, message: (err as ConnectError).rawMessage }).toEqual({ code, message });
  });

  it("refuses the call when an interceptor throws, before the implementation runs", async () => {
    const { impl, contexts } = serviceOf(async () => ({}));
    const refuse: Interceptor = () => () => Promise.reject(new ConnectError("who are you", Code.Unauthenticated));
    const err = await createClient(WatchtowerClient, createDirectTransport(WatchtowerClient, impl, [refuse]))
      .stats({})
      .catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unauthenticated);
    expect(contexts).toHaveLength(0);
  });

  it("ends a call at its deadline with connect's DeadlineExceeded, and aborts the implementation's signal", async () => {
    const { impl, contexts } = serviceOf((ctx) => untilAborted(ctx.signal));
    const err = await createClient(WatchtowerClient, createDirectTransport(WatchtowerClient, impl, []))
      .stats({}, { timeoutMs: 5 })
      .catch((e: unknown) => e);
    expect({ code: (err as ConnectError).code, message: (err as ConnectError).rawMessage }).toEqual({
      code: Code.DeadlineExceeded,
      message: "the operation timed out",
    });
    expect(contexts[0]!.signal.aborted).toBe(true);
  });

  it("ends a call whose caller goes away as Canceled, even when the implementation ignores its signal", async () => {
    let release: (() => void) | undefined;
    const { impl, contexts } = serviceOf(() => new Promise((resolve) => (release = () => resolve({}))));
    const gone = new AbortController();
    const call = createClient(WatchtowerClient, createDirectTransport(WatchtowerClient, impl, []))
      .stats({}, { signal: gone.signal })
      .catch((e: unknown) => e);
    await expect.poll(() => contexts.length).toBe(1);
    gone.abort();
    expect(((await call) as ConnectError).code).toBe(Code.Canceled);
    expect(contexts[0]!.signal.aborted).toBe(true);
    release?.();
  });

  it("answers a method the implementation lacks with Unimplemented", async () => {
    const { impl } = serviceOf(async () => ({}));
    const err = await createClient(WatchtowerClient, createDirectTransport(WatchtowerClient, impl, []))
      .policy({})
      .catch((e: unknown) => e);
    expect((err as ConnectError).code).toBe(Code.Unimplemented);
  });
});
