import { watchtowerMethodNames, watchtowerMethods, type WatchtowerMethodName } from "@wtclient/core";
import { afterEach, describe, expect, test } from "vitest";
import { matchRestRoute } from "../src/index.js";
import { send, startGateway, type Harness } from "./gateway-harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// 33 bytes, URL-safe base64 (`_` where standard base64 has `/`)
const KEY = "Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J";
const pathOf = (name: WatchtowerMethodName): string => watchtowerMethods[name].rest.pattern.replace(/\{[a-z_]+\}/, KEY);
const names = watchtowerMethodNames;
const METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"];

describe("every route and method", () => {
  const notAllowed = '{"code":12,"message":"Method Not Allowed","details":[]}';
  // DELETE /v2/watchtower/client/{pubkey} also takes "stats" and "policy" as a (bad) key, as lnd does
  const badKey =
    '{"code":3,"message":"type mismatch, parameter: pubkey, error: illegal base64 data at input byte 4","details":[]}';
  const cases = names.flatMap((name) =>
    METHODS.map((method) => {
      const path = pathOf(name);
      const owner = names.find((n) => watchtowerMethods[n].rest.method === method && pathOf(n) === path);
      if (owner !== undefined) return [method, path, { owner }] as const;
      if (method === "DELETE" && (name === "stats" || name === "policy"))
        return [method, path, { status: 400, text: badKey }] as const;
      return [method, path, { status: 501, text: method === "HEAD" ? "" : notAllowed }] as const;
    }),
  );
  test.each(cases)("%s %s -> %j", async (method, path, expected) => {
    harness = await startGateway({});
    const reply = await send(harness.port, method, path);
    if ("owner" in expected) {
      expect(reply.status).toBe(200);
      expect(harness.received.map((r) => r.method)).toEqual([expected.owner]);
      return;
    }
    expect(harness.received).toEqual([]);
    expect([reply.status, reply.text]).toEqual([expected.status, expected.text]);
  });
});

describe("matchRestRoute", () => {
  const cases: [string, string, ReturnType<typeof matchRestRoute>][] = [
    [
      "POST",
      `/v2/watchtower/client/sessions/terminate/${KEY}`,
      { kind: "match", methodName: "terminateSession", pathValue: KEY },
    ],
    [
      "POST",
      `/v2/watchtower/client/sessions/terminate/${KEY}?x=1`,
      { kind: "match", methodName: "terminateSession", pathValue: KEY },
    ],
    [
      "POST",
      "/v2/watchtower/client/sessions/terminate/",
      { kind: "match", methodName: "terminateSession", pathValue: "" },
    ],
    // legacy unescaping: the mux sees the decoded path, so %2F splits the parameter
    [
      "POST",
      "/v2/watchtower/client/sessions/terminate/Axsl3DzSL%2FXzDP3OVRMMR80fzUKNfRBaajantYOO566J",
      { kind: "not-found" },
    ],
    [
      "POST",
      "/v2/watchtower/client/sessions/terminate/a%2Bb%3D",
      { kind: "match", methodName: "terminateSession", pathValue: "a+b=" },
    ],
    ["GET", "/v2/watchtower/client/info%2Fabc", { kind: "match", methodName: "getTowerInfo", pathValue: "abc" }],
    ["GET", `/v2/watchtower/client/sessions/terminate/${KEY}`, { kind: "method-not-allowed" }],
    ["DELETE", "/v2/watchtower/client", { kind: "method-not-allowed" }],
    ["GET", "/v2/watchtower/client", { kind: "match", methodName: "listTowers" }],
    ["POST", "/v2/watchtower/client", { kind: "match", methodName: "addTower" }],
    ["GET", "/v2/watchtower/client/stats", { kind: "match", methodName: "stats" }],
    // a trailing slash is one more (empty) component
    ["GET", "/v2/watchtower/client/stats/", { kind: "not-found" }],
    ["DELETE", "/v2/watchtower/client/", { kind: "match", methodName: "removeTower", pathValue: "" }],
    ["GET", "/v2/watchtower/client/", { kind: "method-not-allowed" }],
    ["get", "/v2/watchtower/client", { kind: "method-not-allowed" }],
    ["GET", "/v2/watchtower/client/stats/extra", { kind: "not-found" }],
    ["GET", "//v2/watchtower/client", { kind: "not-found" }],
    ["GET", "/v2/watchtower/nonexistent", { kind: "not-found" }],
    ["GET", "/v2/watchtower/client/%zz", { kind: "not-found" }],
    ["GET", "v2/watchtower/client", { kind: "not-found" }],
    // the absolute form routes on its path, as the gateway does
    ["GET", "http://127.0.0.1:8080/v2/watchtower/client/stats?x=1", { kind: "match", methodName: "stats" }],
    ["OPTIONS", "*", { kind: "not-found" }],
  ];
  test.each(cases)("%s %s", (method, path, expected) => {
    expect(matchRestRoute(method, path)).toEqual(expected);
  });
});

describe("request targets Go refuses or routes nowhere", () => {
  test("a bad percent-escape is refused by Go's server itself: plain-text 400", async () => {
    harness = await startGateway({});
    const reply = await send(harness.port, "GET", "/v2/watchtower/client/%zz");
    expect(reply.status).toBe(400);
    expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(reply.text).toBe("400 Bad Request");
  });
  test("`*` reaches the mux without a leading slash: 400 Bad Request envelope", async () => {
    harness = await startGateway({});
    const reply = await send(harness.port, "OPTIONS", "*");
    expect(reply.status).toBe(400);
    expect(reply.text).toBe('{"code":3,"message":"Bad Request","details":[]}');
  });
  test("an absolute-form target is routed on its path", async () => {
    harness = await startGateway({});
    const reply = await send(harness.port, "GET", `http://127.0.0.1:${harness.port}/v2/watchtower/client/stats`);
    expect(reply.status).toBe(200);
    expect(harness.received.map((r) => r.method)).toEqual(["stats"]);
  });
});
