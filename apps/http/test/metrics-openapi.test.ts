import { WatchtowerClient, watchtowerMethods, type WatchtowerMethodName } from "@wtclient/core";
import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
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
import { parsePromText, valueOf } from "./prom-text.js";

describe("/metrics, /openapi.json, /healthz, CORS and limits", () => {
  let lnd: SimHandle;
  let service: ServiceHandle;

  beforeAll(async () => {
    lnd = await startSim();
    service = await startService({
      lnd: lnd.flags,
      passthroughMacaroon: true,
      corsOrigin: "https://app.example",
      bodyLimitBytes: 1024,
    });
  });
  afterAll(async () => {
    await service?.[Symbol.asyncDispose]();
    await lnd?.[Symbol.asyncDispose]();
    expectNoSecrets([lnd.adminHex, readToken.token, writeToken.token]);
  });

  it("counts requests by surface, route and status, and times lnd calls, without credentials in labels", async () => {
    await request(`${service.url}/v2/watchtower/client/stats`, { headers: bearer(readToken.token) });
    await request(`${service.url}/v2/watchtower/client/stats`, { headers: { "grpc-metadata-macaroon": lnd.adminHex } });
    await request(
      `${service.url}/v2/watchtower/client/sessions/terminate/${pathKey(demoKey("session/alpha/legacy"))}`,
      { method: "POST", headers: bearer(readToken.token) },
    );
    await request(`${service.url}/v2/watchtower/nothing-here`, { headers: bearer(readToken.token) });
    await request(`${service.url}/healthz`);
    const res = await request(`${service.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(text).toContain('wtclient_http_requests_total{surface="rest",route="Stats",status="200"} 2');
    expect(text).toContain('wtclient_http_requests_total{surface="rest",route="TerminateSession",status="403"} 1');
    expect(text).toContain('wtclient_http_requests_total{surface="rest",route="unmatched",status="404"} 1');
    expect(text).toContain('wtclient_http_requests_total{surface="service",route="/healthz",status="200"} 1');
    expect(text).toContain('wtclient_http_lnd_call_duration_seconds_count{rpc="Stats",outcome="OK"} 2');
    // label order is the exposition's choice (prom-client puts le first)
    expect(
      valueOf(parsePromText(text), "wtclient_http_lnd_call_duration_seconds_bucket", {
        rpc: "Stats",
        outcome: "OK",
        le: "+Inf",
      }),
    ).toBe(2);
    // the /metrics request itself is in flight while it renders
    expect(text).toMatch(/^wtclient_http_requests_in_flight 1$/m);
    // the service's own series, lnd's watchtower client's, and Node's process metrics (prom-client's defaults)
    for (const line of text.split("\n").filter((l) => l !== "" && !l.startsWith("#"))) {
      expect(line).toMatch(/^(wtclient|process|nodejs)_[a-z0-9_]+(\{[^}]*\})? [0-9.e+-]+$/);
    }
    expect(text).not.toContain(readToken.token);
    expect(text).not.toContain(lnd.adminHex.slice(0, 32));
  });

  it("describes the REST surface as OpenAPI 3.1 generated from the descriptor", async () => {
    const res = await request(`${service.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = res.json as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string;
            parameters: { name: string; in: string }[];
            requestBody?: unknown;
            responses: Record<string, unknown>;
          }
        >
      >;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path: p, method, op })),
    );
    expect(operations.map((o) => o.op.operationId).sort()).toEqual(
      WatchtowerClient.methods.map((m) => `WatchtowerClient_${m.name}`).sort(),
    );
    for (const method of WatchtowerClient.methods) {
      const route = watchtowerMethods[method.localName as WatchtowerMethodName].rest;
      const op = doc.paths[route.pattern]?.[route.method.toLowerCase()];
      expect(op?.operationId).toBe(`WatchtowerClient_${method.name}`);
      expect(op?.responses["200"]).toEqual({
        description: "A successful response.",
        content: { "application/json": { schema: { $ref: `#/components/schemas/${method.output.typeName}` } } },
      });
      expect(op?.responses.default).toMatchObject({
        content: { "application/json": { schema: { $ref: "#/components/schemas/rpcStatus" } } },
      });
      expect(op?.requestBody !== undefined).toBe(route.body);
    }
    const terminate = doc.paths["/v2/watchtower/client/sessions/terminate/{session_id}"]!.post!;
    expect(terminate.parameters).toEqual([expect.objectContaining({ name: "session_id", in: "path", required: true })]);
    const list = doc.paths["/v2/watchtower/client"]!.get!;
    expect(list.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      "query:include_sessions",
      "query:exclude_exhausted_sessions",
    ]);
    const policy = doc.paths["/v2/watchtower/client/policy"]!.get!;
    expect(policy.parameters).toEqual([
      {
        name: "policy_type",
        in: "query",
        required: false,
        schema: { type: "string", enum: ["LEGACY", "ANCHOR", "TAPROOT"], default: "LEGACY" },
      },
    ]);
    const stats = doc.components.schemas["wtclientrpc.StatsResponse"]!;
    expect(Object.keys(stats.properties)).toEqual([
      "num_backups",
      "num_pending_backups",
      "num_failed_backups",
      "num_sessions_acquired",
      "num_sessions_exhausted",
    ]);
    expect(stats.required).toEqual(Object.keys(stats.properties));
    expect(doc.components.schemas["wtclientrpc.Tower"]!.properties.sessions).toEqual({
      type: "array",
      items: { $ref: "#/components/schemas/wtclientrpc.TowerSession" },
      deprecated: true,
    });
    expect(doc.components.schemas["wtclientrpc.AddTowerRequest"]!.properties.pubkey).toEqual({
      type: "string",
      contentEncoding: "base64",
    });
    expect(doc.components.schemas.rpcStatus!.required).toEqual(["code", "message", "details"]);
  });

  it("answers /healthz without credentials", async () => {
    const res = await request(`${service.url}/healthz`);
    expect(res.json).toEqual({ status: "ok" });
  });

  it("answers a CORS preflight from the allowed origin only", async () => {
    const preflight = {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    };
    const ok = await request(`${service.url}/v2/watchtower/client/stats`, preflight);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Grpc-Metadata-Macaroon, Authorization/);
    const other = await request(`${service.url}/v2/watchtower/client/stats`, {
      ...preflight,
      headers: { ...preflight.headers, origin: "https://evil.example" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const call = await request(`${service.url}/v2/watchtower/client/stats`, {
      headers: { origin: "https://app.example", ...bearer(readToken.token) },
    });
    expect(call.status).toBe(200);
    expect(call.headers.get("access-control-allow-origin")).toBe("https://app.example");
  });

  it("refuses a body over the limit with lnd's error", async () => {
    const big = JSON.stringify({ pubkey: Buffer.alloc(33, 2).toString("base64"), address: "x".repeat(2000) });
    const res = await request(`${service.url}/v2/watchtower/client`, {
      method: "POST",
      headers: { ...bearer(writeToken.token), "content-type": "application/json" },
      body: big,
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 3, message: "http: request body too large", details: [] });
  });
});
