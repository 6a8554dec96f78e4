import { Agent } from "node:http";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import { WatchtowerClient } from "@wtclient/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sendHttp, startGatewayServer, type GatewayServer } from "../src/index.js";

// Found by the random call headers of gateway-fuzz: a Grpc-Timeout longer than Node's timer range
// (2^31-1 ms, about 596.5 hours) reaches connect as timeoutMs, and Node fires such a timer after 1 ms
// (TimeoutOverflowWarning). lnd (Go's context.WithTimeout) waits the whole 597 hours.
const service = createRouterTransport(({ service: s }) =>
  s(WatchtowerClient, {
    // a service that takes a moment, as lnd does: any real deadline is far away
    stats: async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return {};
    },
  }),
);
let server: GatewayServer;
const agent = new Agent({ keepAlive: true });
beforeAll(async () => {
  server = await startGatewayServer(createClient(WatchtowerClient, service), () => undefined);
});
afterAll(async () => {
  agent.destroy();
  await server?.close();
});

const stats = (timeout: string) =>
  sendHttp(
    agent,
    server.port,
    { method: "GET", target: "/v2/watchtower/client/stats", headers: { "grpc-timeout": timeout } },
    10_000,
  );

it("a Grpc-Timeout of 596 hours lets the call finish", async () => {
  expect((await stats("596H")).status).toBe(200);
});

// a deadline past what a Node timer can hold (2^31-1 ms) once fired after 1 ms
it("a Grpc-Timeout of 597 hours lets the call finish", async () => {
  expect((await stats("597H")).status).toBe(200);
});
