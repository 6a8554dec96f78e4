import net from "node:net";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { PolicyType, WatchtowerClient } from "@wtclient/core";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  makeToken,
  pathKey,
  readToken,
  request,
  startService,
  startSim,
  writeToken,
  type ServiceHandle,
  type SimHandle,
} from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

const alpha = demoKey("tower/alpha");
const fresh = demoKey("tower/fresh-for-auth");
const session = demoKey("session/alpha/anchor");

interface Rpc {
  name: string;
  write: boolean;
  method: string;
  path: string;
  body?: string;
}

/** Every RPC over REST; add comes before remove so each credential can run the list in order. */
const rpcs: Rpc[] = [
  {
    name: "AddTower",
    write: true,
    method: "POST",
    path: "/v2/watchtower/client",
    body: JSON.stringify({ pubkey: Buffer.from(fresh, "hex").toString("base64"), address: "192.0.2.9" }),
  },
  {
    name: "DeactivateTower",
    write: true,
    method: "POST",
    path: `/v2/watchtower/client/tower/deactivate/${pathKey(alpha)}`,
  },
  {
    name: "TerminateSession",
    write: true,
    method: "POST",
    path: `/v2/watchtower/client/sessions/terminate/${pathKey(session)}`,
  },
  { name: "RemoveTower", write: true, method: "DELETE", path: `/v2/watchtower/client/${pathKey(fresh)}` },
  { name: "ListTowers", write: false, method: "GET", path: "/v2/watchtower/client?include_sessions=true" },
  { name: "GetTowerInfo", write: false, method: "GET", path: `/v2/watchtower/client/info/${pathKey(alpha)}` },
  { name: "Stats", write: false, method: "GET", path: "/v2/watchtower/client/stats" },
  { name: "Policy", write: false, method: "GET", path: "/v2/watchtower/client/policy" },
];

type Outcome = { status: number; code?: number; message?: string };
const ok: Outcome = { status: 200 };
const unauthenticated: Outcome = { status: 401, code: 16 };
const forbidden: Outcome = { status: 403, code: 7 };
const lndDenied: Outcome = { status: 500, code: 2, message: "permission denied" };

