import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { WatchtowerClient } from "./gen/wtclientrpc/wtclient_pb.js";
import {
  createRetryInterceptor,
  isRetryable,
  retryDelayMs,
  type RetryDeps,
  type RetryOptions,
} from "./retry-interceptor.js";
import { createWatchtowerClient } from "./watchtower-client.js";
import { WtclientError } from "./wtclient-error.js";

const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code });

/** Failures as the transports raise them, and whether an idempotent call may be sent again after each. */
const failures: { name: string; error: () => unknown; retried: boolean }[] = [
  {
    name: "connection refused",
    error: () => nodeError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:10009"),
    retried: true,
  },
  { name: "connection reset", error: () => nodeError("ECONNRESET", "read ECONNRESET"), retried: true },
  {
    name: "stream closed without an answer",
    error: () => new ConnectError("the stream closed without an answer", Code.Unavailable),
    retried: true,
  },
  {
    name: "HTTP/2 stream refused (raised as Unknown)",
    error: () =>
      WtclientError.from(nodeError("ERR_HTTP2_STREAM_ERROR", "Stream closed with error code NGHTTP2_REFUSED_STREAM")),
    retried: true,
  },
  {
    name: "REST fetch failed",
    error: () => WtclientError.of("fetch failed: other side closed", Code.Unavailable),
    retried: true,
  },
  { name: "deadline", error: () => new ConnectError("the operation timed out", Code.DeadlineExceeded), retried: false },
  {
    name: "lnd's text mentioning a closed stream",
    error: () => new ConnectError("stream closed", Code.Unknown),
    retried: false,
  },
  {
    name: "lnd's own error",
    error: () => new ConnectError("watchtower client not active", Code.Unknown),
    retried: false,
  },
  { name: "permission denied", error: () => new ConnectError("permission denied", Code.Unknown), retried: false },
  {
    name: "macaroon expired",
    error: () => new ConnectError("verification failed: macaroon has expired", Code.Unknown),
    retried: false,
  },
  {
    name: "Unauthenticated",
    error: () => new ConnectError("missing credentials", Code.Unauthenticated),
    retried: false,
  },
  { name: "PermissionDenied", error: () => new ConnectError("read scope", Code.PermissionDenied), retried: false },
  {
    name: "certificate",
    error: () => nodeError("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"),
    retried: false,
  },
  {
    name: "certificate, as Unavailable",
    error: () => new ConnectError("self-signed certificate", Code.Unavailable),
    retried: false,
  },
  { name: "canceled", error: () => new ConnectError("the operation was aborted", Code.Canceled), retried: false },
  { name: "bad request", error: () => new ConnectError("proto: syntax error", Code.InvalidArgument), retried: false },
  { name: "lnd too old", error: () => new ConnectError("unknown method", Code.Unimplemented), retried: false },
];

/** The interceptor around `call` for the RPC `name` (its proto name), as a transport runs it. */
function retrying(options?: RetryOptions | false, deps?: RetryDeps) {
  const interceptor = createRetryInterceptor(options, deps);
  return {
    async run(name: string, call: () => Promise<unknown>, signal = new AbortController().signal): Promise<unknown> {
      const method = WatchtowerClient.methods.find((m) => m.name === name) ?? {
        ...WatchtowerClient.method.stats,
        name,
        parent: { typeName: "other.Service" },
      };
      const next = async () => ({ stream: false, message: await call() }) as never;
      const res: { message: unknown } = await interceptor(next)({ stream: false, method, signal } as never);
      return res.message;
    },
  };
}

/** A retrying interceptor whose waits are recorded instead of slept. */
function recorded(options?: RetryOptions | false, random = () => 1) {
  const waits: number[] = [];
  const policy = retrying(options, { sleep: async (ms) => void waits.push(ms), random });
  return { policy, waits };
}

/** A call that fails with `error` `failing` times, then answers "ok"; counts its attempts. */
function flaky(failing: number, error: () => unknown) {
  let calls = 0;
  return {
    calls: () => calls,
    call: async () => {
      calls++;
      if (calls <= failing) throw error();
      return "ok";
    },
  };
}

