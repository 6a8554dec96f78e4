import { Agent } from "node:http";
import { equals, toJsonString } from "@bufbuild/protobuf";
import { watchtowerMethodNames, watchtowerMethods } from "@wtclient/core";
import { restRequestOf } from "@wtclient/core/internal";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createEchoClient,
  propertyRuns,
  randomWatchtowerRequest,
  sendHttp,
  startGatewayServer,
  type GatewayFault,
  type GatewayServer,
} from "../src/index.js";

const echo = createEchoClient();
const faults: GatewayFault[] = [];
let server: GatewayServer;
beforeAll(async () => {
  server = await startGatewayServer(echo.client, (f) => faults.push(f));
});
afterAll(async () => {
  await server?.close();
});

// one HTTP round trip per run: minutes on a loaded machine
it(
  "every request restRequestOf lays out reaches the service behind lnd's gateway unchanged",
  { timeout: 600_000 },
  async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const seen = new Set<string>();
    const property = fc.asyncProperty(randomWatchtowerRequest(), async ({ method, schema, message }) => {
      const route = watchtowerMethods[method].rest;
      const rest = restRequestOf(route, schema, message);
      echo.calls.length = 0;
      const reply = await sendHttp(
        agent,
        server.port,
        { method: route.method, target: rest.path, ...(rest.body === undefined ? {} : { body: rest.body }) },
        10_000,
      );
      expect(reply.status, reply.text).toBe(200);
      expect(echo.calls.map((c) => c.method)).toEqual([method]);
      const decoded = echo.calls[0]!.request;
      expect(
        equals(schema, decoded, message),
        `sent ${toJsonString(schema, message)}, decoded ${toJsonString(schema, decoded)}`,
      ).toBe(true);
      seen.add(method);
    });
    try {
      await fc.assert(property, propertyRuns);
    } finally {
      agent.destroy();
    }
    expect(faults).toEqual([]);
    expect(seen.size).toBe(watchtowerMethodNames.length);
  },
);
