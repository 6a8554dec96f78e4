import { create } from "@bufbuild/protobuf";
import { createClient, createContextKey, createContextValues, type Transport } from "@connectrpc/connect";
import { WatchtowerClient } from "@wtclient/core";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRestGateway } from "../src/index.js";
import { afterEach, describe, expect, test } from "vitest";
import { send, startGateway, type Harness } from "./gateway-harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const TERMINATE = "/v2/watchtower/client/sessions/terminate/AAAA";

describe("Grpc-Metadata-* headers become call headers", () => {
  const cases: [string, Record<string, string | string[]>, Record<string, string | null>][] = [
    ["the macaroon", { "Grpc-Metadata-macaroon": "0201036c6e64" }, { macaroon: "0201036c6e64" }],
    ["the macaroon, any case", { "GRPC-METADATA-MACAROON": "0201" }, { macaroon: "0201" }],
    ["no macaroon", {}, { macaroon: null }],
    ["two macaroons", { "Grpc-Metadata-Macaroon": ["aa", "bb"] }, { macaroon: "aa, bb" }],
    ["another key", { "Grpc-Metadata-Foo-Bar": "x" }, { "foo-bar": "x", macaroon: null }],
    ["a key gRPC cannot carry", { "Grpc-Metadata-a!b": "x" }, { "a!b": null }],
    [
      "a reserved key",
      { "Grpc-Metadata-Content-Type": "text/evil", "Grpc-Metadata-Grpc-Timeout": "1n" },
      { "grpc-timeout": null },
    ],
    ["a plain header", { Macaroon: "aa", Authorization: "Bearer x" }, { macaroon: null }],
  ];
  test.each(cases)("%s", async (_name, headers, expected) => {
    harness = await startGateway({});
    const reply = await send(harness.port, "POST", TERMINATE, undefined, headers);
    expect(reply.status).toBe(200);
    const got = harness.received[0]!.headers;
    for (const [key, value] of Object.entries(expected)) expect(got.get(key)).toBe(value);
    expect(got.get("content-type")).not.toBe("text/evil");
  });

  test("the macaroon reaches every route", async () => {
    harness = await startGateway({});
    const paths: [string, string][] = [
      ["POST", "/v2/watchtower/client"],
      ["DELETE", "/v2/watchtower/client/AAAA"],
      ["POST", "/v2/watchtower/client/tower/deactivate/AAAA"],
      ["POST", TERMINATE],
      ["GET", "/v2/watchtower/client"],
      ["GET", "/v2/watchtower/client/info/AAAA"],
      ["GET", "/v2/watchtower/client/stats"],
      ["GET", "/v2/watchtower/client/policy"],
    ];
    for (const [method, path] of paths) {
      expect((await send(harness.port, method, path, undefined, { "Grpc-Metadata-macaroon": "abcd" })).status).toBe(
        200,
      );
    }
    expect(harness.received.map((r) => r.headers.get("macaroon"))).toEqual(paths.map(() => "abcd"));
  });
});

describe("Grpc-Timeout is the call's deadline", () => {
  test("a positive timeout bounds the call", async () => {
    harness = await startGateway({});
    await send(harness.port, "POST", TERMINATE, undefined, { "Grpc-Timeout": "10S" });
    const timeoutMs = harness.received[0]!.timeoutMs;
    expect(timeoutMs).toBeGreaterThan(0);
    expect(timeoutMs).toBeLessThanOrEqual(10_000);
  });

  test.each([["0S"], [""]])("%j sets no deadline", async (value) => {
    harness = await startGateway({});
    await send(harness.port, "POST", TERMINATE, undefined, { "Grpc-Timeout": value });
    expect(harness.received[0]!.timeoutMs).toBeUndefined();
  });

  test("a negative timeout has expired before the call", async () => {
    harness = await startGateway({});
    const reply = await send(harness.port, "POST", TERMINATE, undefined, { "Grpc-Timeout": "-1S" });
    expect(harness.received).toEqual([]);
    expect([reply.status, reply.text]).toEqual([504, '{"code":4,"message":"context deadline exceeded","details":[]}']);
  });

  test.each([["abc"], ["5"], ["5x"], ["1.5S"]])("%j is refused before the path is looked at", async (value) => {
    harness = await startGateway({});
    const reply = await send(harness.port, "POST", "/v2/watchtower/client/sessions/terminate/AA", undefined, {
      "Grpc-Timeout": value,
    });
    expect(harness.received).toEqual([]);
    expect([reply.status, reply.text]).toEqual([
      400,
      JSON.stringify({ code: 3, message: `invalid grpc-timeout: ${value}`, details: [] }),
    ]);
  });
});

describe("contextValuesOf", () => {
  const callerKey = createContextKey<string>("nobody", { description: "who the test says is calling" });
  test("gives each call the context values made from its own request", async () => {
    const seen: string[] = [];
    // a transport that records what each call carries (an in-process transport hands these to the implementation)
    const transport: Transport = {
      async unary(method, _signal, _timeoutMs, _header, _input, contextValues) {
        seen.push(contextValues?.get(callerKey) ?? "no context values");
        return {
          stream: false,
          service: method.parent,
          method,
          header: new Headers(),
          trailer: new Headers(),
          message: create(method.output),
        } as never;
      },
      stream: () => Promise.reject(new Error("unary only")),
    };
    const gateway = createRestGateway({
      client: createClient(WatchtowerClient, transport),
      contextValuesOf: (req) => createContextValues().set(callerKey, String(req.headers["x-test-caller"])),
    });
    const server = createServer((req, res) => void gateway(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      for (const caller of ["alice", "bob"])
        expect((await send(port, "POST", TERMINATE, undefined, { "X-Test-Caller": caller })).status).toBe(200);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(seen).toEqual(["alice", "bob"]);
  });
});
