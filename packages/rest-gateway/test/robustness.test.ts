import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { WatchtowerClient } from "@wtclient/core";
import { once } from "node:events";
import { request } from "node:http";
import { connect as connectHttp2, createServer as createHttp2Server, type Http2Server } from "node:http2";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { createRestGateway } from "../src/index.js";
import { send, startGateway, type Harness } from "./gateway-harness.js";

let harness: Harness | undefined;
let h2: Http2Server | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await new Promise((resolve) => (h2 ? h2.close(resolve) : resolve(undefined)));
  h2 = undefined;
});

const TOO_LARGE = '{"code":3,"message":"http: request body too large","details":[]}';
const body = (size: number): string => `{"address":"${"a".repeat(size - 14)}"}`;

/** A body sent in chunks without Content-Length (chunked transfer encoding). */
function sendChunked(port: number, chunks: string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: "POST", path: "/v2/watchtower/client", agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("body cap", () => {
  test("a body of exactly maxBodyBytes is read", async () => {
    harness = await startGateway({}, { maxBodyBytes: 64 });
    const reply = await send(harness.port, "POST", "/v2/watchtower/client", body(64));
    expect(reply.status).toBe(200);
    expect(harness.received.length).toBe(1);
  });

  test("a declared Content-Length over the cap is refused without reading", async () => {
    harness = await startGateway({}, { maxBodyBytes: 64 });
    const reply = await send(harness.port, "POST", "/v2/watchtower/client", body(65));
    expect([reply.status, reply.text]).toEqual([400, TOO_LARGE]);
    expect(harness.received).toEqual([]);
  });

  test("a chunked body that grows over the cap is refused, and the server keeps serving", async () => {
    harness = await startGateway({}, { maxBodyBytes: 64 });
    const reply = await sendChunked(harness.port, ['{"address":"', "a".repeat(40), "a".repeat(40), '"}']);
    expect(reply).toEqual({ status: 400, text: TOO_LARGE });
    expect((await send(harness.port, "GET", "/v2/watchtower/client/stats")).status).toBe(200);
    await Promise.all(harness.handled);
  });

  test("the default cap is 1 MiB", async () => {
    harness = await startGateway({});
    const reply = await send(harness.port, "POST", "/v2/watchtower/client", body(1024 * 1024 + 1));
    expect([reply.status, reply.text]).toEqual([400, TOO_LARGE]);
  });

  test("routes without a body ignore even a huge one", async () => {
    harness = await startGateway({}, { maxBodyBytes: 64 });
    const reply = await send(harness.port, "POST", "/v2/watchtower/client/sessions/terminate/AAAA", body(4096));
    expect(reply.status).toBe(200);
  });
});

describe("clients that go away", () => {
  test("a request aborted mid-body: the handler returns, nothing is called, the server lives on", async () => {
    harness = await startGateway({});
    const socket = connect(harness.port, "127.0.0.1");
    await once(socket, "connect");
    const started = once(harness.server, "request");
    socket.write('POST /v2/watchtower/client HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"pubkey":"');
    await started;
    socket.destroy();
    await expect(harness.handled[0]).resolves.toBeUndefined();
    expect(harness.received).toEqual([]);
    expect((await send(harness.port, "GET", "/v2/watchtower/client/stats")).status).toBe(200);
  });

  test("a client that disconnects during the call cancels it", async () => {
    let called!: () => void;
    const callStarted = new Promise<void>((resolve) => (called = resolve));
    let cancelled!: () => void;
    const callCancelled = new Promise<void>((resolve) => (cancelled = resolve));
    harness = await startGateway({
      stats: (_req, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener("abort", () => {
            cancelled();
            reject(new ConnectError("canceled", Code.Canceled));
          });
          called();
        }),
    });
    const req = request({ host: "127.0.0.1", port: harness.port, path: "/v2/watchtower/client/stats", agent: false });
    req.on("error", () => undefined);
    req.end();
    await callStarted;
    req.destroy();
    await callCancelled;
    await expect(harness.handled[0]).resolves.toBeUndefined();
  });
});

test("HTTP/2 compat request and response", async () => {
  const client = createClient(
    WatchtowerClient,
    createRouterTransport(({ service }) =>
      service(WatchtowerClient, {
        terminateSession: (req, ctx) => ({
          status: `${req.sessionId.length} bytes, macaroon ${ctx.requestHeader.get("macaroon")}`,
        }),
      }),
    ),
  );
  const gateway = createRestGateway({ client });
  h2 = createHttp2Server((req, res) => void gateway(req, res));
  await new Promise<void>((resolve) => h2!.listen(0, "127.0.0.1", resolve));
  const session = connectHttp2(`http://127.0.0.1:${(h2.address() as AddressInfo).port}`);
  try {
    const stream = session.request({
      ":method": "POST",
      ":path": "/v2/watchtower/client/sessions/terminate/Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J",
      "grpc-metadata-macaroon": "0201",
    });
    stream.end();
    const [headers] = (await once(stream, "response")) as [Record<string, string | number>];
    let text = "";
    stream.setEncoding("utf8");
    for await (const chunk of stream) text += chunk as string;
    expect([headers[":status"], headers["content-type"], text]).toEqual([
      200,
      "application/json",
      '{"status":"33 bytes, macaroon 0201"}',
    ]);
  } finally {
    session.close();
  }
});