describe("retry interceptor", () => {
  it("retries every RPC but RemoveTower, and no other service's calls", async () => {
    const names = WatchtowerClient.methods.map((m) => m.name);
    expect(names.filter((name) => !isRetryable(name, failures[0]!.error()))).toEqual(["RemoveTower"]);
    const { policy, waits } = recorded();
    const call = flaky(1, failures[0]!.error);
    await expect(policy.run("Other", call.call)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect([call.calls(), waits]).toEqual([1, []]);
  });

  it.each(failures)("$name: retried $retried", async ({ error, retried }) => {
    expect(isRetryable("Stats", error())).toBe(retried);
    const { policy, waits } = recorded();
    const call = flaky(1, error);
    const outcome = await policy.run("TerminateSession", call.call).catch((e: unknown) => e);
    expect(call.calls()).toBe(retried ? 2 : 1);
    expect(waits.length).toBe(retried ? 1 : 0);
    if (retried) expect(outcome).toBe("ok");
    else expect(outcome).toBeDefined();
  });

  it("never sends RemoveTower again, not even after a refused connection", async () => {
    const { policy, waits } = recorded();
    const call = flaky(1, failures[0]!.error);
    await expect(policy.run("RemoveTower", call.call)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect([call.calls(), waits]).toEqual([1, []]);
    expect(isRetryable("RemoveTower", failures[0]!.error())).toBe(false);
    expect(isRetryable("NoSuchRpc", failures[0]!.error())).toBe(false);
  });

  it("gives up after `attempts` in all and throws the last failure", async () => {
    const { policy, waits } = recorded();
    let n = 0;
    const failing = async () => {
      throw new ConnectError(`refused ${++n}`, Code.Unavailable);
    };
    await expect(policy.run("Stats", failing)).rejects.toMatchObject({ rawMessage: "refused 3" });
    expect(waits).toEqual([100, 200]);
  });

  it("backs off exponentially up to maxDelayMs, with jitter between half and all of each wait", async () => {
    const full = recorded({ attempts: 7, baseDelayMs: 50, maxDelayMs: 500 });
    await full.policy.run("Stats", flaky(6, failures[0]!.error).call);
    expect(full.waits).toEqual([50, 100, 200, 400, 500, 500]);
    const half = recorded({ attempts: 4 }, () => 0);
    await half.policy.run("Stats", flaky(3, failures[0]!.error).call);
    expect(half.waits).toEqual([50, 100, 200]);
    const options = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs(1, options, () => 0.5)).toBe(75);
    expect(retryDelayMs(30, options, () => 0.999)).toBeLessThanOrEqual(1000);
  });

  it("sends each call once with false or attempts 1", async () => {
    for (const options of [false, { attempts: 1 }] as const) {
      const { policy, waits } = recorded(options);
      const call = flaky(1, failures[0]!.error);
      await expect(policy.run("Stats", call.call)).rejects.toBeDefined();
      expect([call.calls(), waits]).toEqual([1, []]);
    }
  });

  it("stops when the caller aborts: before a wait, and during one", async () => {
    const controller = new AbortController();
    const before = recorded();
    const call = flaky(1, () => {
      controller.abort();
      return failures[0]!.error();
    });
    await expect(before.policy.run("Stats", call.call, controller.signal)).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
    expect([call.calls(), before.waits]).toEqual([1, []]);

    const during = new AbortController();
    const policy = retrying({}, { sleep: (_ms, signal) => (during.abort(), Promise.reject(signal?.reason as Error)) });
    const second = flaky(1, failures[0]!.error);
    await expect(policy.run("Stats", second.call, during.signal)).rejects.toBeDefined();
    expect(second.calls()).toBe(1);
  });

  it("cancels its own wait with Canceled when the signal aborts", async () => {
    const controller = new AbortController();
    const policy = retrying({ baseDelayMs: 60_000, maxDelayMs: 60_000 });
    const call = flaky(1, () => {
      setImmediate(() => controller.abort());
      return failures[0]!.error();
    });
    await expect(policy.run("Stats", call.call, controller.signal)).rejects.toMatchObject({ code: Code.Canceled });
    expect(call.calls()).toBe(1);
  });

  it.each([{ attempts: 0 }, { attempts: 1.5 }, { baseDelayMs: -1 }, { maxDelayMs: Number.NaN }])(
    "refuses %j",
    (options) => {
      expect(() => createRetryInterceptor(options)).toThrow(WtclientError);
    },
  );
});

describe("createWatchtowerClient with retries", () => {
  /** A transport whose Stats and RemoveTower fail with Unavailable `failing` times, counting calls. */
  function transportFailing(failing: number) {
    const calls = { stats: 0, removeTower: 0 };
    const refuse = (n: number) => {
      if (n <= failing) throw new ConnectError("connect ECONNREFUSED 127.0.0.1:10009", Code.Unavailable);
    };
    const transport = createRouterTransport(({ service }) =>
      service(WatchtowerClient, {
        stats: () => (refuse(++calls.stats), { numBackups: 7 }),
        removeTower: () => (refuse(++calls.removeTower), {}),
      }),
    );
    return { transport, calls };
  }
  const key = "02b01fa3c9e572abcb19675821d54e9b5bd7ab54d09050909c573387fc7195dcef";

  it("sends an idempotent call again after a refused connection (3 attempts by default)", async () => {
    const { transport, calls } = transportFailing(2);
    const client = createWatchtowerClient({ transport, retry: { baseDelayMs: 0 } });
    expect((await client.stats()).numBackups).toBe(7);
    expect(calls.stats).toBe(3);
  });

  it("fails with reason unreachable once the attempts are spent, and never retries RemoveTower", async () => {
    const { transport, calls } = transportFailing(5);
    const client = createWatchtowerClient({ transport, retry: { baseDelayMs: 0 } });
    await expect(client.stats()).rejects.toMatchObject({ reason: "unreachable", code: Code.Unavailable });
    await expect(client.removeTower(key)).rejects.toMatchObject({ reason: "unreachable" });
    expect(calls).toEqual({ stats: 3, removeTower: 1 });
  });

  it("sends each call once with retry: false", async () => {
    const { transport, calls } = transportFailing(1);
    const client = createWatchtowerClient({ transport, retry: false });
    await expect(client.stats()).rejects.toBeInstanceOf(WtclientError);
    expect(calls.stats).toBe(1);
  });

  it("does not retry a local validation failure", async () => {
    const { transport, calls } = transportFailing(0);
    const client = createWatchtowerClient({ transport });
    await expect(client.removeTower("zz")).rejects.toMatchObject({ reason: "invalid-key" });
    expect(calls.removeTower).toBe(0);
  });
});
