import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  pathKey,
  rawRequest,
  startService,
  startSim,
  type HttpAnswer,
  type ServiceHandle,
  type SimHandle,
  writeToken,
} from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

// what a page on another site (or on this machine, another port) makes a browser send: simple
// requests go out without a preflight, carrying the page's Origin; after DNS rebinding the browser
// also sends the attacker's name as Host. Real HTTP requests with exactly those headers; a real
// browser's refusal belongs to the web console's browser tests.
const alpha = demoKey("tower/alpha");
const newcomer = demoKey("tower/cross-site");
const addBody = JSON.stringify({ pubkey: Buffer.from(newcomer, "hex").toString("base64"), address: "192.0.2.44:9911" });

describe("cross-site writes with --insecure-no-auth", () => {
  let lnd: SimHandle;
  let service: ServiceHandle;
  let port: string;
  let own: string;

  beforeAll(async () => {
    lnd = await startSim();
    service = await startService({
      lnd: lnd.flags,
      tokens: [],
      insecureNoAuth: true,
      allowedHosts: ["proxy.example"],
      corsOrigin: "https://console.example",
    });
    port = new URL(service.url).port;
    own = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await service?.[Symbol.asyncDispose]();
    await lnd?.[Symbol.asyncDispose]();
    expectNoSecrets([lnd.adminHex]);
  });

  const deactivate = (headers: Record<string, string>, body?: string): Promise<HttpAnswer> =>
    rawRequest(service.url, {
      method: "POST",
      path: `/v2/watchtower/client/tower/deactivate/${pathKey(alpha)}`,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
  const add = (headers: Record<string, string>): Promise<HttpAnswer> =>
    rawRequest(service.url, {
      method: "POST",
      path: "/v2/watchtower/client",
      headers: { "content-length": String(Buffer.byteLength(addBody)), ...headers },
      body: addBody,
    });
  const state = () => ({
    towers: lnd.sim.model.towers().map((t) => [t.pubkey, t.active]),
    calls: { ...lnd.sim.calls },
  });

  it.each([
    {
      name: "text/plain from another site",
      headers: () => ({ host: `127.0.0.1:${port}`, origin: "http://evil.test", "content-type": "text/plain" }),
      status: 403,
    },
    {
      name: "a form from another site",
      headers: () => ({
        host: `127.0.0.1:${port}`,
        origin: "http://evil.test",
        "content-type": "application/x-www-form-urlencoded",
      }),
      status: 403,
    },
    {
      name: "text/plain from another port of this machine",
      headers: () => ({ host: `127.0.0.1:${port}`, origin: "http://127.0.0.1:1", "content-type": "text/plain" }),
      status: 403,
    },
    {
      name: "text/plain after DNS rebinding (foreign Host, same origin)",
      headers: () => ({ host: `evil.test:${port}`, origin: `http://evil.test:${port}`, "content-type": "text/plain" }),
      status: 403,
    },
    {
      name: "JSON after DNS rebinding",
      headers: () => ({
        host: `evil.test:${port}`,
        origin: `http://evil.test:${port}`,
        "content-type": "application/json",
      }),
      status: 403,
    },
    {
      name: "text/plain from this service's own origin",
      headers: () => ({ host: `127.0.0.1:${port}`, origin: own, "content-type": "text/plain" }),
      status: 415,
    },
    {
      name: "text/plain without an Origin",
      headers: () => ({ host: `127.0.0.1:${port}`, "content-type": "text/plain" }),
      status: 415,
    },
    {
      name: "the Origin null of a sandboxed page",
      headers: () => ({ host: `127.0.0.1:${port}`, origin: "null", "content-type": "application/json" }),
      status: 403,
    },
  ])("$name: refused, nothing changes", async ({ headers, status }) => {
    const before = state();
    for (const res of [await deactivate(headers(), "{}"), await add(headers())]) {
      expect(res.status).toBe(status);
      expect(res.json).toEqual({ code: status === 403 ? 7 : 3, message: expect.any(String), details: [] });
    }
    expect(state()).toEqual(before);
  });

  it("a foreign Host cannot read either (DNS rebinding), and is told which names work", async () => {
    const res = await rawRequest(service.url, {
      method: "GET",
      path: "/v2/watchtower/client",
      headers: { host: `evil.test:${port}` },
    });
    expect(res.status).toBe(403);
    expect((res.json as { message: string }).message).toMatch(
      /^Host evil\.test is not a name of this service \(.*127\.0\.0\.1.*\); a proxy's name can be allowed with --allowed-host$/,
    );
    const health = await rawRequest(service.url, { method: "GET", path: "/healthz", headers: { host: "evil.test" } });
    expect(health.status).toBe(403);
  });

  it("same-origin JSON works (the console), as do non-browser clients, the CORS origin and an allowed proxy name", async () => {
    const deactivated = await deactivate(
      { host: `127.0.0.1:${port}`, origin: own, "content-type": "application/json" },
      "{}",
    );
    expect(deactivated.status).toBe(200);
    expect(lnd.sim.model.towers().find((t) => t.pubkey === alpha)?.active).toBe(false);

    const added = await add({
      host: `localhost:${port}`,
      origin: `http://localhost:${port}`,
      "content-type": "application/json",
    });
    expect(added.status).toBe(200);
    expect(lnd.sim.model.towers().some((t) => t.pubkey === newcomer)).toBe(true);

    // curl and friends: no Origin; a bodyless POST needs no content type
    expect((await deactivate({ host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await add({ host: `127.0.0.1:${port}`, "content-type": "application/json" })).status).toBe(200);
    expect(
      (await add({ host: "proxy.example", origin: "https://console.example", "content-type": "application/json" }))
        .status,
    ).toBe(200);
    // audit lines name the anonymous caller
    expect(
      service.log
        .records()
        .filter((r) => r.audit === true && r.rpc === "AddTower" && r.outcome === "ok")
        .map((r) => r.caller),
    ).toEqual(["anonymous", "anonymous", "anonymous"]);
  });

  it("the Connect surface: same-origin JSON works, a foreign origin gets a Connect error", async () => {
    const path = "/wtclientrpc.WatchtowerClient/DeactivateTower";
    const body = JSON.stringify({ pubkey: Buffer.from(alpha, "hex").toString("base64") });
    const ok = await rawRequest(service.url, {
      method: "POST",
      path,
      headers: { host: `127.0.0.1:${port}`, origin: own, "content-type": "application/json" },
      body,
    });
    expect(ok.status).toBe(200);
    const refused = await rawRequest(service.url, {
      method: "POST",
      path,
      headers: { host: `127.0.0.1:${port}`, origin: "http://evil.test", "content-type": "application/json" },
      body,
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      code: "permission_denied",
      message: expect.stringMatching(/^cross-origin POST from http:\/\/evil\.test refused/),
    });
  });
});

// lnd's REST docs write with `curl -X POST --header "Grpc-Metadata-macaroon: ..." -d '{...}'` (a form type) and
// Python's `requests.post(url, headers=..., data=json.dumps(...))` (no type at all); lnd reads either body as JSON.
// A credential header already makes a browser preflight the request, so these must work as they do against lnd.
describe("lnd's documented REST clients, which send a credential header with any content type", () => {
  let lnd: SimHandle;
  let passthrough: ServiceHandle;
  let tokens: ServiceHandle;

  beforeAll(async () => {
    lnd = await startSim();
    passthrough = await startService({ lnd: lnd.flags, passthroughMacaroon: true });
    tokens = await startService({ lnd: lnd.flags });
  });
  afterAll(async () => {
    await passthrough?.[Symbol.asyncDispose]();
    await tokens?.[Symbol.asyncDispose]();
    await lnd?.[Symbol.asyncDispose]();
    expectNoSecrets([lnd.adminHex, writeToken.token]);
  });

  const deactivate = (service: ServiceHandle, headers: Record<string, string>) =>
    rawRequest(service.url, {
      method: "POST",
      path: `/v2/watchtower/client/tower/deactivate/${pathKey(alpha)}`,
      headers: { host: new URL(service.url).host, "content-length": "2", ...headers },
      body: "{}",
    });

  it.each<{ name: string; type: Record<string, string> }>([
    { name: "curl -d (a form type)", type: { "content-type": "application/x-www-form-urlencoded" } },
    { name: "Python requests (no type)", type: {} },
    { name: "text/plain", type: { "content-type": "text/plain" } },
  ])("$name with a macaroon or a bearer token reaches lnd", async ({ type }) => {
    const before = lnd.sim.calls.DeactivateTower ?? 0;
    const viaMacaroon = await deactivate(passthrough, { "grpc-metadata-macaroon": lnd.adminHex, ...type });
    expect(viaMacaroon.status).toBe(200);
    const viaToken = await deactivate(tokens, { authorization: `Bearer ${writeToken.token}`, ...type });
    expect(viaToken.status).toBe(200);
    expect(lnd.sim.calls.DeactivateTower).toBe(before + 2);
  });

  it("a credential header does not let another origin write", async () => {
    const before = lnd.sim.calls.DeactivateTower ?? 0;
    const res = await deactivate(passthrough, {
      "grpc-metadata-macaroon": lnd.adminHex,
      origin: "http://evil.test",
      "content-type": "application/json",
    });
    expect(res.status).toBe(403);
    expect(lnd.sim.calls.DeactivateTower ?? 0).toBe(before);
  });
});