describe("auth", () => {
  let lnd: SimHandle;
  let service: ServiceHandle;
  const unknown = makeToken("nobody", "write");

  beforeAll(async () => {
    lnd = await startSim();
    service = await startService({ lnd: lnd.flags, passthroughMacaroon: true });
  });
  afterAll(async () => {
    await service?.[Symbol.asyncDispose]();
    await lnd?.[Symbol.asyncDispose]();
    expectNoSecrets([lnd.adminHex, lnd.readonlyHex, lnd.invoiceHex, readToken.token, writeToken.token, unknown.token]);
  });

  const credentials: { name: string; headers: () => Record<string, string>; read: Outcome; write: Outcome }[] = [
    { name: "no credentials", headers: () => ({}), read: unauthenticated, write: unauthenticated },
    { name: "unknown token", headers: () => bearer(unknown.token), read: unauthenticated, write: unauthenticated },
    {
      name: "not a bearer token",
      headers: () => ({ authorization: `Basic ${writeToken.token}` }),
      read: unauthenticated,
      write: unauthenticated,
    },
    {
      name: "token and macaroon",
      headers: () => ({ ...bearer(writeToken.token), "grpc-metadata-macaroon": lnd.adminHex }),
      read: unauthenticated,
      write: unauthenticated,
    },
    { name: "read token", headers: () => bearer(readToken.token), read: ok, write: forbidden },
    { name: "write token", headers: () => bearer(writeToken.token), read: ok, write: ok },
    {
      name: "pass-through admin macaroon",
      headers: () => ({ "Grpc-Metadata-macaroon": lnd.adminHex }),
      read: ok,
      write: ok,
    },
    {
      name: "pass-through readonly macaroon",
      headers: () => ({ "Grpc-Metadata-macaroon": lnd.readonlyHex }),
      read: ok,
      write: lndDenied,
    },
    {
      name: "pass-through invoice macaroon",
      headers: () => ({ "Grpc-Metadata-macaroon": lnd.invoiceHex }),
      read: lndDenied,
      write: lndDenied,
    },
  ];

  it.each(credentials)("REST with $name", async (cred) => {
    for (const rpc of rpcs) {
      const headers = { ...cred.headers(), ...(rpc.body !== undefined ? { "content-type": "application/json" } : {}) };
      const res = await request(service.url + rpc.path, {
        method: rpc.method,
        headers,
        ...(rpc.body !== undefined ? { body: rpc.body } : {}),
      });
      const want = rpc.write ? cred.write : cred.read;
      const got: Outcome = { status: res.status };
      if (want.code !== undefined) got.code = (res.json as { code: number }).code;
      if (want.message !== undefined) got.message = (res.json as { message: string }).message;
      expect({ rpc: rpc.name, ...got }).toEqual({ rpc: rpc.name, ...want });
      if (res.status >= 400) expect((res.json as { details: unknown[] }).details).toEqual([]);
      // grpc-gateway's 401 carries the message as WWW-Authenticate
      if (res.status === 401)
        expect(res.headers.get("www-authenticate")).toBe((res.json as { message: string }).message);
    }
  });

  it("audits each write with the caller, the target and lnd's outcome", () => {
    const all = service.log.records().filter((r) => r.audit === true);
    const denied = all.filter((r) => String(r.outcome).startsWith("denied: "));
    const audit = all.filter((r) => !denied.includes(r));
    // refused before lnd: no credentials, an unknown token, not a bearer token, token and macaroon, then the read token
    expect(denied.filter((r) => r.rpc === "TerminateSession").map((r) => r.caller)).toEqual([
      "unauthenticated",
      "unauthenticated",
      "unauthenticated",
      "unauthenticated",
      "reader",
    ]);
    expect(denied.find((r) => r.caller === "reader" && r.rpc === "TerminateSession")).toMatchObject({
      surface: "rest",
      route: "POST /v2/watchtower/client/sessions/terminate/{session_id}",
      outcome: 'denied: token "reader" has read scope; TerminateSession needs write',
    });
    const terminations = audit.filter((r) => r.rpc === "TerminateSession");
    // write token, admin macaroon (ok) and readonly/invoice macaroons (lnd refused); never the refused tokens
    expect(terminations.map((r) => [r.caller, r.outcome])).toEqual([
      ["writer", "ok"],
      ["macaroon", "ok"],
      ["macaroon", "permission denied"],
      ["macaroon", "permission denied"],
    ]);
    for (const r of terminations) {
      expect(r).toMatchObject({
        target: session,
        surface: "rest",
        route: "POST /v2/watchtower/client/sessions/terminate/{session_id}",
      });
      expect(typeof r.lndLatencyMs).toBe("number");
      expect(typeof r.time).toBe("string");
    }
    expect(new Set(audit.map((r) => r.rpc))).toEqual(
      new Set(["AddTower", "DeactivateTower", "TerminateSession", "RemoveTower"]),
    );
    expect(audit.filter((r) => r.rpc === "AddTower")[0]).toMatchObject({ target: fresh, outcome: "ok" });
  });

  describe("the RPC decides the scope, not the spelling of the path", () => {
    const id = pathKey(session);
    const tricks: { name: string; method: string; path: string; headers?: Record<string, string>; status: number }[] = [
      {
        name: "percent-encoded letters",
        method: "POST",
        path: `/v2/watchtower/client/sessions/%74erminate/${id}`,
        status: 403,
      },
      {
        name: "percent-encoded slash",
        method: "POST",
        path: `/v2/watchtower/client/sessions%2Fterminate/${id}`,
        status: 403,
      },
      { name: "upper case", method: "POST", path: `/V2/watchtower/client/sessions/terminate/${id}`, status: 404 },
      { name: "trailing slash", method: "POST", path: `/v2/watchtower/client/sessions/terminate/${id}/`, status: 404 },
      { name: "double slash", method: "POST", path: `//v2/watchtower/client/sessions/terminate/${id}`, status: 404 },
      {
        name: "method override to GET",
        method: "POST",
        path: `/v2/watchtower/client/sessions/terminate/${id}`,
        headers: { "X-HTTP-Method-Override": "GET" },
        status: 403,
      },
      {
        name: "method override to POST",
        method: "GET",
        path: `/v2/watchtower/client/sessions/terminate/${id}`,
        headers: { "X-HTTP-Method-Override": "POST" },
        status: 501,
      },
      {
        name: "query on a path-only route",
        method: "POST",
        path: `/v2/watchtower/client/sessions/terminate/${id}?method=GET`,
        status: 403,
      },
      {
        name: "Connect path in another case",
        method: "POST",
        path: "/wtclientrpc.watchtowerclient/TerminateSession",
        headers: { "content-type": "application/json" },
        status: 404,
      },
    ];
    it.each(tricks)("$name", async (t) => {
      const res = await request(service.url + t.path, {
        method: t.method,
        headers: { ...bearer(readToken.token), ...t.headers },
      });
      expect(res.status).toBe(t.status);
    });

    /** One raw HTTP/1.1 request (no client-side URL normalisation); resolves to the status line. */
    const rawRequest = (target: string): Promise<string> => {
      const { port } = new URL(service.url);
      return new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), "127.0.0.1", () => {
          socket.end(
            `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${readToken.token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
          );
        });
        let data = "";
        socket.on("data", (d: Buffer) => (data += d.toString("utf8")));
        socket.on("end", () => resolve(data.split("\r\n")[0]!));
        socket.on("error", reject);
      });
    };

    it.each([
      {
        name: "absolute-form target",
        target: () => `${service.url}/v2/watchtower/client/sessions/terminate/${id}`,
        status: "403 Forbidden",
      },
      {
        name: "dot segment",
        target: () => `/v2/watchtower/client/stats/../sessions/terminate/${id}`,
        status: "404 Not Found",
      },
      {
        name: "dot segment, encoded",
        target: () => `/v2/watchtower/client/stats/%2E%2E/sessions/terminate/${id}`,
        status: "404 Not Found",
      },
    ])("a raw $name cannot reach a write RPC with a read token", async ({ target, status }) => {
      expect(await rawRequest(target())).toBe(`HTTP/1.1 ${status}`);
    });
  });

  describe("Connect", () => {
    const headerInterceptor =
      (headers: Record<string, string>): Interceptor =>
      (next) =>
      (req) => {
        for (const [k, v] of Object.entries(headers)) req.header.set(k, v);
        return next(req);
      };
    const clientWith = (headers: Record<string, string>) =>
      createClient(
        WatchtowerClient,
        createConnectTransport({
          baseUrl: service.url,
          httpVersion: "1.1",
          interceptors: [headerInterceptor(headers)],
        }),
      );
    const codeOf = async (call: Promise<unknown>): Promise<Code | "ok"> =>
      call.then(
        () => "ok" as const,
        (e: unknown) => ConnectError.from(e).code,
      );

    it.each([
      { name: "no credentials", headers: () => ({}), read: Code.Unauthenticated, write: Code.Unauthenticated },
      {
        name: "unknown token",
        headers: () => bearer(unknown.token),
        read: Code.Unauthenticated,
        write: Code.Unauthenticated,
      },
      { name: "read token", headers: () => bearer(readToken.token), read: "ok" as const, write: Code.PermissionDenied },
      { name: "write token", headers: () => bearer(writeToken.token), read: "ok" as const, write: "ok" as const },
      {
        name: "admin macaroon",
        headers: () => ({ macaroon: lnd.adminHex }),
        read: "ok" as const,
        write: "ok" as const,
      },
      {
        name: "readonly macaroon",
        headers: () => ({ "grpc-metadata-macaroon": lnd.readonlyHex }),
        read: "ok" as const,
        write: Code.Unknown,
      },
    ])("$name", async (cred) => {
      const client = clientWith(cred.headers());
      const key = Buffer.from(session, "hex");
      expect(await codeOf(client.stats({}))).toBe(cred.read);
      expect(await codeOf(client.policy({ policyType: PolicyType.ANCHOR }))).toBe(cred.read);
      expect(await codeOf(client.listTowers({}))).toBe(cred.read);
      expect(await codeOf(client.terminateSession({ sessionId: key }))).toBe(cred.write);
      expect(await codeOf(client.deactivateTower({ pubkey: Buffer.from(alpha, "hex") }))).toBe(cred.write);
    });
  });

  it("never takes credentials from Grpc-Metadata-* headers the gateway forwards", async () => {
    const res = await request(`${service.url}/v2/watchtower/client/stats`, {
      headers: { "Grpc-Metadata-macaroon": lnd.readonlyHex, "Grpc-Metadata-Authorization": `Bearer ${unknown.token}` },
    });
    expect(res.status).toBe(200);
  });

  it("passes the caller's macaroon through lnd's REST transport too", async () => {
    await using overRest = await startService({
      lnd: lnd.flags,
      transport: "rest",
      tokens: [],
      passthroughMacaroon: true,
    });
    const stats = await request(`${overRest.url}/v2/watchtower/client/stats`, {
      headers: { "Grpc-Metadata-macaroon": lnd.readonlyHex },
    });
    expect(stats.status).toBe(200);
    const terminate = await request(`${overRest.url}/v2/watchtower/client/sessions/terminate/${pathKey(session)}`, {
      method: "POST",
      headers: { "Grpc-Metadata-macaroon": lnd.readonlyHex },
    });
    expect(terminate.json).toEqual({ code: 2, message: "permission denied", details: [] });
  });

  it("refuses every call when no way in is configured", async () => {
    await using bare = await startService({ lnd: lnd.flags, tokens: [] });
    const res = await request(`${bare.url}/v2/watchtower/client/stats`, { headers: bearer(writeToken.token) });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ code: 16, message: "bearer tokens are not enabled on this service", details: [] });
    const none = await request(`${bare.url}/v2/watchtower/client/stats`);
    expect(none.json).toMatchObject({ code: 16, message: expect.stringMatching(/^no way in is configured/) });
    const mac = await request(`${bare.url}/v2/watchtower/client/stats`, {
      headers: { "grpc-metadata-macaroon": lnd.adminHex },
    });
    expect(mac.status).toBe(401);
  });

  it("--insecure-no-auth on loopback lets callers without credentials in", async () => {
    await using open = await startService({ lnd: lnd.flags, tokens: [], insecureNoAuth: true });
    const res = await request(`${open.url}/v2/watchtower/client/stats`);
    expect(res.status).toBe(200);
    expect(res.json).toHaveProperty("num_backups");
  });
});
