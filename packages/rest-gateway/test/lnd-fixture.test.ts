import { fromJson, type JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { WatchtowerClient } from "@wtclient/core";
import { bytesToHex } from "@wtclient/core/internal";
import { afterEach, describe, expect, test } from "vitest";
import { matchRestRoute } from "../src/index.js";
import { restExchanges, type RestExchange } from "./fixture.js";
import { send, startGateway, type Harness } from "./gateway-harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Replay one exchange: the in-memory server answers what lnd answered, whenever the gateway lets the call through. */
async function replay(x: RestExchange) {
  const route = matchRestRoute(x.method, x.path);
  const answer = (): unknown => {
    if (route.kind !== "match") throw new Error("the gateway called a method for an unroutable request");
    if (x.status !== 200) throw new ConnectError(String(x.body.message), Code.Unknown);
    return fromJson(WatchtowerClient.method[route.methodName].output, x.body as JsonObject);
  };
  harness = await startGateway(Object.fromEntries(Object.keys(WatchtowerClient.method).map((m) => [m, answer])));
  const reply = await send(
    harness.port,
    x.method,
    x.path,
    x.request_body ?? undefined,
    x.request_body === null ? {} : { "content-type": "application/json" },
  );
  return { reply, received: harness.received };
}

const decidedByGateway = restExchanges.filter((x) => x.status === 400 || x.status === 404 || x.status === 501);
const decidedByServer = restExchanges.filter((x) => !decidedByGateway.includes(x));

describe("lnd v0.19.3 capture, answers the gateway decides itself", () => {
  test("the capture has such answers", () => expect(decidedByGateway.length).toBeGreaterThanOrEqual(8));
  test.each(decidedByGateway.map((x) => [x.method, x.path, x.request_body, x] as const))(
    "%s %s %s",
    async (_m, _p, _b, x) => {
      const { reply, received } = await replay(x);
      expect(received).toEqual([]);
      expect(reply.status).toBe(x.status);
      expect(reply.headers["content-type"]).toBe(x.content_type);
      expect(reply.text).toBe(x.body_text);
    },
  );
});

describe("lnd v0.19.3 capture, answers that come from the server", () => {
  test.each(decidedByServer.map((x) => [x.method, x.path, x.request_body, x] as const))(
    "%s %s %s",
    async (_m, _p, _b, x) => {
      const { reply, received } = await replay(x);
      expect(received.map((r) => r.method)).toEqual([
        (matchRestRoute(x.method, x.path) as { methodName: string }).methodName,
      ]);
      expect(reply.status).toBe(x.status);
      expect(reply.headers["content-type"]).toBe(x.content_type);
      expect(reply.json).toEqual(x.body);
      expect(reply.text).toBe(x.body_text);
    },
  );
});

describe("what lnd's server got from the gateway in the capture", () => {
  const find = (method: string, path: string, body: string | null = null): RestExchange => {
    const x = restExchanges.find((e) => e.method === method && e.path === path && e.request_body === body);
    if (x === undefined) throw new Error(`no capture entry ${method} ${path}`);
    return x;
  };
  const cases: [string, RestExchange, Record<string, unknown>][] = [
    [
      "URL-safe session id",
      find("POST", "/v2/watchtower/client/sessions/terminate/Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J"),
      { sessionId: "031b25dc3cd22ff5f30cfdce55130c47cd1fcd428d7d105a6a36a7b5838ee7ae89" },
    ],
    ["empty session id", find("POST", "/v2/watchtower/client/sessions/terminate/"), { sessionId: "" }],
    [
      "32-byte id",
      find("POST", "/v2/watchtower/client/sessions/terminate/AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="),
      { sessionId: "01".repeat(32) },
    ],
    ["policy by name", find("GET", "/v2/watchtower/client/policy?policy_type=ANCHOR"), { policyType: 1 }],
    ["policy by number", find("GET", "/v2/watchtower/client/policy?policy_type=2"), { policyType: 2 }],
    [
      "include flags",
      find("GET", "/v2/watchtower/client?include_sessions=true&exclude_exhausted_sessions=true"),
      { includeSessions: true, excludeExhaustedSessions: true },
    ],
    [
      "remove address",
      find("DELETE", "/v2/watchtower/client/ArAfo8nlcqvLGWdYIdVOm1vXq1TQkFCQnFczh_xxldzv?address=127.0.0.1%3A9999"),
      { address: "127.0.0.1:9999", pubkey: "02b01fa3c9e572abcb19675821d54e9b5bd7ab54d09050909c573387fc7195dcef" },
    ],
    [
      "66-hex pubkey read as base64 (lnd: invalid length 49)",
      find(
        "POST",
        "/v2/watchtower/client",
        restExchanges.find((e) => e.request_body?.includes("02b01fa3") === true)!.request_body,
      ),
      { pubkeyLength: 49, address: "127.0.0.1:9912" },
    ],
  ];
  test.each(cases)("%s", async (_name, x, expected) => {
    const { received } = await replay(x);
    const got = received[0]!.request as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected)) {
      if (key === "pubkeyLength") expect((got.pubkey as Uint8Array).length).toBe(value);
      else expect(got[key] instanceof Uint8Array ? bytesToHex(got[key] as Uint8Array) : got[key]).toEqual(value);
    }
  });
});
